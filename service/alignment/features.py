"""What the alignment compares in a claim: content words, numbers, times, names, speaker and polarity."""

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from schemas.article import Article
from schemas.claims import Claim
from schemas.mentions import Quantity, TimeMention
from service.normalise.dates import find_times
from service.normalise.languages import reporting_pattern
from service.normalise.names import NameMention, find_names, same_entity
from service.normalise.negation import negation_cues, polarity
from service.normalise.numbers import find_quantities
from service.normalise.tokens import REPORTING, STOPWORDS, TIME_WORDS, content_tokens, fold

Vector = npt.NDArray[np.floating[Any]]
RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}
CHAR_N = 4
_LETTERS = re.compile(r"[a-z]+")
# "he ...", "But she ...", "On Wednesday, he ...": a personal pronoun as the claim's subject.
_PRONOUN_SUBJECT = re.compile(r"^(?:(?:but|and|yet|so|then)\s+|[^,]{1,60},\s+)?(?:he|she)\b", re.IGNORECASE)
REFERENT_WINDOW = 1500  # characters before the claim searched for the person a pronoun stands for


@dataclass(frozen=True)
class ClaimFeatures:
    """A claim with everything the deterministic checks need, computed once."""

    article_index: int
    claim_index: int
    article: Article
    claim: Claim
    tokens: frozenset[str]
    core: frozenset[str]  # tokens minus names, times and negators: what the statement says happens
    grams: frozenset[str]  # character 4-grams of the content words: "east"/"eastern", "occupy"/"occupied" meet
    quantities: tuple[Quantity, ...]
    times: tuple[TimeMention, ...]
    names: tuple[NameMention, ...]
    speaker: NameMention | None
    polarity: int
    # Who "he"/"she" opening the claim stands for: it may match a name of the other claim, never conflict with one.
    referent: NameMention | None = None
    # The first content word after each strong negation cue: what "not"/"no"/"never" denies ("did not *want* to").
    negated: frozenset[str] = frozenset()
    # A multilingual sentence embedding (unit length), set only when the articles aligned are in different languages.
    embedding: Vector | None = field(default=None, compare=False, hash=False)

    @property
    def key(self) -> tuple[int, int]:
        return (self.article_index, self.claim_index)


def claim_features(article_index: int, claim_index: int, article: Article, claim: Claim) -> ClaimFeatures:
    text = claim.text
    names = tuple(find_names(text, article.language))
    # Titles belong to the name slot: "Prime Minister Tusk" vs "President Tusk" differs in the entity, not the event.
    name_tokens = {t for n in names for t in content_tokens(f"{n.name} {n.title or ''}")}
    tokens = frozenset(content_tokens(text))
    core = frozenset(t for t in tokens if t not in name_tokens and t not in TIME_WORDS)
    referent = pronoun_referent(article, claim)
    return ClaimFeatures(
        article_index=article_index,
        claim_index=claim_index,
        article=article,
        claim=claim,
        tokens=tokens,
        core=core,
        grams=char_grams(text),
        # The claims stage fills these with the same normalisers; recompute only when a caller did not.
        quantities=tuple(claim.quantities or find_quantities(text, article.language)),
        times=tuple(_resolve_relative(claim.times or find_times(text, article.language), article.published)),
        names=names,
        referent=referent,
        speaker=_speaker(claim, names, article.language),
        polarity=polarity(text),
        negated=negated_words(text),
    )


def negated_words(text: str) -> frozenset[str]:
    """The first content word after each strong negation cue: "did not want to speak" -> {"want"}."""
    words = set()
    for cue in negation_cues(text):
        if cue.strong:
            after = content_tokens(text[cue.end : cue.end + 80])
            if after:
                words.add(after[0])
    return frozenset(words)


def pronoun_referent(article: Article, claim: Claim) -> NameMention | None:
    """For a claim whose subject is "he"/"she": the last person the article names before the claim's evidence
    (its own sentence included: "Rutte said he ..."). Its offsets are the article's, not the claim's."""
    if not _PRONOUN_SUBJECT.match(claim.text) or claim.evidence is None or claim.evidence.start is None:
        return None
    start = claim.evidence.start
    window = max(0, start - REFERENT_WINDOW)
    people = [n for n in find_names(article.cleaned_text[window:start], article.language) if n.kind == "person"]
    if not people:
        return None
    last = people[-1]
    return NameMention(text=last.text, name=last.name, kind="person", title=last.title, offices=last.offices,
                       start=window + last.start, end=window + last.end)  # fmt: skip


def char_grams(text: str, n: int = CHAR_N) -> frozenset[str]:
    """Character n-grams of each content word, padded with spaces so word starts and ends count."""
    words = [w for w in _LETTERS.findall(fold(text)) if w not in STOPWORDS and len(w) > 2]
    return frozenset(f" {w} "[i : i + n] for w in words for i in range(len(w) + 3 - n))


def char_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Mean of Jaccard and overlap of character n-grams: catches inflections and spelling variants."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return round((shared / len(a | b) + shared / min(len(a), len(b))) / 2, 4)


def _resolve_relative(times: Sequence[TimeMention], published: str | None) -> list[TimeMention]:
    """Add the calendar date of "yesterday"/"today"/"tomorrow" when the article's publication date is known."""
    out = list(times)
    try:
        day = dt.date.fromisoformat((published or "")[:10])
    except ValueError:
        return out
    for t in times:
        if t.kind == "relative" and t.value in RELATIVE_DAYS:
            date = day + dt.timedelta(days=RELATIVE_DAYS[t.value])
            out.append(TimeMention(text=t.text, kind="date", value=date.isoformat(), start=t.start, end=t.end))
    return out


def _speaker(claim: Claim, names: Sequence[NameMention], language: str = "en") -> NameMention | None:
    """Who the claim says is speaking: the claim's attribution, else "<Name> said" / "said <Name>"."""
    if claim.attribution:
        found = find_names(claim.attribution, language)
        if found:
            return found[-1]
        return NameMention(text=claim.attribution, name=claim.attribution, kind="other")
    text = claim.text
    verbs = reporting_pattern(language, REPORTING)  # "Okafor sagte", "selon Okafor", "dijo Okafor" too
    for name in names:
        after = text[name.end : name.end + 80]
        before = text[max(0, name.start - 20) : name.start]
        # "Rutte said", "Rutte, the NATO secretary-general, said", "said Rutte", "according to Rutte"
        if re.match(rf"^(?:['’]s)?(?:,[^,]{{1,60}},)?\s+(?:has\s+|had\s+|also\s+)?(?:{verbs})(?!\w)", after):
            return name
        # "said Rutte", "according to Rutte"; never "told X" (X listens: "he told French newspaper Le Parisien").
        if re.search(rf"(?i)\b(?:said|says|added|wrote|according to|{_before_speaker(verbs)})\s+$", before):
            return name
    return None


def denies_the_other(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Whether the negative side's negation bears on something the other side says: the negated word ("did not
    *want* to speak publicly") or a word sharing its first three letters ("did not shoot" / "shot") is there.
    "Rutte did not want to speak publicly about it" does not deny "speaking publicly about it plays into Putin's
    hands". Without a negated word to look for, the polarity difference counts as it is."""
    negative, other = (a, b) if a.polarity < b.polarity else (b, a)
    if not negative.negated:
        return True
    prefixes = {t[:3] for t in other.tokens}
    return any(w in other.tokens or w[:3] in prefixes for w in negative.negated)


def _before_speaker(verbs: str) -> str:
    """Reporting verbs that may come before their speaker: all but "told" / "tells", whose object is the listener."""
    return "|".join(v for v in verbs.split("|") if v not in ("told", "tells"))


class IdfTable:
    """Inverse document frequency over every claim being aligned, so rare words weigh more than common ones."""

    def __init__(self, token_sets: Iterable[frozenset[str]], key_sets: Iterable[frozenset[str]] = ()) -> None:
        """``key_sets``: other keys per claim (normalised values) that are counted but weigh nothing."""
        sets = list(token_sets)
        counts: Counter[str] = Counter(t for s in sets for t in s)
        self.counts = counts + Counter(k for s in key_sets for k in s)
        self.n = max(1, len(sets))
        self.idf = {t: math.log(1 + self.n / c) for t, c in counts.items()}
        self.default = math.log(1 + self.n)
        self._totals: dict[frozenset[str], float] = {}

    def count(self, token: str) -> int:
        """How many of the claims carry ``token`` (or key)."""
        return self.counts.get(token, 0)

    def weight(self, tokens: Iterable[str]) -> float:
        return sum(self.idf.get(t, self.default) for t in tokens)

    def total(self, tokens: frozenset[str]) -> float:
        """``weight`` of a claim's whole token set, computed once per set."""
        known = self._totals.get(tokens)
        if known is None:
            known = self._totals[tokens] = self.weight(tokens)
        return known

    def similarity(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Mean of weighted Jaccard and weighted overlap: a short claim contained in a long one still scores."""
        if not a or not b:
            return 0.0
        shared = self.weight(a & b)
        wa, wb = self.total(a), self.total(b)
        jaccard = shared / (wa + wb - shared)
        overlap = shared / min(wa, wb)
        return round((jaccard + overlap) / 2, 4)

    def containment(self, a: frozenset[str], b: frozenset[str]) -> float:
        if not a or not b:
            return 0.0
        return self.weight(a & b) / min(self.weight(a), self.weight(b))


def names_match(a: NameMention, b: NameMention) -> bool:
    """Name variants and demonyms: "Zelensky" ~ "Zelenskyy", "Ukraine" ~ "Ukrainian"."""
    if same_entity(a, b):
        return True
    ka, kb = a.key, b.key
    prefix = len(_common_prefix(ka, kb))
    return prefix >= 5 and abs(len(ka) - len(kb)) <= 4 and prefix >= min(len(ka), len(kb)) - 3


def _common_prefix(a: str, b: str) -> str:
    out = []
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        out.append(x)
    return "".join(out)
