"""Numbers and dates in German, French and Spanish text, read with the tables in ``languages``.

``anglicise`` rewrites local number forms ("1.234,5", "2,5 Millionen", "18 Prozent", "drei") into English forms
of exactly the same length, so the English quantity finder reads them and every offset still points into the
original text. ``find_local_times`` finds local dates, weekdays, relative days and clock times.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import cache

from schemas.mentions import TimeKind, TimeMention
from service.normalise.languages import Language, table
from service.normalise.names import NameMention

_GROUPED = r"(?<![\d.,])\d{{1,3}}(?:[{sep}]\d{{3}})+(?:,\d+)?(?![\d])"
_DECIMAL = r"(?<![\d.,])\d+,\d+(?![\d,])"


@cache
def _number_pattern(code: str) -> re.Pattern[str]:
    lang = table(code)
    assert lang is not None
    return re.compile(f"{_GROUPED.format(sep=re.escape(lang.group_separators))}|{_DECIMAL}")


@cache
def _words_pattern(code: str) -> re.Pattern[str]:
    lang = table(code)
    assert lang is not None
    phrases = sorted(lang.number_words, key=len, reverse=True)  # longest first: "eine Million" before "Million"
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s") for p in phrases)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _english_number(local: str) -> str:
    """'1.234,5' -> '1,234.5', '1 234' -> '1,234', '2,5' -> '2.5' (same length)."""
    whole, _, fraction = local.rpartition(",") if "," in local else (local, "", "")
    whole = re.sub(r"\D", ",", whole)
    return f"{whole}.{fraction}" if fraction else whole


def anglicise(text: str, code: str | None) -> str:
    """``text`` with local number forms rewritten to English ones of the same length (unchanged for English)."""
    lang = table(code)
    if lang is None:
        return text
    chars = list(text)
    for m in _number_pattern(lang.code).finditer(text):
        chars[m.start() : m.end()] = _english_number(m[0])
    lookup = {phrase.lower(): english for phrase, english in lang.number_words.items()}
    for m in _words_pattern(lang.code).finditer(text):
        english = lookup[re.sub(r"\s+", " ", m[0].lower())]
        chars[m.start() : m.end()] = english.ljust(m.end() - m.start())
    out = "".join(chars)
    assert len(out) == len(text), "anglicise must keep every offset"
    return out


# --- dates and times ------------------------------------------------------------------------------------------

Builder = Callable[[Language, re.Match[str]], list[TimeMention]]


def _mention(m: re.Match[str], kind: TimeKind, value: str, group: int | str = 0) -> TimeMention:
    return TimeMention(text=m.group(group), kind=kind, value=value, start=m.start(group), end=m.end(group))


def _date(lang: Language, m: re.Match[str]) -> list[TimeMention]:
    month = lang.months.get(m["month"].lower().rstrip("."))
    day = int(m["day"].removesuffix("er"))
    if month is None or not 1 <= day <= 31:
        return []
    value = f"{m['year']}-{month:02d}-{day:02d}" if m["year"] else f"--{month:02d}-{day:02d}"
    return [_mention(m, "date", value)]


def _month_year(lang: Language, m: re.Match[str]) -> list[TimeMention]:
    month = lang.months[m["month"].lower()]
    return [_mention(m, "month", f"{m['year']}-{month:02d}")]


def _bare_month(lang: Language, m: re.Match[str]) -> list[TimeMention]:
    return [_mention(m, "month", f"--{lang.months[m['month'].lower()]:02d}", "month")]


def _weekday(lang: Language, m: re.Match[str]) -> list[TimeMention]:
    return [_mention(m, "weekday", lang.weekdays[m["weekday"].lower()], "weekday")]


def _relative(lang: Language, m: re.Match[str]) -> list[TimeMention]:
    return [_mention(m, "relative", lang.relative_days[m["rel"].lower()], "rel")]


def _part(lang: Language, m: re.Match[str]) -> list[TimeMention]:
    return [_mention(m, "part_of_day", lang.parts_of_day[m["part"].lower()], "part")]


def _clock(lang: Language, m: re.Match[str]) -> list[TimeMention]:
    hour, minute = int(m["h"]), int(m["min"] or 0)
    if hour > 23 or minute > 59:
        return []
    return [_mention(m, "time_of_day", f"{hour:02d}:{minute:02d}")]


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Leads that make a part-of-day word one ("am Morgen", "le soir", "por la noche"), not "morgen" = tomorrow.
_PART_LEADS = {"de": r"(?:am|heute|gestern|in\s+der)", "fr": r"(?:le|ce|la|cette|dans\s+la|hier|demain)",
               "es": r"(?:la|esta|por\s+la|de\s+la|en\s+la)"}  # fmt: skip
_DAY_MONTH = {
    "de": r"(?P<day>\d{{1,2}})\.\s*(?P<month>{m})(?:\s+(?P<year>\d{{4}}))?",
    "fr": r"(?P<day>1er|\d{{1,2}})\s+(?P<month>{m})(?:\s+(?P<year>\d{{4}}))?",
    "es": r"(?P<day>\d{{1,2}})\s+de\s+(?P<month>{m})(?:\s+del?\s+(?P<year>\d{{4}}))?",
}
# A month named without day or year counts after a cue ("im Februar", "en février", "desde marzo").
_MONTH_CUES = {"de": r"(?:im|seit|bis|ab|Anfang|Mitte|Ende)", "fr": r"(?:en|depuis|jusqu'en|début|fin|mi-)",
               "es": r"(?:en|desde|hasta|a\s+finales\s+de|a\s+principios\s+de|a\s+mediados\s+de)"}  # fmt: skip
_CLOCK = {
    "de": r"(?P<h>\d{1,2})(?:[.:](?P<min>[0-5]\d))?\s+Uhr",
    "fr": r"(?P<h>\d{1,2})\s?h\s?(?P<min>[0-5]\d)?",
    "es": r"(?:a\s+las|a\s+la|las)\s+(?P<h>\d{1,2})(?:[:.](?P<min>[0-5]\d))?",
}


@cache
def _patterns(code: str) -> list[tuple[re.Pattern[str], Builder]]:
    lang = table(code)
    assert lang is not None
    months, flags = _alt(lang.months), re.IGNORECASE
    # German writes "morgen" (tomorrow) lower-case and "Morgen" (morning) capitalised: keep case there.
    relative_flags = 0 if code == "de" else flags
    return [
        (re.compile(rf"(?<!\w){_DAY_MONTH[code].format(m=months)}(?!\w)", flags), _date),
        (re.compile(rf"(?<!\w)(?P<month>{months})\s+(?:de\s+)?(?P<year>\d{{4}})(?!\w)", flags), _month_year),
        (re.compile(rf"(?<!\w){_MONTH_CUES[code]}\s+(?P<month>{months})(?!\w)", flags), _bare_month),
        (re.compile(rf"(?<!\w){_CLOCK[code]}(?!\w)", flags), _clock),
        (re.compile(rf"(?<!\w)(?P<weekday>{_alt(lang.weekdays)})(?!\w)", flags), _weekday),
        (re.compile(rf"(?<!\w){_PART_LEADS[code]}\s+(?P<part>{_alt(lang.parts_of_day)})(?!\w)", flags), _part),
        (re.compile(rf"(?<!\w)(?P<rel>{_alt(lang.relative_days)})(?!\w)", relative_flags), _relative),
    ]


def find_local_times(text: str, code: str | None) -> list[TimeMention]:
    """Dates, month-years, clock times, weekdays, parts of day and relative days written in ``code``'s words."""
    lang = table(code)
    if lang is None:
        return []
    found: list[TimeMention] = []
    taken: list[tuple[int, int]] = []
    for pattern, build in _patterns(lang.code):
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            mentions = build(lang, m)
            taken.extend((t.start or 0, t.end or 0) for t in mentions)  # "hier soir": "hier" stays free
            found.extend(mentions)
    return found


def merge_times(local: list[TimeMention], english: list[TimeMention]) -> list[TimeMention]:
    """Local mentions first; English ones (years, ISO dates, 14:30) only where no local mention is."""
    spans = [(t.start or 0, t.end or 0) for t in local]
    kept = [t for t in english if not any((t.start or 0) < end and start < (t.end or 0) for start, end in spans)]
    return sorted(local + kept, key=lambda t: (t.start or 0, t.kind))


# --- names ----------------------------------------------------------------------------------------------------


def local_names(mentions: list[NameMention], code: str | None) -> list[NameMention]:
    """Names found by the English rules, corrected for the language: a capitalised function word at a sentence
    start ("Laut", "Selon", "Según", "Die") is not part of a name and ends one that ran over a full stop, and in
    German a lone capitalised word is a noun ("Brücke", "Fahrzeuge") unless written in capitals (NATO)."""
    lang = table(code)
    if lang is None:
        return mentions
    out: list[NameMention] = []
    for mention in mentions:
        for start, words in _segments(mention, lang):
            while words and words[0].lower().strip("'’") in lang.function_words:
                start += len(words.pop(0)) + 1
            lone_noun = len(words) == 1 and lang.capitalises_nouns and not words[0].rstrip(".").isupper()
            if not words or lone_noun:
                continue
            text = " ".join(words)
            if text == mention.text:
                out.append(mention)
                continue
            name = text.rstrip(".") if len(words[-1]) > 2 else text
            out.append(replace(mention, text=text, name=name, title=None, start=start, end=start + len(text)))
    return out


def _segments(mention: NameMention, lang: Language) -> list[tuple[int, list[str]]]:
    """The mention's words, cut where a word ends a sentence and the next is a function word ("Okafor. Die")."""
    segments: list[tuple[int, list[str]]] = [(mention.start, [])]
    offset = mention.start
    for word in mention.text.split(" "):
        current = segments[-1][1]
        if current and current[-1].endswith(".") and word.lower() in lang.function_words:
            segments.append((offset, []))
        segments[-1][1].append(word)
        offset += len(word) + 1
    return segments
