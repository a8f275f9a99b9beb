"""Train the consistency checker on the dev files: grouped k-fold CV scores, then the fitted JSON parameters.

    python -m evals.training.consistency [--data ../shared/data] [--out service/consistency/params/...]

Two heads over one feature set: ``consistency`` (SummEdits: consistent / inconsistent) and ``support`` (WiCE:
not_supported < partially_supported < supported). Each is a standardised, sign-constrained logistic model with
balanced class weights (binary, or cumulative-logit for the ordered WiCE labels; see ``fit.py``). Folds are
grouped by ``split_key`` so edits of one summary never sit on both sides of a split. Only cross-validated scores
are reported; the final fit on all rows is what gets saved, as plain JSON.
"""

import argparse
import json
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import StratifiedGroupKFold

from evals.training.cuts import decision_cuts
from evals.training.data import Example, read_examples, sha256_file
from evals.training.fit import C, SignedModel
from evals.training.validation import validate_gate
from service.consistency.checker import PARAMS_PATH, PARAMS_VERSION, ConsistencyChecker, Head
from service.consistency.features import FEATURE_NAMES

FILES = {"consistency": "summedits_news/dev.jsonl", "support": "wice/dev.jsonl"}
ORDER = {
    "consistency": ("inconsistent", "consistent"),
    "support": ("not_supported", "partially_supported", "supported"),
}
FOLDS = 5
REPEATS = 3


def _arrays(examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.array([e.vector for e in examples], dtype=float)
    y = np.array([e.label for e in examples])
    groups = np.array([e.group for e in examples])
    return x, y, groups


def cross_validate(head: str, examples: Sequence[Example]) -> dict[str, Any]:
    """Balanced accuracy of out-of-fold predictions, ``REPEATS`` shuffles of ``FOLDS`` grouped folds."""
    x, y, groups = _arrays(examples)
    scores = []
    for seed in range(REPEATS):
        predicted = np.empty(len(y), dtype=object)
        for train, test in StratifiedGroupKFold(FOLDS, shuffle=True, random_state=seed).split(x, y, groups):
            predicted[test] = SignedModel(ORDER[head]).fit(x[train], y[train]).predict(x[test])
        scores.append(float(balanced_accuracy_score(y, predicted)))
    return {
        "balanced_accuracy_mean": round(float(np.mean(scores)), 4),
        "balanced_accuracy_per_repeat": [round(s, 4) for s in scores],
        "folds": FOLDS,
        "repeats": REPEATS,
        "grouped_by": "split_key",
        "rows": len(y),
        "groups": len(set(groups.tolist())),
        "labels": {str(k): int(v) for k, v in zip(*np.unique(y, return_counts=True), strict=True)},
    }


def evidence_f1(examples: Sequence[Example]) -> float | None:
    """Evidence sentences (not learned: greedy cover) vs the closest gold set, on claims with gold evidence."""
    f1s = []
    for e in examples:
        if e.label == "not_supported" or not e.gold_evidence:
            continue
        predicted = set(e.evidence)
        best = 0.0
        for gold in e.gold_evidence:
            hits = len(predicted & set(gold))
            best = max(best, 2 * hits / (len(predicted) + len(gold)) if predicted or gold else 0.0)
        f1s.append(best)
    return round(float(np.mean(f1s)), 4) if f1s else None


def train(data_dir: Path) -> dict[str, Any]:
    heads: dict[str, Any] = {}
    decisions: dict[str, Any] = {}
    training: dict[str, Any] = {}
    for head, relative in FILES.items():
        path = data_dir / relative
        examples = [e for e in read_examples(path) if e.head == head]
        x, y, _ = _arrays(examples)
        cv = cross_validate(head, examples)
        if head == "support":
            cv["evidence_f1"] = evidence_f1(examples)
            decisions |= decision_cuts(examples, FOLDS, REPEATS)
        heads[head] = SignedModel(ORDER[head]).fit(x, y).params()
        training[head] = {"file": relative, "sha256": sha256_file(path), "cv": cv}
    params: dict[str, Any] = {
        "version": PARAMS_VERSION,
        "model": "standardised sign-constrained logistic / cumulative-logit regression, balanced class weights",
        "C": C,
        "features": list(FEATURE_NAMES),
        "heads": heads,
        "decisions": decisions,
        "training": training,
        "trained": datetime.now(UTC).date().isoformat(),
    }
    fitted = ConsistencyChecker({name: Head.from_json(h) for name, h in heads.items()}, params)
    params["decisions"]["entailed_at"]["held_out"] = validate_gate(fitted, data_dir)
    return params


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("FACTALIGN_EVAL_DATA", "../shared/data")))
    parser.add_argument("--out", type=Path, default=PARAMS_PATH)
    args = parser.parse_args(argv)
    params = train(args.data)
    args.out.write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
    for head, info in params["training"].items():
        print(head, json.dumps(info["cv"]))
    for name, decision in params["decisions"].items():
        print(name, json.dumps(decision))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
