"""Deterministic support check of a generated statement against its evidence span: every number, date and name
it uses must occur in the evidence, and enough of its content words.

One set of text primitives does the reading (``service.normalise``): quantities are compared as values
("About 30k people" is "30,000"), dates and times as normalised values, names through ``find_names`` with
spelling variants ("Zelensky"/"Zelenskyy"), words through the shared tokeniser and stemmer. A statement whose
words all occur somewhere in the article is still unsupported when its evidence lacks them.
"""

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from schemas.evidence import SupportCheck
from schemas.mentions import Quantity
from service.normalise.dates import find_times
from service.normalise.names import CONNECTORS, HONORIFICS, TITLE_WORDS, find_names, spelling_key
from service.normalise.numbers import find_quantities
from service.normalise.tokens import NUMBER_WORDS, TIME_WORDS, content_tokens, fold

if TYPE_CHECKING:
    from service.consistency.checker import ConsistencyChecker

# Spelling variants of one name ("Zelensky"/"Zelenskyy") pass at this Levenshtein similarity; shorter tokens
# must match exactly ("Iran" is not "Iraq").
NAME_SIMILARITY = 0.85
_MIN_FUZZY_NAME_LEN = 5
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_TIME_KINDS = ("date", "year", "month", "weekday")


def check_support(text: str, evidence_text: str, article_text: str = "", *, min_overlap: float = 0.3) -> SupportCheck:
    """Check a generated statement against ``evidence_text`` (the span it cites; the whole article for a
    headline or summary): its numbers, dates and names must all occur there, and at least ``min_overlap`` of
    its content words. ``article_text`` is kept for callers; support never comes from outside the evidence."""
    numbers, times, tokens = _index(evidence_text)
    # A bare "one" is far more often a pronoun ("one of the leaders") than a figure.
    quantities = [q for q in find_quantities(text) if q.text.lower() != "one"]
    unsupported = [q.text for q in quantities if not _value_found(q, numbers)]
    unsupported += [t.text for t in find_times(text) if t.kind in _TIME_KINDS and t.value not in times]
    unsupported += [name for name in _names(text) if not all(_token_supported(p, tokens) for p in _parts(name))]
    unsupported = list(dict.fromkeys(unsupported))
    words = set(content_tokens(text))
    found = words & set(content_tokens(evidence_text))
    score = len(found) / len(words) if words else 0.0
    return SupportCheck(score=score, unsupported_terms=unsupported, supported=not unsupported and score >= min_overlap)


def attribution_supported(attribution: str, evidence_text: str, before_text: str = "") -> bool:
    """The named speaker occurs in the evidence, or (the evidence says "he"/"she") shortly before it."""
    parts = _parts(attribution) or [w for w in _TOKEN.findall(attribution) if len(w) > 2]
    if not parts:
        return True
    _, _, tokens = _index(evidence_text)
    if all(_token_supported(p, tokens) for p in parts):
        return True
    _, _, earlier = _index(before_text[-1500:])
    pronoun = re.search(r"(?i)\b(?:he|she|his|her)\b", evidence_text) is not None
    return pronoun and all(_token_supported(p, earlier) for p in parts)


def check_generated(
    text: str,
    evidence_text: str,
    article_text: str = "",
    *,
    min_overlap: float = 0.3,
    against: Literal["span", "article"] = "span",
    checker: "ConsistencyChecker | None" = None,
) -> SupportCheck:
    """``check_support`` for words a model wrote, plus what only a reading of the whole statement shows: a value
    the evidence states about something else ("$18 million" spent on schools, not in total) is an unsupported
    term, and the trained consistency checker must find the statement entailed by its evidence at the cut chosen
    on dev (issue 10 item 13): by the cited ``span``, or (a headline, a summary: ``against="article"``) by the
    sentences of the article that cover each of its sentences best. A statement that copies its evidence is never
    rejected by either. ``checker`` defaults to the shipped parameters (the trainer passes a fresh fit)."""
    check = check_support(text, evidence_text, article_text, min_overlap=min_overlap)
    if not check.supported or copies(text, evidence_text):
        return check
    from service.consistency import default_checker  # lazy: the checker reads the alignment rules
    from service.consistency.swaps import misplaced_values

    misplaced = misplaced_values(text, evidence_text)
    checker = checker or default_checker()
    if against == "article":
        probability = checker.entails_in(text, evidence_text)
    else:
        probability = checker.entails(text, evidence_text)
    entailed = checker.entailed(probability)
    return check.model_copy(
        update={
            "unsupported_terms": misplaced,
            "entailment": round(probability, 4),
            "supported": entailed and not misplaced,
        }
    )


def copies(text: str, evidence_text: str) -> bool:
    """``text`` is a verbatim copy of (part of) its evidence, up to case, spacing, quotes and end punctuation."""
    needle = _flat(text)
    return bool(needle) and needle in _flat(evidence_text)


def _flat(text: str) -> str:
    folded = fold(text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'"))
    return re.sub(r"\s+", " ", folded).strip(" .!?;:,\"'")


@lru_cache(maxsize=64)
def _index(text: str) -> tuple[tuple[Quantity, ...], frozenset[str], frozenset[str]]:
    """Quantities, normalised date values and folded name tokens of an evidence text (cached: an article and its
    sentences are checked many times)."""
    numbers = tuple(find_quantities(text))
    times = frozenset(t.value for t in find_times(text))
    tokens = {_key(token) for token in _TOKEN.findall(text)}
    tokens |= {part for token in tokens if "-" in token for part in token.split("-") if part}
    tokens |= {spelling_key(token) for token in tokens}
    return numbers, times, frozenset(tokens)


def _value_found(quantity: Quantity, evidence: tuple[Quantity, ...]) -> bool:
    """The same value (1.5 million = 1,500,000; 30k = 30,000; 18 per cent = 18%) occurs in the evidence."""
    return any(abs(q.value - quantity.value) <= 1e-6 * max(1.0, abs(quantity.value)) for q in evidence)


def _names(text: str) -> list[str]:
    """Names in ``text`` as written; number and time words that open a sentence ("Thirteen", "Monday") are not."""
    names: list[str] = []
    for mention in find_names(text):
        words = [w.lower() for w in _TOKEN.findall(mention.name)]
        if words and all(w in NUMBER_WORDS or w in TIME_WORDS for w in words):
            continue
        names.append(mention.text if mention.title and mention.title in mention.text else mention.name)
    return names


def _parts(name: str) -> list[str]:
    """The capitalised words of a name that must be found (titles, honorifics and connectors need not be)."""
    parts = [p for token in _TOKEN.findall(name) for p in token.split("-")]
    return [
        p
        for p in parts
        if p[:1].isupper() and len(p) > 1 and _key(p) not in HONORIFICS and _key(p) not in TITLE_WORDS
        and _key(p) not in CONNECTORS
    ]  # fmt: skip


def _token_supported(token: str, tokens: frozenset[str]) -> bool:
    key = _key(token)
    if key in tokens or spelling_key(key) in tokens:
        return True
    if len(key) < _MIN_FUZZY_NAME_LEN:
        return False
    best = process.extractOne(key, tokens, scorer=Levenshtein.normalized_similarity, score_cutoff=NAME_SIMILARITY)
    return best is not None


def _key(token: str) -> str:
    return re.sub(r"(?:['’]s|['’])$", "", fold(token))
