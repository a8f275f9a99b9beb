"""How an article is shown to the model: grounding mode, numbered sentences, and chunks that fit the context."""

from schemas.article import Article, Sentence
from service.chunking import chunk_sentences
from service.ingest.injection import redact, unflagged
from service.settings import GroundingMode, RoleConfig

# Conservative for English news with BPE tokenisers (SmolLM2 measured ~4.3 chars/token on the seeds).
CHARS_PER_TOKEN = 3.5
# Room for instructions, schema and the answer's JSON punctuation around the article itself.
PROMPT_OVERHEAD_TOKENS = 450


def grounding_mode(role: RoleConfig, override: GroundingMode | None = None) -> GroundingMode:
    """Explicit choice, else the role's, else sentence ids for the embedded model (measured better), else quotes."""
    if override is not None:
        return override
    if role.grounding is not None:
        return role.grounding
    return "sentences" if role.is_embedded else "quotes"


def numbered(sentences: list[Sentence]) -> str:
    return "\n".join(f"[{s.id}] {s.text}" for s in sentences)


def plain(article: Article, sentences: list[Sentence]) -> str:
    """The chunk's span of the cleaned text (all of it when the chunk is the whole article), flagged
    (instruction-shaped) sentences replaced by a marker."""
    if not sentences:
        return ""
    return redact(article, sentences[0].start, sentences[-1].end)


def chunk_budget_chars(role: RoleConfig) -> int:
    tokens = role.context_tokens - role.decoding.max_tokens - PROMPT_OVERHEAD_TOKENS
    return max(int(tokens * CHARS_PER_TOKEN), 800)


def plan_chunks(article: Article, role: RoleConfig) -> list[list[Sentence]]:
    """One chunk when the article fits the role's context; otherwise consecutive sentence groups that do.

    Flagged sentences (text addressing a model) are never shown as article text, so never cited either.
    """
    budget = chunk_budget_chars(role)
    sentences = unflagged(article.sentences)
    # Numbered rendering adds "[123] " and a newline per sentence.
    total = sum(len(s.text) + 7 for s in sentences)
    if total <= budget:
        return [sentences]
    return chunk_sentences(sentences, max_chars=budget)


def prompt_text(article: Article, chunk: list[Sentence], mode: GroundingMode) -> dict[str, str]:
    """Template variables for the article; ``language`` makes ``render`` say which language to answer in."""
    if mode == "sentences":
        return {"numbered_text": numbered(chunk), "text": "", "language": article.language}
    return {"numbered_text": "", "text": plain(article, chunk), "language": article.language}
