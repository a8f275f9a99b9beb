"""The trained consistency checker as an eval method: SummEdits consistency, WiCE support, seed fact presence."""

from collections.abc import Sequence
from typing import Any

from evals.suite import Case
from evals.tasks.windows import sentence_spans
from schemas.article import Article
from service.consistency.checker import default_checker, fact_present
from service.consistency.document import DocumentIndex

# Parameters carry CV scores from grouped folds of these very files; the eval re-scores the shipped (all-rows)
# fit, which is in-sample on dev. The cross-validated figure is the one to quote (evals/README.md).


def _document(case: Case, articles: Sequence[Article]) -> DocumentIndex:
    text = articles[0].cleaned_text
    return DocumentIndex([text[s:e] for s, e in sentence_spans(text, case.documents[0].sentence_spans)])


def _candidate(case: Case) -> str:
    return str((case.candidate or {})["text"])


async def classifier_consistency(case: Case, articles: Sequence[Article]) -> dict[str, Any]:
    verdict = default_checker().check_consistency(_candidate(case), _document(case, articles))
    return {
        "label": verdict.label,
        "sentence_ids": verdict.evidence,
        "p": round(verdict.probabilities["consistent"], 4),
    }


async def classifier_support(case: Case, articles: Sequence[Article]) -> dict[str, Any]:
    verdict = default_checker().check_support(_candidate(case), _document(case, articles))
    return {"label": verdict.label, "sentence_ids": verdict.evidence}


async def classifier_match(case: Case, articles: Sequence[Article]) -> dict[str, Any]:
    """Fact presence from the fact's own wording only (never the hand-written ``any_of`` phrasings)."""
    document = DocumentIndex([s.text for s in articles[0].sentences])
    return {"verdicts": {f["id"]: fact_present(str(f["fact"]), document) for f in case.gold["facts"]}}
