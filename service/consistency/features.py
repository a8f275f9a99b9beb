"""Deterministic features of a statement against a document: coverage, novelty, missing values, negation, rules.

Every feature is computed per sentence of the statement and aggregated by its worst sentence, so one invented
number in a three-sentence summary is not averaged away.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from schemas.article import Article
from schemas.claims import Claim
from schemas.evidence import Evidence, SupportCheck
from service.alignment.checks import compare_claims
from service.alignment.features import IdfTable, claim_features, names_match
from service.consistency.document import DocumentIndex, bigrams, quantity_values, time_values
from service.normalise.names import find_names
from service.normalise.negation import negation_cues, polarity
from service.normalise.tokens import content_tokens
from service.segment import split_sentences

MAX_EVIDENCE = 3
MIN_GAIN = 0.15  # a further evidence sentence must add this share of the statement's weight
# Name, ordered; the JSON parameter file records this list and the loader refuses a different one.
FEATURE_NAMES = (
    "cov_doc",
    "cov_evidence",
    "cov_top1",
    "novel_tokens",
    "novel_bigrams",
    "novel_bigrams_evidence",
    "numbers_missing",
    "numbers_missing_evidence",
    "times_missing",
    "names_missing",
    "names_missing_evidence",
    "negation_mismatch",
    "negation_added",
    "char_similarity",
    "rules_conflict",
    "rules_agree",
    "length",
)
# Which way each feature may push the verdict (+1: towards "backed", -1: against, 0: either): the trainer keeps
# every learned weight on its side, so the checker cannot learn a dataset's quirks as if they were evidence.
FEATURE_SIGNS = {
    "cov_doc": 1,
    "cov_evidence": 1,
    "cov_top1": 1,
    "novel_tokens": -1,
    "novel_bigrams": -1,
    "novel_bigrams_evidence": -1,
    "numbers_missing": -1,
    "numbers_missing_evidence": -1,
    "times_missing": -1,
    "names_missing": -1,
    "names_missing_evidence": -1,
    "negation_mismatch": -1,
    "negation_added": -1,
    "char_similarity": 1,
    "rules_conflict": -1,
    "rules_agree": 1,
    "length": 0,
}
_WORST = {"cov_doc": min, "cov_evidence": min, "cov_top1": min, "char_similarity": min, "rules_agree": min}


@dataclass(frozen=True)
class StatementFeatures:
    values: dict[str, float]
    evidence: list[int]  # 0-based sentence indices of the document, in document order

    def vector(self) -> list[float]:
        return [self.values[name] for name in FEATURE_NAMES]


def select_evidence(tokens: Sequence[str], doc: DocumentIndex, max_sentences: int = MAX_EVIDENCE) -> list[int]:
    """Greedy weighted set cover: the few sentences that together hold most of the statement's content words."""
    wanted = set(tokens)
    total = sum(doc.weight(t) for t in wanted)
    chosen: list[int] = []
    covered: set[str] = set()
    while total and len(chosen) < max_sentences:
        gains = [
            (sum(doc.weight(t) for t in (wanted & s.token_set) - covered), -i)
            for i, s in enumerate(doc.sentences)
            if i not in chosen
        ]
        if not gains:
            break
        gain, neg_index = max(gains)
        if gain <= 0 or (chosen and gain / total < MIN_GAIN):
            break
        chosen.append(-neg_index)
        covered |= wanted & doc.sentences[-neg_index].token_set
    return sorted(chosen)


def _coverage(tokens: set[str], present: frozenset[str] | set[str], doc: DocumentIndex) -> float:
    total = sum(doc.weight(t) for t in tokens)
    return sum(doc.weight(t) for t in tokens & present) / total if total else 1.0


def _claim(text: str) -> Claim:
    evidence = Evidence(quote=text, grounded=True, match="exact", score=1.0)
    return Claim(
        id="x",
        text=text,
        kind="fact",
        evidence=evidence,
        support=SupportCheck(score=1.0, supported=True),
        grounded=True,
    )


_EMPTY = Article(id="doc", format="text", cleaned_text="", sentences=[])


def rules_verdict(statement: str, sentence: str) -> str:
    """The alignment rules' relation between the statement and a document sentence."""
    a = claim_features(0, 0, _EMPTY, _claim(statement))
    b = claim_features(1, 0, _EMPTY, _claim(sentence))
    return compare_claims(a, b, IdfTable([a.tokens, b.tokens])).relation


def _strong_cues(text: str) -> int:
    return sum(1 for cue in negation_cues(text) if cue.strong)


def _sentence_features(sentence: str, doc: DocumentIndex) -> tuple[dict[str, float], list[int]]:
    tokens = content_tokens(sentence)
    wanted = set(tokens)
    evidence = select_evidence(tokens, doc)
    ev_tokens = {t for i in evidence for t in doc.sentences[i].token_set}
    ev_text = " ".join(doc.sentences[i].text for i in evidence)
    top = max(range(len(doc.sentences)), key=lambda i: _coverage(wanted, doc.sentences[i].token_set, doc), default=-1)
    top_text = doc.sentences[top].text if top >= 0 else ""
    grams = bigrams(tokens)
    ev_grams = {b for i in evidence for b in bigrams(doc.sentences[i].tokens)}
    numbers = quantity_values(sentence)
    names = find_names(sentence)
    ev_names = find_names(ev_text)
    verdict = rules_verdict(sentence, top_text) if top_text else "unrelated"
    values = {
        "cov_doc": _coverage(wanted, doc.tokens, doc),
        "cov_evidence": _coverage(wanted, ev_tokens, doc),
        "cov_top1": _coverage(wanted, doc.sentences[top].token_set, doc) if top >= 0 else 0.0,
        "novel_tokens": math.log1p(len(wanted - doc.tokens)),
        "novel_bigrams": len(grams - doc.bigrams) / len(grams) if grams else 0.0,
        "novel_bigrams_evidence": len(grams - ev_grams) / len(grams) if grams else 0.0,
        "numbers_missing": float(min(3, len(numbers - doc.quantities))),
        "numbers_missing_evidence": float(min(3, len(numbers - quantity_values(ev_text)))),
        "times_missing": float(min(3, len(time_values(sentence) - doc.times))),
        "names_missing": float(min(3, sum(1 for n in names if not any(names_match(n, m) for m in doc.names)))),
        "names_missing_evidence": float(min(3, sum(1 for n in names if not any(names_match(n, m) for m in ev_names)))),
        "negation_mismatch": float(bool(top_text) and polarity(sentence) != polarity(top_text)),
        "negation_added": float(min(2, max(0, _strong_cues(sentence) - _strong_cues(ev_text)))),
        "char_similarity": fuzz.partial_ratio(sentence.lower(), top_text.lower()) / 100 if top_text else 0.0,
        "rules_conflict": float(verdict == "conflict"),
        "rules_agree": float(verdict == "agree"),
        "length": math.log1p(len(tokens)),
    }
    return values, evidence


def statement_features(statement: str, doc: DocumentIndex) -> StatementFeatures:
    """Features of ``statement`` (one or more sentences) against ``doc``; evidence is the union over sentences."""
    parts = [s.text for s in split_sentences(statement)] or [statement]
    per_sentence = [_sentence_features(p, doc) for p in parts]
    values = {
        name: (_WORST.get(name, max))(v[name] for v, _ in per_sentence) if name != "length" else 0.0
        for name in FEATURE_NAMES
    }
    values["length"] = math.log1p(len(content_tokens(statement)))
    for name in (
        "numbers_missing",
        "numbers_missing_evidence",
        "times_missing",
        "names_missing",
        "names_missing_evidence",
    ):
        values[name] = float(min(3, sum(v[name] for v, _ in per_sentence)))
    evidence = sorted({i for _, ev in per_sentence for i in ev})
    return StatementFeatures(values=values, evidence=evidence)
