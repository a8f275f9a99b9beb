"""Decision cut points of the checker, chosen on out-of-fold probabilities of the dev files (never the seeds).

Two decisions use the support head's probabilities directly: ``entails`` (is a model-written statement backed by
the span it cites? P(supported) against the span alone) and fact presence (does a document state a fact? P(not
supported) against the whole document). Each cut is the one that maximises balanced accuracy of the out-of-fold
probabilities, so the row being decided never helped fit the head that scored it.
"""

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.model_selection import StratifiedGroupKFold

from evals.training.data import Example
from evals.training.fit import SignedModel

SUPPORT_ORDER = ("not_supported", "partially_supported", "supported")


def best_cut(scores: np.ndarray, positive: np.ndarray) -> tuple[float, float]:
    """The threshold t (predict positive when score >= t) with the best balanced accuracy, halfway between two
    observed scores so it does not sit on a training row; returns (t, balanced accuracy)."""
    values = np.unique(scores)
    candidates = np.concatenate([[values[0] - 1e-6], (values[:-1] + values[1:]) / 2, [values[-1] + 1e-6]])
    best = (0.5, -1.0)
    for cut in candidates:
        predicted = scores >= cut
        recall_pos = float(np.mean(predicted[positive])) if positive.any() else 0.0
        recall_neg = float(np.mean(~predicted[~positive])) if (~positive).any() else 0.0
        accuracy = (recall_pos + recall_neg) / 2
        if accuracy > best[1]:
            best = (float(cut), accuracy)
    return best


def out_of_fold(examples: Sequence[Example], folds: int, repeats: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per repeat and row: P(not_supported) against the document and P(supported) against the row's span (NaN
    without a span), each from a support head fitted on the other folds; plus the gold labels."""
    x = np.array([e.vector for e in examples], dtype=float)
    y = np.array([e.label for e in examples])
    groups = np.array([e.group for e in examples])
    has_span = np.array([e.span_vector is not None for e in examples])
    spans = np.array([e.span_vector if e.span_vector is not None else e.vector for e in examples], dtype=float)
    absent = np.full((repeats, len(y)), np.nan)
    entailed = np.full((repeats, len(y)), np.nan)
    for seed in range(repeats):
        for train, test in StratifiedGroupKFold(folds, shuffle=True, random_state=seed).split(x, y, groups):
            model = SignedModel(SUPPORT_ORDER).fit(x[train], y[train])
            absent[seed, test] = model.probabilities(x[test])[:, 0]
            entailed[seed, test] = np.where(has_span[test], model.probabilities(spans[test])[:, 2], np.nan)
    return absent, entailed, y


def decision_cuts(examples: Sequence[Example], folds: int, repeats: int) -> dict[str, Any]:
    """``entailed_at`` (supported vs the rest, claim against its span) and ``fact_absent_at`` (not_supported vs
    the rest, claim against the document), each with its out-of-fold balanced accuracy."""
    absent, entailed, y = out_of_fold(examples, folds, repeats)
    labels = np.tile(y, repeats)
    cut, accuracy = best_cut(absent.ravel(), labels == "not_supported")
    fact = {"value": round(cut, 4), "oof_balanced_accuracy": round(accuracy, 4),
            "task": "not_supported vs the rest, claim against the whole document"}  # fmt: skip
    scored = ~np.isnan(entailed.ravel())
    scores, supported = entailed.ravel()[scored], (labels == "supported")[scored]
    cut, accuracy = best_cut(scores, supported)
    entail: dict[str, Any] = {
        "value": round(cut, 4),
        "oof_balanced_accuracy": round(accuracy, 4),
        "supported_rejected_share": round(float(np.mean(scores[supported] < cut)), 4),
        "not_supported_accepted_share": round(float(np.mean(scores[labels[scored] == "not_supported"] >= cut)), 4),
        "rows": int(scored.sum() // repeats),
        "task": "supported vs the rest, claim against its span (first gold evidence set, else selected sentences)",
        "chosen_on": "wice/dev.jsonl, out-of-fold",
    }
    fact["chosen_on"] = entail["chosen_on"]
    return {"entailed_at": entail, "fact_absent_at": fact}
