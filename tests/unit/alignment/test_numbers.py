"""find_quantities: surface forms to values, units and kinds; what must not count as a quantity."""

import pytest

from service.normalise.numbers import find_quantities

# (text, [(value, unit, kind, approximate)]) for every quantity expected, in order.
CASES: list[tuple[str, list[tuple[float, str | None, str, bool]]]] = [
    # percentages in every wording
    ("Russia occupies about 18% of Ukraine.", [(18, "%", "percent", True)]),
    ("Russia occupies 18 per cent of Ukraine.", [(18, "%", "percent", False)]),
    ("Russia occupies 18 percent of Ukraine.", [(18, "%", "percent", False)]),
    ("turnout rose 2.5% overnight", [(2.5, "%", "percent", False)]),
    ("support fell 5 percentage points", [(5, "pp", "percent", False)]),
    ("nearly 20% of voters", [(20, "%", "percent", True)]),
    ("eighteen per cent of the land", [(18, "%", "percent", False)]),
    ("half of the country", [(50, "%", "percent", False)]),
    ("a third of the army", [(33.33, "%", "percent", False)]),
    ("two-thirds of voters", [(66.67, "%", "percent", False)]),
    ("three quarters of the budget", [(75, "%", "percent", False)]),
    ("a quarter of homes", [(25, "%", "percent", False)]),
    # plain counts, digits and words
    ("shot down 13 drones", [(13, "drone", "number", False)]),
    ("shot down thirteen drones", [(13, "drone", "number", False)]),
    ("two Ukrainian aerial drones", [(2, "drone", "number", False)]),
    ("three soldiers were hurt", [(3, "soldier", "number", False)]),
    ("twenty-one soldiers", [(21, "soldier", "number", False)]),
    ("forty five people", [(45, "people", "number", False)]),
    ("three hundred and twenty people", [(320, "people", "number", False)]),
    ("some 30,000 troops", [(30000, "troop", "number", True)]),
    ("30k people", [(30000, "people", "number", False)]),
    ("30,000+ people", [(30000, "people", "number", True)]),
    ("1,234 people died", [(1234, "people", "number", False)]),
    ("1.5 million people", [(1_500_000, "people", "number", False)]),
    ("two million people", [(2_000_000, "people", "number", False)]),
    ("a million people", [(1_000_000, "people", "number", False)]),
    ("a dozen eggs", [(12, "egg", "number", False)]),
    ("12 km", [(12, "km", "number", False)]),
    ("12 kilometres away", [(12, "km", "number", False)]),
    ("more than 100 cities", [(100, "city", "number", True)]),
    ("at least 7 villages", [(7, "village", "number", True)]),
    ("up to 40 tanks", [(40, "tank", "number", True)]),
    ("fewer than 10 boxes", [(10, "box", "number", True)]),
    ("roughly 5,000 homes", [(5000, "home", "number", True)]),
    ("almost 60 missiles", [(60, "missile", "number", True)]),
    ("dozens of people", [(24, "people", "number", True)]),
    ("hundreds of drones", [(200, "drone", "number", True)]),
    ("thousands of refugees", [(2000, "refugee", "number", True)]),
    ("one of them", [(1, None, "number", False)]),
    # money
    ("$5 million", [(5_000_000, "USD", "money", False)]),
    ("US$5m in aid", [(5_000_000, "USD", "money", False)]),
    ("£3bn", [(3e9, "GBP", "money", False)]),
    ("€2.5 billion", [(2.5e9, "EUR", "money", False)]),
    ("10 million dollars", [(1e7, "USD", "money", False)]),
    ("40 euros each", [(40, "EUR", "money", False)]),
    ("200 pounds", [(200, "GBP", "money", False)]),
    ("about $50bn", [(5e10, "USD", "money", True)]),
    ("₴1,000", [(1000, "UAH", "money", False)]),
    # ages
    ("Kirillov, 54, for his actions", [(54, "years", "age", False)]),
    ("a 54-year-old man", [(54, "years", "age", False)]),
    ("the man, aged 54", [(54, "years", "age", False)]),
    ("She is 30 years old", [(30, "years", "age", False)]),
    # durations
    ("the nearly three-year war", [(3, "years", "duration", True)]),
    ("four years", [(4, "years", "duration", False)]),
    ("less than a month after", [(1, "months", "duration", True)]),
    ("a 10-day trip", [(10, "days", "duration", False)]),
    ("for 48 hours", [(48, "hours", "duration", False)]),
    ("three weeks of talks", [(3, "weeks", "duration", False)]),
    ("two decades", [(2, "decades", "duration", False)]),
    # ordinals
    ("the 3rd time", [(3, None, "ordinal", False)]),
    ("the 21st century", [(21, None, "ordinal", False)]),
    ("the first time", [(1, None, "ordinal", False)]),
    ("the fifth round", [(5, None, "ordinal", False)]),
    # several in one sentence
    ("13 drones and 2 missiles", [(13, "drone", "number", False), (2, "missile", "number", False)]),
    ("in 2014, 12 people died", [(12, "people", "number", False)]),
    ("at 9pm 3 people left", [(3, "people", "number", False)]),
]

NOTHING = [
    "since 2014",
    "on 14 February 2024",
    "February 14, 2024",
    "in March 2022",
    "at 9pm",
    "at 21:00",
    "F-16 jets",
    "G7 leaders",
    "COVID-19 rules",
    "Su-34 bombers",
    "no one knows",
    "one day when they decide",
    "they met one another",
    "the second round",  # "second" is also a unit of time; left out rather than guessed
    "Some information came from Reuters",
    "he has a plan",
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_find_quantities(text: str, expected: list[tuple[float, str | None, str, bool]]) -> None:
    found = [(round(q.value, 2), q.unit, q.kind, q.approximate) for q in find_quantities(text)]
    assert found == [(round(float(v), 2), u, k, a) for v, u, k, a in expected]


@pytest.mark.parametrize("text", NOTHING)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "surface"),
    [("about 18 per cent of", "18 per cent"), ("£3bn", "£3bn"), ("1.5 million people", "1.5 million people")],
)
def test_offsets_cover_the_surface_form(text: str, surface: str) -> None:
    q = find_quantities(text)[0]
    assert q.text == surface
    assert text[q.start or 0 : q.end] == surface


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("18%", "18 per cent"),
        ("30,000 people", "30k people"),
        ("three drones", "3 drones"),
        ("1.5 million people", "1,500,000 people"),
        ("£2bn", "£2 billion"),
        ("a dozen eggs", "12 eggs"),
    ],
)
def test_wordings_normalise_to_the_same_value(a: str, b: str) -> None:
    qa, qb = find_quantities(a)[0], find_quantities(b)[0]
    assert (qa.value, qa.unit, qa.kind) == (qb.value, qb.unit, qb.kind)
