"""Held-out check of the support gate on PropSegmEnt: is each proposition of one article entailed by the other?

Neither head ever sees PropSegmEnt, so these are out-of-sample figures for the decision the product makes on
model-written text: the deterministic check alone (``check_support``: names, numbers and a third of the words in
the evidence) against the full gate (``check_generated``: plus misplaced values and the checker's entailment at
the cut chosen on WiCE), in both of its modes: against the whole premise article (a headline, a summary) and
against a cited span (a key point, a claim: the premise sentences the raters aligned for an entailed
proposition, else the premise sentences that cover it best). A proposition labelled ENTAILS by the raters'
majority should pass; NEITHER or CONTRADICTS should not; NO_MAJORITY rows are left out.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

from service.consistency.checker import ConsistencyChecker
from service.consistency.document import DocumentIndex
from service.consistency.features import select_evidence
from service.grounding import check_generated, check_support
from service.normalise.tokens import content_tokens

FILE = "propsegment_wiki/dev.jsonl"
LABELS = {"ENTAILS": True, "NEITHER": False, "CONTRADICTS": False}


@dataclass(frozen=True)
class Proposition:
    text: str
    premise: str  # the whole premise article
    span: str  # the premise sentences it would cite ("" when none covers any of its words)
    entailed: bool


def _premise(record: dict[str, Any]) -> tuple[str, DocumentIndex]:
    article = next(a for a in record["articles"] if a.get("role") == "premise")
    text = article["text"]
    offsets = article.get("sentence_char_offsets")
    document = DocumentIndex([text[s:e] for s, e in offsets]) if offsets else DocumentIndex.from_text(text)
    return text, document


def propositions(path: Path) -> Iterator[Proposition]:
    """Every labelled proposition of the alignment pairs, with its premise and the span it would cite."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            if record.get("task") != "cross_doc_alignment":
                continue
            premise, document = _premise(record)
            gold = {item["prop_id"]: item for item in record["gold"]["items"]}
            for item in record["candidate"]["items"]:
                label = gold.get(item["prop_id"], {}).get("label")
                if label not in LABELS:
                    continue
                text = str(item["text"])
                aligned = {e["sentence_index"] for e in gold[item["prop_id"]].get("premise_evidence", [])}
                if not (LABELS[label] and aligned):
                    aligned = set(select_evidence(content_tokens(text), document))
                chosen = sorted(aligned)
                span = " ".join(document.sentences[i].text for i in chosen if 0 <= i < len(document.sentences))
                yield Proposition(text, premise, span, LABELS[label])


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
    entailed = np.array([p.entailed for p in rows])
    scores = np.array([checker.entails_in(p.text, p.premise) for p in rows])
    article = {
        "check_support": _rates(np.array([check_support(p.text, p.premise).supported for p in rows]), entailed),
        "check_generated": _rates(
            np.array([check_generated(p.text, p.premise, against="article", checker=checker).supported for p in rows]),
            entailed,
        ),
    }
    cited = [p for p in rows if p.span]
    cited_entailed = np.array([p.entailed for p in cited])
    span = {
        "propositions": len(cited),
        "check_support": _rates(np.array([check_support(p.text, p.span).supported for p in cited]), cited_entailed),
        "check_generated": _rates(
            np.array([check_generated(p.text, p.span, checker=checker).supported for p in cited]), cited_entailed
        ),
    }
    return {
        "file": FILE,
        "propositions": len(rows),
        "entailed": int(entailed.sum()),
        "entails_in_auc": round(float(roc_auc_score(entailed, scores)), 4) if 0 < entailed.sum() < len(rows) else None,
        "against_article": article,
        "against_span": span,
    }
