"""Extraction scorers: precision and recall of produced claims against labelled claims (lexical matcher)."""

from collections.abc import Sequence

from evals.scorers.agreement import prf
from evals.scorers.matching import pair_claims
from evals.scorers.registry import Metric, Scored, scorer
from evals.scorers.summary import shown_items


def _pairings(items: Sequence[Scored]) -> tuple[int, int, int, dict[str, tuple[int, int, int]]]:
    tp = fp = fn = 0
    per_case: dict[str, tuple[int, int, int]] = {}
    for item in items:
        predicted = [c.get("text", "") for c in shown_items(item.output)]
        gold = [c["text"] for c in item.case.gold["claims"]]
        pairing = pair_claims(predicted, gold)
        matched = len(pairing.pairs)
        case = (matched, len(predicted) - matched, len(gold) - matched)
        per_case[item.case.case_id] = case
        tp, fp, fn = tp + case[0], fp + case[1], fn + case[2]
    return tp, fp, fn, per_case


@scorer("extraction_precision", tasks=["extraction"])
def extraction_precision(items: Sequence[Scored]) -> Metric:
    """Share of produced claims that match a labelled claim (one to one, token-set ratio >= threshold)."""
    tp, fp, fn, cases = _pairings(items)
    per_case = {k: prf(*v).precision for k, v in cases.items()}
    return Metric(
        name="extraction_precision",
        value=prf(tp, fp, fn).precision,
        n=tp + fp,
        per_case={k: v for k, v in per_case.items() if v is not None},
    )


@scorer("extraction_recall", tasks=["extraction"])
def extraction_recall(items: Sequence[Scored]) -> Metric:
    """Share of labelled claims matched by a produced claim."""
    tp, fp, fn, cases = _pairings(items)
    per_case = {k: prf(*v).recall for k, v in cases.items()}
    return Metric(
        name="extraction_recall",
        value=prf(tp, fp, fn).recall,
        n=tp + fn,
        per_case={k: v for k, v in per_case.items() if v is not None},
    )


@scorer("extraction_f1", tasks=["extraction"])
def extraction_f1(items: Sequence[Scored]) -> Metric:
    """Harmonic mean of extraction precision and recall (micro over claims)."""
    tp, fp, fn, cases = _pairings(items)
    per_case = {k: prf(*v).f1 for k, v in cases.items()}
    return Metric(
        name="extraction_f1",
        value=prf(tp, fp, fn).f1,
        n=tp + fp + fn,
        per_case={k: v for k, v in per_case.items() if v is not None},
        detail={"tp": tp, "fp": fp, "fn": fn},
    )
