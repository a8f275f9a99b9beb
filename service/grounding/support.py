"""Deterministic support check of a model-written sentence: invented names and numbers, content-word overlap."""

import re
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from schemas.evidence import SupportCheck

# Spelling variants of one name ("Zelensky"/"Zelenskyy", "Kyiv"/"Kiev" is too far, on purpose) pass at this
# Levenshtein similarity; shorter tokens must match exactly ("Iran" is not "Iraq").
NAME_SIMILARITY = 0.85
_MIN_FUZZY_NAME_LEN = 5

_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he
    her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor
    not now of off on once only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours yourself yourselves said says
    say may might must shall will would yet however meanwhile although though since still even already whether
    mr mrs ms dr according""".split()  # noqa: SIM905 -- a word block reads better than 150 quoted items
)
# Capitalised at the start of a sentence these are ordinary words, not names.
_COMMON_OPENERS = _STOPWORDS | frozenset(
    """meanwhile however separately later earlier today yesterday tomorrow instead despite amid after before
    during following in on at for from as by with without within while when where although though because if
    unless until once since this that these those there here it its they their he she his her we our you your
    many most some several few both each every all another other others such no not nor neither either one two
    three four five six seven eight nine ten first second third last next new more less officials analysts
    experts critics supporters residents people also still yet so thus then therefore overall""".split()  # noqa: SIM905
)
_CONNECTORS = frozenset(
    ("of", "de", "da", "del", "der", "di", "du", "la", "le", "van", "von", "al", "bin", "el", "dos")
)

_UNITS = {w: i for i, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"), 1)}
_TEENS = {
    w: i + 10
    for i, w in enumerate(
        ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
    )
}
_TENS = {
    w: 10 * i for i, w in enumerate(("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), 2)
}
_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# "one" is left out on its own: it is far more often a pronoun ("one of the leaders") than a figure.
_NUMBER = re.compile(
    r"(?<![\w.,])(?P<digits>\d+(?:[.,]\d+)*)(?P<pct>\s*(?:%|per\s?cent\b))?"
    r"|\b(?P<word>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|"
    r"seven|eight|nine)\b)?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen)\b(?P<wpct>\s*(?:%|per\s?cent\b))?",
    re.IGNORECASE,
)
_SCALE_AFTER = re.compile(r"\s+(hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_CONTENT_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_OPENER_AFTER = ".!?:;\n"
_HONORIFICS = frozenset(("mr", "mrs", "ms", "dr"))
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$", re.IGNORECASE)
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "s", "ly", "e")


def check_support(text: str, evidence_text: str, article_text: str, *, min_overlap: float = 0.3) -> SupportCheck:
    """Check a generated sentence: every number and name must occur in the article, and at least
    ``min_overlap`` of its content words must occur in the evidence."""
    unsupported: list[str] = []
    article_numbers, article_tokens = _article_index(article_text)
    for surface, values in _numbers(text):
        if not values & article_numbers:
            unsupported.append(surface)
    for name in _names(text):
        if not all(_token_supported(part, article_tokens) for part in _name_parts(name)):
            unsupported.append(name)
    unsupported = list(dict.fromkeys(unsupported))

    words = {_stem(w) for w in _content_words(text)}
    found = words & {_stem(w) for w in _content_words(evidence_text)}
    score = len(found) / len(words) if words else 0.0
    return SupportCheck(score=score, unsupported_terms=unsupported, supported=not unsupported and score >= min_overlap)


@lru_cache(maxsize=16)
def _article_index(article_text: str) -> tuple[frozenset[float], frozenset[str]]:
    """Number values and lowercased name tokens (hyphenated ones also split) of an article.

    Cached: every sentence of a summary is checked against the same article.
    """
    numbers = frozenset(value for _, values in _numbers(article_text) for value in values)
    tokens = {_name_key(token) for token in _TOKEN.findall(article_text)}
    tokens |= {part for token in tokens if "-" in token for part in token.split("-") if part}
    return numbers, frozenset(tokens)


def _numbers(text: str) -> Iterable[tuple[str, set[float]]]:
    """Each number in ``text`` as (surface form, values it may stand for: as written and scaled)."""
    for m in _NUMBER.finditer(text):
        if m.group("digits"):
            value = _parse_digits(m.group("digits"))
            scale_match = _SCALE_AFTER.match(text, m.end())
            surface = m.group(0)
        else:
            value = _parse_words(m.group("word"))
            scale_match = _SCALE_AFTER.match(text, m.end("wpct") if m.group("wpct") else m.end("word"))
            surface = m.group(0).strip()
        if value is None:
            continue
        values = {value}
        if scale_match:
            values.add(value * _SCALES[scale_match.group(1).lower()])
            surface = text[m.start() : scale_match.end()]
        yield surface.strip(), values


def _parse_digits(raw: str) -> float | None:
    groups = re.split(r"[.,]", raw)
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]) and ("," in raw or len(groups) > 2):
        return float("".join(groups))  # 1,500 or 1.500.000: thousands separators
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        return None


def _parse_words(raw: str) -> float | None:
    parts = re.split(r"[-\s]+", raw.lower())
    value = _TENS.get(parts[0]) or _TEENS.get(parts[0]) or _UNITS.get(parts[0])
    if value is None:
        return None
    return float(value + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0))


def _names(text: str) -> list[str]:
    """Capitalised tokens and multiword proper nouns, minus capitalised sentence openers like "The"/"While"."""
    names: list[str] = []
    run: list[re.Match[str]] = []

    def flush() -> None:
        while run and run[-1].group().lower() in _CONNECTORS:
            run.pop()
        if run:
            names.append(text[run[0].start() : run[-1].end()])
        run.clear()

    for m in _TOKEN.finditer(text):
        word = m.group()
        adjacent = bool(run) and text[run[-1].end() : m.start()] == " "
        if run and not adjacent:
            flush()
        if word[0].isupper() and len(word) > 1:
            before = text[: m.start()].rstrip(" \t“\"‘'([")
            opener = not before or before[-1] in _OPENER_AFTER
            common = _name_key(word) in _COMMON_OPENERS or word.lower().endswith("ly") or _parse_words(word) is not None
            if not run and opener and common:
                continue
            run.append(m)
        elif run and word in _CONNECTORS:
            run.append(m)
        else:
            flush()
    flush()
    return names


def _name_parts(name: str) -> list[str]:
    parts = [p for token in _TOKEN.findall(name) for p in token.split("-")]
    return [p for p in parts if p[:1].isupper() and len(p) > 1 and _name_key(p) not in _HONORIFICS]


def _token_supported(token: str, article_tokens: frozenset[str]) -> bool:
    key = _name_key(token)
    if key in article_tokens:
        return True
    if len(key) < _MIN_FUZZY_NAME_LEN:
        return False
    best = process.extractOne(
        key, article_tokens, scorer=Levenshtein.normalized_similarity, score_cutoff=NAME_SIMILARITY
    )
    return best is not None


def _name_key(token: str) -> str:
    return _POSSESSIVE.sub("", token.lower())


def _content_words(text: str) -> list[str]:
    words = (_name_key(w) for w in _CONTENT_TOKEN.findall(text))
    return [w for w in words if w not in _STOPWORDS and len(w) > 1]


def _stem(word: str) -> str:
    """Crude suffix stripping, enough to match "forces"/"force" and "attacked"/"attacks"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word
