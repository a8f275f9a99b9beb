"""Alignment scorers: per-relation precision/recall/F1 of claim labels, a confusion matrix, and pair F1."""

from collections.abc import Mapping, Sequence
from typing import Any

from evals.scorers.agreement import confusion, prf
from evals.scorers.registry import Metric, Scored, mean, scorer

# One task per alignment method, scored alike: ``alignment`` (the model, rules beside it) and ``alignment_hybrid``.
ALIGNMENT_TASKS = ["alignment", "alignment_hybrid"]

RELATIONS = ("agree", "conflict", "unique")
_RANK = {r: i for i, r in enumerate(("unique", "agree", "conflict"))}
# Logs written before "compatible" was folded into agreements (an agreement with a detail note).
_LEGACY = {"compatible": "agree"}


def claim_labels(output: Mapping[str, Any] | None) -> dict[str, str]:
    """Each claim's strongest predicted relation (conflict > agree); claims in no pair are unique."""
    labels: dict[str, str] = {}
    for key in (output or {}).get("unique", []):
        labels[key] = "unique"
    for pair in (output or {}).get("pairs", []):
        for key in (pair["left"], pair["right"]):
            current = labels.get(key, "unique")
            relation = _LEGACY.get(pair["relation"], pair["relation"])
            if _RANK[relation] > _RANK[current]:
                labels[key] = relation
    return labels


def _labels(item: Scored) -> tuple[list[str], list[str]]:
    labels = claim_labels(item.output)
    gold = list(item.case.gold["labels"].values())
    predicted = [labels.get(key, "unique") for key in item.case.gold["labels"]]
    return gold, predicted


def _gold_and_predicted(items: Sequence[Scored]) -> tuple[list[str], list[str], dict[str, float]]:
    """Every case's claim labels pooled, and per case the share of its claims labelled right."""
    gold: list[str] = []
    predicted: list[str] = []
    per_case: dict[str, float] = {}
    for item in items:
        g, p = _labels(item)
        gold += g
        predicted += p
        if g:
            per_case[item.case.case_id] = sum(a == b for a, b in zip(g, p, strict=True)) / len(g)
    return gold, predicted, per_case


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float | None:
    """Mean F1 over the relations present in the gold labels."""
    table = per_relation(gold, predicted)
    return mean([float(table[r]["f1"] or 0.0) for r in RELATIONS if table[r]["support"]])


def per_relation(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, dict[str, float | int | None]]:
    table: dict[str, dict[str, float | int | None]] = {}
    for relation in RELATIONS:
        tp = sum(g == p == relation for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == relation != g for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == relation != p for g, p in zip(gold, predicted, strict=True))
        r = prf(tp, fp, fn)
        table[relation] = {"precision": r.precision, "recall": r.recall, "f1": r.f1, "support": tp + fn}
    return table


@scorer("alignment_macro_f1", tasks=ALIGNMENT_TASKS)
def alignment_macro_f1(items: Sequence[Scored]) -> Metric:
    """Macro F1 of claim-level relations over the relations present in the gold labels (confusion in detail).

    ``per_case`` holds each case's own macro F1, so one pair can be gated on its own (``[case]`` in thresholds)."""
    gold, predicted, _ = _gold_and_predicted(items)
    table = per_relation(gold, predicted)
    per_case = {}
    for item in items:
        g, p = _labels(item)
        value = macro_f1(g, p) if g else None
        if value is not None:
            per_case[item.case.case_id] = value
    return Metric(
        name="alignment_macro_f1",
        value=macro_f1(gold, predicted),
        n=len(gold),
        per_case=per_case,
        detail={"labels": list(RELATIONS), "confusion": confusion(gold, predicted, RELATIONS), "per_relation": table},
    )


def _relation_f1(items: Sequence[Scored], relation: str) -> Metric:
    gold, predicted, _ = _gold_and_predicted(items)
    row = per_relation(gold, predicted)[relation]
    f1 = row["f1"]
    support = int(row["support"] or 0)
    return Metric(name=f"alignment_{relation}_f1", value=None if f1 is None else float(f1), n=support, detail=row)


@scorer("alignment_agree_f1", tasks=ALIGNMENT_TASKS)
def alignment_agree_f1(items: Sequence[Scored]) -> Metric:
    """F1 of claims labelled as reported by both articles."""
    return _relation_f1(items, "agree")


@scorer("alignment_conflict_f1", tasks=ALIGNMENT_TASKS)
def alignment_conflict_f1(items: Sequence[Scored]) -> Metric:
    """F1 of claims labelled as contradicted by the other article."""
    return _relation_f1(items, "conflict")


@scorer("alignment_pair_f1", tasks=ALIGNMENT_TASKS)
def alignment_pair_f1(items: Sequence[Scored]) -> Metric:
    """F1 of (claim, claim, relation) pairs on cases whose gold names the partner claims (hand-labelled pairs)."""
    tp = fp = fn = 0
    per_case: dict[str, float] = {}
    for item in items:
        gold_pairs = item.case.gold.get("pairs") or []
        if not gold_pairs:
            continue
        gold = {(frozenset((p["left"], p["right"])), p["relation"]) for p in gold_pairs}
        pred = {(frozenset((p["left"], p["right"])), p["relation"]) for p in (item.output or {}).get("pairs", [])}
        hits = len(gold & pred)
        tp, fp, fn = tp + hits, fp + len(pred) - hits, fn + len(gold) - hits
        per_case[item.case.case_id] = prf(hits, len(pred) - hits, len(gold) - hits).f1 or 0.0
    result = prf(tp, fp, fn)
    return Metric(
        name="alignment_pair_f1",
        value=result.f1 if tp + fp + fn else None,
        n=tp + fn,
        per_case=per_case,
        detail={"precision": result.precision, "recall": result.recall},
    )
