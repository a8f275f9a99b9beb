"""Controlled-edit scorers: is the edit reported as the right conflict type, and are other conflicts invented?"""

from collections.abc import Mapping, Sequence
from typing import Any

from evals.scorers.agreement import balanced_accuracy, confusion
from evals.scorers.registry import Metric, Scored, scorer

TYPES = ("numeric", "date_time", "entity", "attribution", "negation", "other", "none")
NONE = "none"


def edit_span(item: Scored) -> tuple[int, int] | None:
    """Where the replacement text sits in the cleaned edited article (the second text), if anywhere."""
    replace = str(item.case.gold.get("replace") or "")
    text = item.texts[1] if len(item.texts) > 1 else ""
    start = text.find(replace) if replace else -1
    return None if start < 0 else (start, start + len(replace))


def _touches(pair: Mapping[str, Any], span: tuple[int, int] | None) -> bool:
    if span is None:
        return False
    for key, side in (("left", "left_span"), ("right", "right_span")):
        offsets = pair.get(side)
        if str(pair.get(key, "")).startswith("edited/") and offsets and offsets[0] < span[1] and offsets[1] > span[0]:
            return True
    return False


def predicted_type(item: Scored) -> tuple[str, int]:
    """The type of the conflict reported on the edited sentence ('none' if none), and how many others were reported."""
    conflicts = [p for p in (item.output or {}).get("pairs", []) if p.get("relation") == "conflict"]
    span = edit_span(item)
    on_edit = [p for p in conflicts if _touches(p, span)]
    label = str(on_edit[0].get("conflict_type") or "other") if on_edit else NONE
    return label, len(conflicts) - len(on_edit)


@scorer("conflict_type_balanced_accuracy", tasks=["conflict"])
def conflict_type_balanced_accuracy(items: Sequence[Scored]) -> Metric:
    """Balanced accuracy of the conflict type found on the edited sentence ('none' for harmless edits)."""
    gold = [str(i.case.gold["conflict_type"]) for i in items]
    predicted = [predicted_type(i)[0] if i.output is not None else "error" for i in items]
    labels = [*TYPES, "error"]
    return Metric(
        name="conflict_type_balanced_accuracy",
        value=balanced_accuracy(gold, predicted),
        n=len(items),
        per_case={i.case.case_id: float(g == p) for i, g, p in zip(items, gold, predicted, strict=True)},
        detail={"labels": labels, "confusion": confusion(gold, predicted, labels)},
    )


@scorer("conflict_detection_recall", tasks=["conflict"])
def conflict_detection_recall(items: Sequence[Scored]) -> Metric:
    """Share of real edits (not 'none') on which some conflict is reported, whatever its type."""
    real = [i for i in items if i.case.gold["conflict_type"] != NONE]
    hits = [float(i.output is not None and predicted_type(i)[0] != NONE) for i in real]
    return Metric(name="conflict_detection_recall", value=sum(hits) / len(hits) if hits else None, n=len(hits))


@scorer("spurious_conflict_rate", tasks=["conflict"], higher_is_better=False)
def spurious_conflict_rate(items: Sequence[Scored]) -> Metric:
    """Share of cases reporting a conflict anywhere but the edit (a copy of an article conflicts with nothing)."""
    scored = [i for i in items if i.output is not None]
    bad = [float(predicted_type(i)[1] > 0 or (i.case.gold["conflict_type"] == NONE and predicted_type(i)[0] != NONE))
           for i in scored]  # fmt: skip
    return Metric(name="spurious_conflict_rate", value=sum(bad) / len(bad) if bad else None, n=len(bad))
