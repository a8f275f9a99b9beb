"""Agreement statistics over labels: confusion matrices, balanced accuracy, Cohen's kappa, precision/recall/F1."""

from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PRF:
    precision: float | None
    recall: float | None
    f1: float | None
    tp: int
    fp: int
    fn: int


def prf(tp: int, fp: int, fn: int) -> PRF:
    """Precision/recall/F1; a ratio with an empty denominator is None, not 0 or 1."""
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    if precision is None or recall is None:
        f1 = None
    else:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1, tp, fp, fn)


def set_f1(predicted: Collection[Hashable], gold: Collection[Hashable]) -> float:
    """F1 of two sets; two empty sets agree perfectly."""
    p, g = set(predicted), set(gold)
    if not p and not g:
        return 1.0
    tp = len(p & g)
    return 2 * tp / (len(p) + len(g))


def confusion(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    """Rows are gold labels, columns predicted labels, both in ``labels`` order; other labels are dropped."""
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, predicted, strict=True):
        if g in index and p in index:
            matrix[index[g]][index[p]] += 1
    return matrix


def balanced_accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float | None:
    """Mean per-class recall over the gold classes present; a prediction outside them counts as wrong."""
    classes = sorted(set(gold))
    if not classes:
        return None
    recalls = []
    for label in classes:
        rows = [p for g, p in zip(gold, predicted, strict=True) if g == label]
        recalls.append(sum(p == label for p in rows) / len(rows))
    return sum(recalls) / len(recalls)


def cohen_kappa(gold: Sequence[str], predicted: Sequence[str]) -> float | None:
    """Chance-corrected agreement of two raters; None when it is undefined (one class only on both sides)."""
    n = len(gold)
    if n == 0:
        return None
    observed = sum(g == p for g, p in zip(gold, predicted, strict=True)) / n
    labels = set(gold) | set(predicted)
    expected = sum((gold.count(label) / n) * (predicted.count(label) / n) for label in labels)
    if expected == 1.0:
        return None
    return (observed - expected) / (1 - expected)


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float | None:
    if not gold:
        return None
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
