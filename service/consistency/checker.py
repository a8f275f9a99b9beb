"""The trained checker at run time: plain JSON parameters (no pickle, no scikit-learn), pure-Python arithmetic.

``check_consistency`` labels a summary against a document (the SummEdits head), ``check_support`` labels a claim
against cited text (the WiCE head) and names its evidence sentences, ``entails(statement, evidence_text)`` is the
support head's probability that the evidence fully supports the statement, ``entailed`` compares it with the cut
chosen on dev, ``fact_present`` says whether a text states a fact. Both cuts are chosen by the trainer on
out-of-fold WiCE dev probabilities (``evals/training/cuts.py``) and stored in the parameter file.
"""

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from service.consistency.document import DocumentIndex
from service.consistency.features import FEATURE_NAMES, StatementFeatures, select_evidence, statement_features
from service.normalise.tokens import content_tokens
from service.segment import split_sentences

PARAMS_VERSION = 1
PARAMS_PATH = Path(__file__).parent / "params" / f"consistency.v{PARAMS_VERSION}.json"
ENTAILED = "supported"


class ParamsError(ValueError):
    """The parameter file does not match this code (version or feature list): retrain with evals/training."""


@dataclass(frozen=True)
class Head:
    """One score ``w . z`` over standardised features and ordered cut points: the classes run from least to most
    backed, and P(class >= k) = sigmoid(score - cut[k-1]). Two classes make it a plain logistic regression."""

    classes: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    cutpoints: tuple[float, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Head":
        if data.get("kind") != "cumulative_logit":
            raise ParamsError(f"unknown head kind {data.get('kind')!r}")
        head = cls(
            classes=tuple(data["classes"]),
            mean=tuple(data["mean"]),
            scale=tuple(data["scale"]),
            coef=tuple(data["coef"]),
            cutpoints=tuple(data["cutpoints"]),
        )
        widths = {len(head.mean), len(head.scale), len(head.coef)}
        if widths != {len(FEATURE_NAMES)} or len(head.cutpoints) != len(head.classes) - 1:
            raise ParamsError("parameter shapes do not match the feature list")
        return head

    def score(self, vector: Sequence[float]) -> float:
        return sum(w * (v - m) / s for w, v, m, s in zip(self.coef, vector, self.mean, self.scale, strict=True))

    def probabilities(self, vector: Sequence[float]) -> dict[str, float]:
        score = self.score(vector)
        at_least = [1.0] + [_sigmoid(score - cut) for cut in self.cutpoints] + [0.0]
        return {c: max(0.0, at_least[i] - at_least[i + 1]) for i, c in enumerate(self.classes)}


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-max(-60.0, min(60.0, x))))


@dataclass(frozen=True)
class Verdict:
    label: str
    probabilities: dict[str, float]
    evidence: list[int]  # 0-based sentence indices of the document that back the statement best
    features: dict[str, float]


class ConsistencyChecker:
    def __init__(self, heads: dict[str, Head], meta: dict[str, Any]) -> None:
        self.heads = heads
        self.meta = meta
        decisions = meta.get("decisions") or {}
        try:
            # P(supported) against the cited span at which a statement counts as entailed by it, and
            # P(not_supported) against a document at which a fact counts as absent from it.
            self.entailed_at = float(decisions["entailed_at"]["value"])
            self.fact_absent_at = float(decisions["fact_absent_at"]["value"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ParamsError("no decision cuts in the parameters: run python -m evals.training.consistency") from exc

    @classmethod
    def load(cls, path: Path = PARAMS_PATH) -> "ConsistencyChecker":
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != PARAMS_VERSION:
            raise ParamsError(f"{path.name}: version {data.get('version')}, this code reads {PARAMS_VERSION}")
        if tuple(data.get("features", ())) != FEATURE_NAMES:
            raise ParamsError(f"{path.name}: trained on other features; run python -m evals.training.consistency")
        heads = {name: Head.from_json(head) for name, head in data["heads"].items()}
        return cls(heads, {k: v for k, v in data.items() if k != "heads"})

    def _verdict(self, head: str, features: StatementFeatures) -> Verdict:
        probabilities = self.heads[head].probabilities(features.vector())
        label = max(probabilities, key=lambda c: probabilities[c])
        return Verdict(label, probabilities, features.evidence, features.values)

    def check_consistency(self, summary: str, document: DocumentIndex) -> Verdict:
        """consistent / inconsistent: is every statement of ``summary`` backed by ``document``?"""
        return self._verdict("consistency", statement_features(summary, document))

    def check_support(self, claim: str, document: DocumentIndex) -> Verdict:
        """supported / partially_supported / not_supported, with the sentences that back the claim."""
        return self._verdict("support", statement_features(claim, document))

    def fact_present(self, fact: str, document: DocumentIndex) -> bool:
        """Does ``document`` state ``fact``? Present unless the support head gives "not_supported" at least
        ``fact_absent_at``."""
        return self.check_support(fact, document).probabilities["not_supported"] < self.fact_absent_at

    def entails(self, statement: str, evidence_text: str) -> float:
        """Probability that ``evidence_text`` fully supports ``statement`` (the support head: its coverage weights
        hold on any text; the SummEdits head mostly looks for swapped values, see evals/README.md)."""
        verdict = self.check_support(statement, DocumentIndex.from_text(evidence_text))
        return verdict.probabilities[ENTAILED]

    def entails_in(self, statement: str, document_text: str) -> float:
        """``entails`` for a statement that cites no span (a headline, a summary): each of its sentences against
        the few sentences of the document that cover it best (``select_evidence``); the weakest sentence counts."""
        document = DocumentIndex.from_text(document_text)
        parts = [s.text for s in split_sentences(statement)] or [statement]
        scores = []
        for part in parts:
            chosen = select_evidence(content_tokens(part), document)
            span = " ".join(document.sentences[i].text for i in chosen)
            scores.append(self.entails(part, span) if span else 0.0)
        return min(scores)

    def entailed(self, probability: float) -> bool:
        """Is an ``entails`` probability at or above the cut chosen on dev (``entailed_at``)?"""
        return probability >= self.entailed_at


@lru_cache(maxsize=1)
def default_checker() -> ConsistencyChecker:
    return ConsistencyChecker.load()


def fact_present(fact: str, document: DocumentIndex) -> bool:
    return default_checker().fact_present(fact, document)


def entails(statement: str, evidence_text: str) -> float:
    """Probability (0..1) that ``evidence_text`` entails ``statement``, under the shipped parameters."""
    return default_checker().entails(statement, evidence_text)
