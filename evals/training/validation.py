"""Held-out check of the support gate on PropSegmEnt: is each proposition of one article entailed by the other?

Neither head ever sees PropSegmEnt, so these are out-of-sample figures for the decision the product makes on
model-written text: the deterministic check alone (``check_support``: names, numbers and a third of the words in
the evidence) against the full gate (``check_generated`` with ``against="article"``: plus misplaced values and the
checker's entailment at the cut chosen on WiCE). A proposition labelled ENTAILS by the raters' majority should
pass; NEITHER or CONTRADICTS should not; NO_MAJORITY rows are left out.
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

from service.consistency.checker import ConsistencyChecker
from service.grounding import check_generated, check_support

FILE = "propsegment_wiki/dev.jsonl"
LABELS = {"ENTAILS": True, "NEITHER": False, "CONTRADICTS": False}


def propositions(path: Path) -> Iterator[tuple[str, str, bool]]:
    """(proposition, premise article text, entailed) for every labelled proposition of the alignment pairs."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            if record.get("task") != "cross_doc_alignment":
                continue
            premise = next(a["text"] for a in record["articles"] if a.get("role") == "premise")
            gold = {item["prop_id"]: item["label"] for item in record["gold"]["items"]}
            for item in record["candidate"]["items"]:
                label = gold.get(item["prop_id"])
                if label in LABELS:
                    yield str(item["text"]), premise, LABELS[label]


def _rates(passed: np.ndarray, entailed: np.ndarray) -> dict[str, float]:
    return {
        "balanced_accuracy": round(float(np.mean(passed[entailed]) + np.mean(~passed[~entailed])) / 2, 4),
        "entailed_rejected_share": round(float(np.mean(~passed[entailed])), 4),
        "not_entailed_accepted_share": round(float(np.mean(passed[~entailed])), 4),
    }


def validate_gate(checker: ConsistencyChecker, data_dir: Path) -> dict[str, Any] | None:
    path = data_dir / FILE
    if not path.exists():
        return None
    rows = list(propositions(path))
    entailed = np.array([e for _, _, e in rows])
    scores = np.array([checker.entails_in(text, premise) for text, premise, _ in rows])
    deterministic = np.array([check_support(text, premise, premise).supported for text, premise, _ in rows])
    gate = np.array(
        [check_generated(text, premise, premise, against="article", checker=checker).supported
         for text, premise, _ in rows]
    )  # fmt: skip
    return {
        "file": FILE,
        "propositions": len(rows),
        "entailed": int(entailed.sum()),
        "entails_auc": round(float(roc_auc_score(entailed, scores)), 4),
        "check_support": _rates(deterministic, entailed),
        "check_generated": _rates(gate, entailed),
    }
