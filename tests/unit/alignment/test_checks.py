"""Deterministic checks: quantities, times, names, speakers and negation; precision is not conflict."""

import pytest

from schemas.mentions import Quantity
from service.alignment.checks import Comparison, compare_claims
from service.alignment.features import IdfTable, claim_features
from service.alignment.quantities import relate, step
from service.alignment.times import compare_times
from service.normalise.dates import find_times
from service.normalise.numbers import find_quantities
from tests.unit.alignment.conftest import sentence_claim


def compare(left: str, right: str) -> Comparison:
    (a, [ca]), (b, [cb]) = sentence_claim("a", left), sentence_claim("b", right)
    fa, fb = claim_features(0, 0, a, ca), claim_features(1, 0, b, cb)
    return compare_claims(fa, fb, IdfTable([fa.tokens, fb.tokens]))


def q(text: str) -> Quantity:
    return find_quantities(text)[0]


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("18%", "18 per cent", "equal"),
        ("30,000 people", "30k people", "equal"),
        ("three drones", "3 drones", "equal"),
        ("17.6%", "18%", "precision"),  # rounding
        ("about 18%", "19%", "precision"),  # hedged
        ("32,000 people", "30,000 people", "precision"),  # a round number
        ("hundreds of drones", "450 drones", "precision"),
        ("18%", "25%", "conflict"),
        ("13 drones", "10 drones", "conflict"),  # small numbers are not rounded
        ("54-year-old", "59-year-old", "conflict"),
        ("about 18%", "25%", "conflict"),
        ("hundreds of drones", "12 drones", "conflict"),
        ("£3bn", "£5bn", "conflict"),
    ],
)
def test_relate_quantities(a: str, b: str, relation: str) -> None:
    assert relate(q(a), q(b)) == relation


@pytest.mark.parametrize(("text", "expected"), [("18%", 1), ("17.6%", 0.1), ("30,000 people", 10000), ("three", 1)])
def test_rounding_step(text: str, expected: float) -> None:
    assert step(q(text)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("a", "b", "relation", "detail"),
    [
        ("on Wednesday night", "on Wednesday", "agree", "different_precision"),
        ("at 9pm on Wednesday", "on Wednesday night", "agree", "different_precision"),
        ("on 18 December 2024", "on Wednesday", "agree", "different_precision"),  # a Wednesday
        ("Dec 18", "18 December 2024", "agree", "different_precision"),
        ("on Wednesday", "on Wednesday", "agree", None),
        ("on Wednesday", "on Tuesday", "conflict", None),
        ("on Wednesday night", "on Tuesday night", "conflict", None),
        ("on 18 December 2024", "on Tuesday", "conflict", None),
        ("since 2014", "since 2015", "conflict", None),
        ("at 9am", "at 3pm", "conflict", None),
        ("at 9am", "on Wednesday night", "conflict", None),
    ],
)
def test_compare_times(a: str, b: str, relation: str, detail: str | None) -> None:
    findings = compare_times(find_times(a), find_times(b))
    if relation == "conflict":
        assert any(f.relation == "conflict" for f in findings)
    else:
        assert not any(f.relation == "conflict" for f in findings)
        assert relation == "agree"
        if detail is None:
            assert not any(f.detail for f in findings)
        else:
            assert any(f.detail == detail for f in findings)


def test_different_relative_words_are_not_a_conflict() -> None:
    # Published on different days, "yesterday" and "today" can name the same day.
    assert not compare_times(find_times("yesterday"), find_times("today"))


BASE = "Ihor Taburets, governor of Ukraine’s Cherkasy region, said Wednesday that air defenses shot down 13 drones."


@pytest.mark.parametrize(
    ("edited", "conflict_type", "left", "right"),
    [
        (BASE.replace("13 drones", "31 drones"), "numeric", "13 drone", "31 drone"),
        (BASE.replace("Wednesday", "Thursday"), "date_time", "wednesday", "thursday"),
        (BASE.replace("Ihor Taburets", "Serhii Tiurin"), "attribution", "Ihor Taburets", "Serhii Tiurin"),
        (BASE.replace("Cherkasy", "Poltava"), "entity", "Cherkasy", "Poltava"),
        (BASE.replace("shot down", "did not shoot down"), "negation", "affirmative", "negative"),
    ],
)
def test_each_edit_kind_is_a_typed_conflict(edited: str, conflict_type: str, left: str, right: str) -> None:
    c = compare(BASE, edited)
    assert c.relation == "conflict"
    [finding] = [f for f in c.conflicts if f.conflict_type == conflict_type]
    assert (finding.left_value, finding.right_value) == (left, right)
    assert finding.severity in ("low", "medium", "high")


def test_title_change_is_an_entity_conflict() -> None:
    c = compare("Polish Prime Minister Donald Tusk met Zelenskyy.", "Polish President Donald Tusk met Zelenskyy.")
    assert c.relation == "conflict"
    assert [(f.left_value, f.right_value) for f in c.conflicts] == [
        ("prime minister Donald Tusk", "president Donald Tusk")
    ]


def test_two_differing_slots_are_two_events_not_a_conflict() -> None:
    # Two governors report two different drone counts: different facts, not a dispute.
    c = compare(BASE, "Khmelnytskyi Governor Serhii Tiurin said Wednesday that air defenses shot down two drones.")
    assert c.conflicts
    assert c.relation == "unrelated"


@pytest.mark.parametrize(
    ("a", "b", "relation", "detail"),
    [
        (
            "Zelenskyy arrived in Brussels on Wednesday night.",
            "Zelenskyy arrived in Brussels on Wednesday.",
            "agree",
            "different_precision",
        ),
        ("Zelenskyy arrived in Brussels on Wednesday.", "Zelensky arrived in Brussels on Wednesday.", "agree", None),
        ("Russia occupies about 18% of Ukraine.", "Russia occupies about 18 per cent of Ukraine.", "agree", None),
        ("Russia occupies 17.6% of Ukraine.", "Russia occupies 18% of Ukraine.", "agree", "different_precision"),
        ("Ukrainian forces shot down two drones.", "Ukrainian forces shot down 2 drones.", "agree", None),
        (
            "Ukrainian forces shot down two drones.",
            "Ukrainian forces shot down two drones over Kursk.",
            "agree",
            "different_detail",
        ),
        (
            "Ukrainian forces shot down two drones.",
            "Kirillov was 54 and had been sanctioned by Canada.",
            "unrelated",
            None,
        ),
    ],
)
def test_rules_verdict(a: str, b: str, relation: str, detail: str | None) -> None:
    c = compare(a, b)
    assert (c.relation, c.detail) == (relation, detail)
