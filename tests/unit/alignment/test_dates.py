"""find_times: dates, weekdays, times and relative expressions, normalised; "Wednesday night" is two mentions."""

import pytest

from service.normalise.dates import find_times

CASES: list[tuple[str, list[tuple[str, str]]]] = [
    ("On Wednesday, he told", [("weekday", "wednesday")]),
    ("Speaking on Wednesday night ahead", [("weekday", "wednesday"), ("part_of_day", "night")]),
    ("on Tuesday morning", [("weekday", "tuesday"), ("part_of_day", "morning")]),
    ("late on Friday evening", [("weekday", "friday"), ("part_of_day", "evening")]),
    ("Wednesday’s talks", [("weekday", "wednesday")]),
    ("Wednesday's talks", [("weekday", "wednesday")]),
    ("on Sundays", [("weekday", "sunday")]),
    ("Monday and Thursday", [("weekday", "monday"), ("weekday", "thursday")]),
    ("on 14 February 2024", [("date", "2024-02-14")]),
    ("on 14th February 2024", [("date", "2024-02-14")]),
    ("on the 14th of February", [("date", "--02-14")]),
    ("February 14, 2024", [("date", "2024-02-14")]),
    ("Feb. 14, 2024", [("date", "2024-02-14")]),
    ("Dec 18", [("date", "--12-18")]),
    ("December 18th", [("date", "--12-18")]),
    ("18 December", [("date", "--12-18")]),
    ("2024-12-18", [("date", "2024-12-18")]),
    ("18/12/2024", [("date", "2024-12-18")]),
    ("03/04/2024", [("date", "2024-04-03")]),
    ("12/25/2024", [("date", "2024-12-25")]),
    ("in March 2014", [("month", "2014-03")]),
    ("in March", [("month", "--03")]),
    ("since May", [("month", "--05")]),
    ("Theresa May said", []),
    ("since 2014", [("year", "2014")]),
    ("in 1991", [("year", "1991")]),
    ("between 2014 and 2022", [("year", "2014"), ("year", "2022")]),
    ("at 9pm", [("time_of_day", "21:00")]),
    ("at 9 p.m.", [("time_of_day", "21:00")]),
    ("at 9.30am", [("time_of_day", "09:30")]),
    ("at 12am", [("time_of_day", "00:00")]),
    ("at 12pm", [("time_of_day", "12:00")]),
    ("at 21:00", [("time_of_day", "21:00")]),
    ("at 07:45", [("time_of_day", "07:45")]),
    ("at noon", [("time_of_day", "12:00")]),
    ("at midnight", [("time_of_day", "00:00")]),
    ("at 14:30 GMT", [("time_of_day", "14:30")]),
    ("yesterday", [("relative", "yesterday")]),
    ("today", [("relative", "today")]),
    ("tomorrow", [("relative", "tomorrow")]),
    ("last night", [("part_of_day", "night"), ("relative", "yesterday")]),
    ("tonight", [("part_of_day", "night"), ("relative", "today")]),
    ("this morning", [("part_of_day", "morning"), ("relative", "today")]),
    ("yesterday evening", [("relative", "yesterday"), ("part_of_day", "evening")]),
    ("The Kremlin said last week", [("relative", "last_week")]),
    ("next month", [("relative", "next_month")]),
    ("earlier this week", [("relative", "this_week")]),
    ("last year", [("relative", "last_year")]),
    ("three days ago", [("relative", "3_day_ago")]),
    ("a month ago", [("relative", "1_month_ago")]),
    ("two hours earlier", [("relative", "2_hour_ago")]),
    ("overnight aerial attacks", [("part_of_day", "night")]),
    ("in the morning", [("part_of_day", "morning")]),
    ("Wednesday on Telegram", [("weekday", "wednesday")]),
    ("about 18% of Ukraine", []),
    ("1.5 million people", []),
    ("Mayor Jones", []),
    ("he may march", []),
    ("$2014 million", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_find_times(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.kind, t.value) for t in find_times(text)] == expected


def test_offsets_index_the_text() -> None:
    text = "Speaking to Sky News on Wednesday night ahead of a meeting"
    found = find_times(text)
    assert [text[t.start or 0 : t.end] for t in found] == ["Wednesday", "night"]
