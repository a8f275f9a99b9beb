"""What the alignment compares in a claim: content words, numbers, times, names, speaker and polarity."""

import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from schemas.article import Article
from schemas.claims import Claim
from schemas.mentions import Quantity, TimeMention
from service.normalise.dates import MONTHS, PARTS, WEEKDAYS, find_times
from service.normalise.names import NameMention, find_names, same_entity
from service.normalise.negation import STRONG, polarity
from service.normalise.numbers import SCALES, SMALL, TENS, find_quantities

STOPWORDS = (
    frozenset(
        """a an the and or but if of to in on at by for with from into onto as is are was were be been being am do
        does did doing has have had having will would shall should can could may might must it its it's this that
        these those there their they them he him his she her hers we us our you your i me my who whom whose which
        what when where why how than then so such also only just very about over after before while because since
        until up down out off again further once all any both each few more most other some own same too not no nor
        said says told added saying according stated say tell mr mrs ms s t""".split()  # noqa: SIM905
    )
    | STRONG
)
# Reporting verbs and function words carry no fact; neither do number words (quantities are compared as values).
NUMBER_WORDS = set(SMALL) | set(TENS) | set(SCALES) | {"per", "cent", "percent"}
TIME_WORDS = set(WEEKDAYS) | set(MONTHS) | set(PARTS) | {"yesterday", "today", "tomorrow", "tonight", "week", "month"}
REPORTING = r"said|says|told|added|stated|claimed|announced|warned|insisted|argued|admitted|suggested|wrote"
RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}
_WORD = re.compile(r"[a-z]+")
_SPELLING = (
    (re.compile(r"ence$"), "ense"),
    (re.compile(r"(?<=\w{3})our$"), "or"),
    (re.compile(r"ise$"), "ize"),
    (re.compile(r"isation$"), "ization"),
    (re.compile(r"yse$"), "yze"),
)
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "s", "ly", "e")


def fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def stem(word: str) -> str:
    """A deliberately crude stemmer: it only has to map both sides of a comparison the same way."""
    for pattern, repl in _SPELLING:  # British and American spellings ("defence"/"defense") must meet
        word = pattern.sub(repl, word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_tokens(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(fold(text)) if w not in STOPWORDS and w not in NUMBER_WORDS and len(w) > 1]


@dataclass(frozen=True)
class ClaimFeatures:
    """A claim with everything the deterministic checks need, computed once."""

    article_index: int
    claim_index: int
    article: Article
    claim: Claim
    tokens: frozenset[str]
    core: frozenset[str]  # tokens minus names, times and negators: what the statement says happens
    quantities: tuple[Quantity, ...]
    times: tuple[TimeMention, ...]
    names: tuple[NameMention, ...]
    speaker: NameMention | None
    polarity: int

    @property
    def key(self) -> tuple[int, int]:
        return (self.article_index, self.claim_index)


def claim_features(article_index: int, claim_index: int, article: Article, claim: Claim) -> ClaimFeatures:
    text = claim.text
    names = tuple(find_names(text))
    # Titles belong to the name slot: "Prime Minister Tusk" vs "President Tusk" differs in the entity, not the event.
    name_tokens = {t for n in names for t in content_tokens(f"{n.name} {n.title or ''}")}
    tokens = frozenset(content_tokens(text))
    core = frozenset(t for t in tokens if t not in name_tokens and t not in TIME_WORDS)
    return ClaimFeatures(
        article_index=article_index,
        claim_index=claim_index,
        article=article,
        claim=claim,
        tokens=tokens,
        core=core,
        # The claims stage fills these with the same normalisers; recompute only when a caller did not.
        quantities=tuple(claim.quantities or find_quantities(text)),
        times=tuple(_resolve_relative(claim.times or find_times(text), article.published)),
        names=names,
        speaker=_speaker(claim, names),
        polarity=polarity(text),
    )


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


def _speaker(claim: Claim, names: Sequence[NameMention]) -> NameMention | None:
    """Who the claim says is speaking: the claim's attribution, else "<Name> said" / "said <Name>"."""
    if claim.attribution:
        found = find_names(claim.attribution)
        if found:
            return found[-1]
        return NameMention(text=claim.attribution, name=claim.attribution, kind="other")
    text = claim.text
    for name in names:
        after = text[name.end : name.end + 80]
        before = text[max(0, name.start - 20) : name.start]
        # "Rutte said", "Rutte, the NATO secretary-general, said", "said Rutte", "according to Rutte"
        if re.match(rf"^(?:['’]s)?(?:,[^,]{{1,60}},)?\s+(?:has\s+|had\s+|also\s+)?(?:{REPORTING})\b", after):
            return name
        if re.search(r"\b(?:said|says|added|wrote|according to)\s+$", before):  # "told X": X listens
            return name
    return None


class IdfTable:
    """Inverse document frequency over every claim being aligned, so rare words weigh more than common ones."""

    def __init__(self, token_sets: Iterable[frozenset[str]]) -> None:
        sets = list(token_sets)
        counts: Counter[str] = Counter(t for s in sets for t in s)
        self.n = max(1, len(sets))
        self.idf = {t: math.log(1 + self.n / c) for t, c in counts.items()}
        self.default = math.log(1 + self.n)

    def weight(self, tokens: Iterable[str]) -> float:
        return sum(self.idf.get(t, self.default) for t in tokens)

    def similarity(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Mean of weighted Jaccard and weighted overlap: a short claim contained in a long one still scores."""
        if not a or not b:
            return 0.0
        shared = self.weight(a & b)
        jaccard = shared / self.weight(a | b)
        overlap = shared / min(self.weight(a), self.weight(b))
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
