"""Find dates, weekdays, times of day and relative times in text and normalise them to comparable values."""

import re
from collections.abc import Callable, Iterator

from schemas.mentions import TimeKind, TimeMention
from service.normalise.languages import table as language_table
from service.normalise.localised import find_local_times, merge_times

# fmt: off
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5, "june": 6,
    "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# fmt: on
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# fmt: off
PARTS = {
    "morning": "morning", "afternoon": "afternoon", "evening": "evening", "night": "night", "overnight": "night",
    "dawn": "morning", "dusk": "evening", "lunchtime": "afternoon",
}
# fmt: on
RELATIVE_DAYS = {"yesterday": "yesterday", "today": "today", "tomorrow": "tomorrow"}

# Month names are matched capitalised only: "may" and "march" are also verbs.
_MONTH = r"(?P<month>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*)\.?"
_MONTH_FULL = r"January|February|March|April|May|June|July|August|September|October|November|December"
_WEEKDAY = r"(?P<weekday>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)(?:s|['’]s)?"
_PART = r"(?P<part>morning|afternoon|evening|night|lunchtime)"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_AMPM = r"(?P<ampm>[ap])\.?\s?m\b\.?"

Builder = Callable[[re.Match[str]], list[TimeMention]]


def _mention(m: re.Match[str], kind: TimeKind, value: str, group: int | str = 0) -> TimeMention:
    return TimeMention(text=m.group(group), kind=kind, value=value, start=m.start(group), end=m.end(group))


def _month_number(word: str) -> int | None:
    word = word.lower().rstrip(".")
    if word in MONTHS:
        return MONTHS[word]
    # Only full names or the standard abbreviations count: "Mayor" is not May.
    return None


def _date(year: str | None, month: int, day: int) -> str | None:
    if not 1 <= day <= 31 or not 1 <= month <= 12:
        return None
    return f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _day_month(m: re.Match[str]) -> list[TimeMention]:
    month = _month_number(m["month"])
    value = _date(m["year"], month, int(m["day"])) if month else None
    return [_mention(m, "date", value)] if value else []


def _iso(m: re.Match[str]) -> list[TimeMention]:
    value = _date(m["year"], int(m["m"]), int(m["d"]))
    return [_mention(m, "date", value)] if value else []


def _slashed(m: re.Match[str]) -> list[TimeMention]:
    first, second = int(m["a"]), int(m["b"])
    year = m["y"] if len(m["y"]) == 4 else f"20{m['y']}"
    # Day first (the press outside the US), unless that is impossible.
    day, month = (second, first) if second > 12 else (first, second)
    value = _date(year, month, day)
    return [_mention(m, "date", value)] if value else []


def _month_year(m: re.Match[str]) -> list[TimeMention]:
    month = _month_number(m["month"])
    return [_mention(m, "month", f"{m['year']}-{month:02d}")] if month else []


def _bare_month(m: re.Match[str]) -> list[TimeMention]:
    month = _month_number(m["month"])
    if month is None or (month == 5 and not m["cue"]):
        return []  # "May" without "in/since/..." is usually a name or the verb.
    return [_mention(m, "month", f"--{month:02d}", "monthtext")]


def _weekday(m: re.Match[str]) -> list[TimeMention]:
    out = [_mention(m, "weekday", m["weekday"].lower(), "weekday")]
    if m["part"]:
        out.append(_mention(m, "part_of_day", PARTS[m["part"].lower()], "part"))
    return out


def _clock(m: re.Match[str]) -> list[TimeMention]:
    hour, minute = int(m["h"]), int(m["min"] or 0)
    if m["ampm"]:
        if not 1 <= hour <= 12:
            return []
        hour = hour % 12 + (12 if m["ampm"].lower() == "p" else 0)
    elif not m["min"]:
        return []  # a bare number is not a time
    if hour > 23 or minute > 59:
        return []
    return [_mention(m, "time_of_day", f"{hour:02d}:{minute:02d}")]


def _named_time(m: re.Match[str]) -> list[TimeMention]:
    return [_mention(m, "time_of_day", "12:00" if m[0].lower() in ("noon", "midday") else "00:00")]


def _relative_day(m: re.Match[str]) -> list[TimeMention]:
    word = m["rel"].lower()
    if word == "tonight":
        return [_mention(m, "relative", "today"), _mention(m, "part_of_day", "night")]
    if word == "last night":
        return [_mention(m, "relative", "yesterday"), _mention(m, "part_of_day", "night")]
    out = [_mention(m, "relative", RELATIVE_DAYS.get(word.split()[0], word), "rel")]
    if m["part"]:
        out.append(_mention(m, "part_of_day", PARTS[m["part"].lower()], "part"))
    return out


def _relative_period(m: re.Match[str]) -> list[TimeMention]:
    which, unit = m["which"].lower(), m["unit"].lower()
    if which in ("this", "earlier this", "later this") and unit in PARTS:
        return [_mention(m, "relative", "today"), _mention(m, "part_of_day", PARTS[unit])]
    which = {"earlier this": "this", "later this": "this", "past": "last", "previous": "last"}.get(which, which)
    return [_mention(m, "relative", f"{which}_{unit}")]


def _ago(m: re.Match[str]) -> list[TimeMention]:
    amount = m["n"].lower()
    amount = {"a": "1", "an": "1", "one": "1", "two": "2", "three": "3", "few": "few", "several": "several"}.get(
        amount, amount
    )
    unit = m["unit"].lower().rstrip("s")
    return [_mention(m, "relative", f"{amount}_{unit}_ago")]


def _part(m: re.Match[str]) -> list[TimeMention]:
    return [_mention(m, "part_of_day", PARTS[m["part"].lower()], "part")]


def _year(m: re.Match[str]) -> list[TimeMention]:
    return [_mention(m, "year", m["year"])]


# Order matters: earlier patterns claim their span first, so "14 February 2024" is one date, not a year too.
PATTERNS: list[tuple[re.Pattern[str], Builder]] = [
    (re.compile(r"\b(?P<year>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)\b"), _iso),
    (re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d\d)\b"), _slashed),
    (re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b"), _day_month),
    (re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:%|per))(?:,?\s+{_YEAR})?"), _day_month),
    (re.compile(rf"\b{_MONTH}(?:\s+of)?,?\s+{_YEAR}\b"), _month_year),
    (
        re.compile(
            rf"(?:\b(?P<cue>(?i:in|since|by|until|till|from|early|late|mid|last|next|this|of))\s+)?"
            rf"\b(?P<monthtext>(?P<month>{_MONTH_FULL}))\b"
        ),
        _bare_month,
    ),
    (re.compile(rf"\b{_WEEKDAY}\b(?:\s+{_PART}\b)?"), _weekday),
    (
        re.compile(
            rf"(?i)\b(?P<h>\d{{1,2}})(?:[:.](?P<min>[0-5]\d))?\s*(?:{_AMPM}|(?=\s*(?:gmt|bst|utc|cet|"
            r"local time|hrs|hours\b)))"
        ),
        _clock,
    ),
    (re.compile(r"\b(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)\b(?P<ampm>)"), _clock),
    (re.compile(r"(?i)\b(?:noon|midday|midnight)\b"), _named_time),
    (
        re.compile(
            r"(?i)\b(?P<rel>tonight|last night|yesterday|today|tomorrow)\b(?:\s+(?P<part>morning|afternoon|"
            r"evening|night))?"
        ),
        _relative_day,
    ),
    (
        re.compile(
            r"(?i)\b(?P<which>earlier this|later this|this|last|next|past|previous)\s+"
            r"(?P<unit>week|weekend|month|year|morning|afternoon|evening|decade)\b"
        ),
        _relative_period,
    ),
    (
        re.compile(
            r"(?i)\b(?P<n>\d+|a|an|one|two|three|few|several)\s+(?P<unit>minute|hour|day|week|month|year)s?"
            r"\s+(?:ago|earlier|later)\b"
        ),
        _ago,
    ),
    (
        re.compile(
            r"(?i)\b(?P<part>overnight)\b|\b(?:in the|at|during the|early|late|on|that|the same)\s+"
            r"(?P<partword>morning|afternoon|evening|night)\b"
        ),
        lambda m: _part_either(m),
    ),
    (re.compile(rf"(?<![\d,.$£€])\b{_YEAR}\b(?![,.]?\d)(?!\s*(?:%|per\s?cent))"), _year),
]


def _part_either(m: re.Match[str]) -> list[TimeMention]:
    group = "part" if m["part"] else "partword"
    return [_mention(m, "part_of_day", PARTS[m[group].lower()], group)]


def _candidates(text: str) -> Iterator[TimeMention]:
    taken: list[tuple[int, int]] = []
    for pattern, build in PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            found = build(m)
            if found:
                taken.append((m.start(), m.end()))
                yield from found


def find_times(text: str, language: str | None = None) -> list[TimeMention]:
    """Every date/time mention in ``text``, in reading order, with normalised values (``language``: ISO 639-1;
    German, French and Spanish month, weekday and day words are read too, see ``localised``).

    "Wednesday night" gives two mentions (weekday 'wednesday', part_of_day 'night') so a comparison can tell
    a more precise report ("Wednesday night") from a different one ("Tuesday").
    """
    found = sorted(_candidates(text), key=lambda t: (t.start or 0, t.kind))
    return merge_times(find_local_times(text, language), found) if language_table(language) else found
