"""Extraction scorers: precision and recall of produced claims against labelled claims (lexical matcher)."""

from collections.abc import Sequence

from evals.scorers.agreement import prf
from evals.scorers.matching import pair_claims
from evals.scorers.registry import Metric, Scored, scorer
from evals.scorers.summary import EXTRACTION_TASKS, shown_items


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


@scorer("extraction_precision", tasks=EXTRACTION_TASKS)
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


@scorer("extraction_recall", tasks=EXTRACTION_TASKS)
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


@scorer("extraction_f1", tasks=EXTRACTION_TASKS)
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


@scorer("kind_accuracy", tasks=EXTRACTION_TASKS)
def kind_accuracy(items: Sequence[Scored]) -> Metric:
    """Among produced claims matched to a labelled claim with a kind, the share whose kind (fact, quote, opinion,
    prediction) agrees with the label."""
    right = total = 0
    per_case: dict[str, float] = {}
    for item in items:
        predicted = list(shown_items(item.output))
        gold = list(item.case.gold["claims"])
        pairing = pair_claims([c.get("text", "") for c in predicted], [g["text"] for g in gold])
        labelled = [(predicted[p], gold[g]) for p, g, _ in pairing.pairs if gold[g].get("kind")]
        hits = sum(p.get("kind") == g["kind"] for p, g in labelled)
        right, total = right + hits, total + len(labelled)
        if labelled:
            per_case[item.case.case_id] = hits / len(labelled)
    return Metric(name="kind_accuracy", value=right / total if total else None, n=total, per_case=per_case)
