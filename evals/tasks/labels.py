"""Judge tasks on public labels: summary consistency (SummEdits) and claim support (WiCE), with lexical baselines."""

from collections.abc import Sequence
from typing import Any

from evals.suite import Case
from evals.tasks.checker import classifier_consistency, classifier_support
from evals.tasks.judges import judge_consistency, judge_support
from evals.tasks.registry import TaskResult, TaskSpec, register
from evals.tasks.windows import content_words, sentence_spans
from schemas.article import Article
from service.llm.protocol import ModelGateway

# Lexical support thresholds: share of the claim's content words found in its best sentences.
SUPPORTED_COVERAGE = 0.85
PARTIAL_COVERAGE = 0.5
EVIDENCE_SENTENCES = 3


def _sentences(case: Case, articles: Sequence[Article]) -> list[str]:
    text = articles[0].cleaned_text
    return [text[s:e] for s, e in sentence_spans(text, case.documents[0].sentence_spans)]


def _claim(case: Case) -> str:
    return str((case.candidate or {})["text"])


async def run_consistency(case: Case, articles: Sequence[Article], llm: ModelGateway) -> TaskResult:
    staged = await judge_consistency(_sentences(case, articles), _claim(case), llm)
    return TaskResult(staged.value.model_dump(), list(staged.calls))


async def lexical_consistency(case: Case, articles: Sequence[Article]) -> dict[str, Any]:
    """Consistent iff every content word of the summary occurs in the document (edits add unseen words)."""
    missing = content_words(_claim(case)) - content_words(articles[0].cleaned_text)
    return {"label": "inconsistent" if missing else "consistent", "sentence_ids": [], "missing": sorted(missing)}


async def run_support(case: Case, articles: Sequence[Article], llm: ModelGateway) -> TaskResult:
    staged = await judge_support(_sentences(case, articles), _claim(case), llm)
    return TaskResult(staged.value.model_dump(), list(staged.calls))


async def lexical_support(case: Case, articles: Sequence[Article]) -> dict[str, Any]:
    """Label by how many of the claim's content words the best few sentences cover; those sentences are evidence."""
    wanted = content_words(_claim(case))
    sentences = _sentences(case, articles)
    overlap = sorted(
        ((len(wanted & content_words(s)), i) for i, s in enumerate(sentences)), key=lambda t: (-t[0], t[1])
    )
    evidence = sorted(i for n, i in overlap[:EVIDENCE_SENTENCES] if n > 0)
    covered: set[str] = set()
    for i in evidence:
        covered |= wanted & content_words(sentences[i])
    coverage = len(covered) / len(wanted) if wanted else 0.0
    if coverage >= SUPPORTED_COVERAGE:
        label = "supported"
    elif coverage >= PARTIAL_COVERAGE:
        label = "partially_supported"
    else:
        label = "not_supported"
    return {"label": label, "sentence_ids": evidence if label != "not_supported" else [], "coverage": coverage}


register(
    TaskSpec(
        "consistency",
        run_consistency,
        lexical_consistency,
        "lexical_overlap",
        clean=False,
        description="Is the summary consistent with the document (SummEdits)?",
        methods={"classifier": classifier_consistency},
    )
)
register(
    TaskSpec(
        "support",
        run_support,
        lexical_support,
        "lexical_overlap",
        clean=False,
        description="Is the claim supported by the cited text, by which sentences (WiCE)?",
        methods={"classifier": classifier_support},
    )
)
