"""Fit long documents into a judge's context: sentence spans and overlap-ranked sentence windows."""

import re
from collections.abc import Sequence

from service.llm.protocol import ModelGateway
from service.normalise.tokens import STOPWORDS, fold, stem
from service.pipeline.prompt_input import PROMPT_OVERHEAD_TOKENS
from service.segment import split_sentences

# Words and numbers ("30,000", "3.5") as written; words are folded, stemmed and stopword-filtered by the service's
# one set of text primitives, so the evals' overlap means what grounding and alignment mean by it.
_WORD = re.compile(r"[A-Za-z0-9]+(?:[.,'][A-Za-z0-9]+)*")
# A CPU-only 135M model reads ~200 prompt tokens/s; more document than this makes a judge call slow for no gain.
DOC_TOKEN_CAP = 1500


def estimate_tokens(text: str) -> int:
    """A deliberately high estimate (3 characters a token) so a window never overflows the context."""
    return len(text) // 3 + 1


def content_words(text: str) -> set[str]:
    """Content words (stemmed) and numbers of ``text``; stopwords and reporting verbs dropped."""
    words = (m.group(0) for m in _WORD.finditer(fold(text)))
    return {w if w[0].isdigit() else stem(w) for w in words if w not in STOPWORDS}


def sentence_spans(text: str, given: Sequence[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """The dataset's own segmentation when it has one, else the service's sentence splitter."""
    return list(given) if given is not None else [(s.start, s.end) for s in split_sentences(text)]


def token_budget(llm: ModelGateway, role: str = "judge", cap: int = DOC_TOKEN_CAP) -> int:
    """Tokens left for the document: context minus the answer's max_tokens and the prompt's own text."""
    config = llm.role_config(role)
    room = config.context_tokens - config.decoding.max_tokens - PROMPT_OVERHEAD_TOKENS
    return max(64, min(cap, room))


def select_window(sentences: Sequence[str], query: str, budget_tokens: int) -> list[int]:
    """Indices (in document order) of the sentences sharing most words with ``query`` that fit the budget.

    Ties go to earlier sentences, so with no overlap at all this is the document's lead.
    """
    if sum(estimate_tokens(s) + 2 for s in sentences) <= budget_tokens:
        return list(range(len(sentences)))  # the whole document: same prefix for every query, so the server reuses it
    wanted = content_words(query)
    ranked = sorted(range(len(sentences)), key=lambda i: (-len(wanted & content_words(sentences[i])), i))
    chosen: list[int] = []
    used = 0
    for index in ranked:
        cost = estimate_tokens(sentences[index]) + 2
        if used + cost > budget_tokens:
            continue
        chosen.append(index)
        used += cost
    return sorted(chosen)


def numbered(sentences: Sequence[str], indices: Sequence[int]) -> str:
    """``[id] sentence`` lines with 1-based ids as the judge sees them (id = dataset index + 1)."""
    return "\n".join(f"[{i + 1}] {' '.join(sentences[i].split())[:1200]}" for i in indices)
