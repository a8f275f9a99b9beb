"""Compare the dates and times of two claims: same, one more precise ("Wednesday night" vs "Wednesday"), or conflict."""

import calendar
import datetime as dt
from collections import defaultdict

from schemas.alignment import Severity
from schemas.mentions import TimeMention
from service.alignment.findings import Finding
from service.normalise.dates import WEEKDAYS

# Hours each part of the day covers; a time outside them contradicts the part.
PART_HOURS = {"morning": range(4, 12), "afternoon": range(12, 18), "evening": range(17, 23), "night": range(19, 30)}
ADJACENT_PARTS = {frozenset(("evening", "night")), frozenset(("afternoon", "evening")), frozenset(("night", "morning"))}
TimeSets = dict[str, set[str]]


def _by_kind(mentions: list[TimeMention]) -> TimeSets:
    out: TimeSets = defaultdict(set)
    for m in mentions:
        out[m.kind].add(m.value)
    return out


def describe(mentions: list[TimeMention]) -> str:
    return " ".join(dict.fromkeys(m.value for m in mentions)) or "(no time)"


def _weekday_of(date: str) -> str | None:
    try:
        return WEEKDAYS[dt.date.fromisoformat(date).weekday()]
    except ValueError:
        return None  # "--12-18" has no year, so no weekday


def _month_day(date: str) -> str:
    return date[-5:]


def _years(s: TimeSets) -> set[str]:
    years = set(s.get("year", set()))
    years |= {d[:4] for d in s.get("date", set()) | s.get("month", set()) if not d.startswith("--")}
    return years


def _hour_in_part(hour: int, part: str) -> bool:
    hours = PART_HOURS[part]
    return hour in hours or hour + 24 in hours


class _Findings:
    """Collects date/time findings; every one carries both sides' normalised times for the response."""

    def __init__(self, left: list[TimeMention], right: list[TimeMention]) -> None:
        self.left, self.right = describe(left), describe(right)
        self.items: list[Finding] = []

    def conflict(self, explanation: str, severity: Severity = "medium") -> None:
        self.items.append(Finding("date_time", "conflict", "date_time", self.left, self.right, severity, explanation))

    def agree(self, explanation: str) -> None:
        self.items.append(Finding("date_time", "agree", None, self.left, self.right, None, explanation))

    def precision(self, explanation: str) -> None:
        self.items.append(
            Finding("date_time", "compatible", None, self.left, self.right, None, explanation, "different_precision")
        )


def compare_times(left: list[TimeMention], right: list[TimeMention]) -> list[Finding]:
    a, b = _by_kind(left), _by_kind(right)
    f = _Findings(left, right)
    if a.get("weekday") and b.get("weekday"):
        if a["weekday"] & b["weekday"]:
            f.agree("same weekday")
        else:
            f.conflict(f"{', '.join(sorted(a['weekday']))} versus {', '.join(sorted(b['weekday']))}")
    # Different relative words ("yesterday"/"today") are no conflict: articles published on different days name
    # the same day differently. Features add the calendar date when the publication date is known.
    if a.get("relative", set()) & b.get("relative", set()):
        f.agree("same relative time")
    if a.get("date") and b.get("date"):
        if a["date"] & b["date"]:
            f.agree("same date")
        elif {_month_day(d) for d in a["date"]} & {_month_day(d) for d in b["date"]}:
            f.precision("same day, one gives the year")
        else:
            f.conflict(f"dates differ: {', '.join(sorted(a['date']))} versus {', '.join(sorted(b['date']))}", "high")
    _months(a, b, f)
    _date_against_weekday(a, b, f)
    _date_against_weekday(b, a, f)
    ya, yb = _years(a), _years(b)
    if ya and yb and not (a.get("date") and b.get("date")):
        if ya & yb:
            f.agree("same year")
        else:
            f.conflict(f"years {', '.join(sorted(ya))} versus {', '.join(sorted(yb))}", "high")
    _clock_and_parts(a, b, f)
    return f.items


def _months(a: TimeSets, b: TimeSets, f: _Findings) -> None:
    """A month on each side and no full date: "im Februar" vs "en janvier" (years are compared separately)."""
    if not a.get("month") or not b.get("month") or a.get("date") or b.get("date"):
        return
    ma, mb = {m[-2:] for m in a["month"]}, {m[-2:] for m in b["month"]}
    if ma & mb:
        f.agree("same month")
    else:
        f.conflict(f"{_month_names(ma)} versus {_month_names(mb)}")


def _month_names(months: set[str]) -> str:
    return ", ".join(calendar.month_name[int(m)] if m.isdigit() and 1 <= int(m) <= 12 else m for m in sorted(months))


def _date_against_weekday(a: TimeSets, b: TimeSets, f: _Findings) -> None:
    """A full date on one side, only a weekday on the other: the calendar decides."""
    if not a.get("date") or a.get("weekday") or not b.get("weekday") or b.get("date"):
        return
    days = {w for w in (_weekday_of(d) for d in a["date"]) if w}
    if not days:
        return
    if days & b["weekday"]:
        f.precision("the date falls on that weekday")
    else:
        f.conflict(f"the date is a {', '.join(sorted(days))}, not a {', '.join(sorted(b['weekday']))}")


def _minutes(values: set[str]) -> set[int]:
    return {int(t[:2]) * 60 + int(t[3:]) for t in values}


def _clock_and_parts(a: TimeSets, b: TimeSets, f: _Findings) -> None:
    ta, tb = _minutes(a.get("time_of_day", set())), _minutes(b.get("time_of_day", set()))
    pa, pb = a.get("part_of_day", set()), b.get("part_of_day", set())
    if ta and tb:
        gap = min(min(abs(x - y), 1440 - abs(x - y)) for x in ta for y in tb)
        if gap == 0:
            f.agree("same time")
        elif gap <= 60:
            f.precision("times within the hour")
        else:
            f.conflict(f"times {gap // 60}h{gap % 60:02d} apart")
    elif pa and pb:
        if pa & pb:
            f.agree("same part of the day")
        elif any(frozenset((x, y)) in ADJACENT_PARTS for x in pa for y in pb):
            f.precision("adjacent parts of the day")
        else:
            f.conflict(f"{', '.join(sorted(pa))} versus {', '.join(sorted(pb))}", "low")
    for clock, parts in ((ta, pb - pa), (tb, pa - pb)):
        if clock and parts and not (ta and tb):
            if any(_hour_in_part(t // 60, p) for t in clock for p in parts):
                f.precision("the clock time falls in that part of the day")
            else:
                f.conflict("the clock time is outside that part of the day", "low")
    # "Wednesday night" vs "Wednesday": one side narrows the day the other gives. That is precision, not conflict.
    finer_a, finer_b = bool(ta or pa), bool(tb or pb)
    shared_day = any(a.get(k, set()) & b.get(k, set()) for k in ("weekday", "relative", "date"))
    if finer_a != finer_b and shared_day:
        f.precision("one article gives the time of day, the other only the day")
