"""A negation conflicts only with what it denies: "did not want to speak about it" is no denial of "speaking
about it plays into Putin's hands", while "did not shoot down" still denies "shot down"."""

import pytest

from service.alignment.checks import compare_claims
from service.alignment.features import IdfTable, claim_features, negated_words
from tests.unit.alignment.conftest import sentence_claim


def _compare(left: str, right: str) -> tuple[str, bool]:
    a = claim_features(0, 0, *_one("a", left))
    b = claim_features(1, 0, *_one("b", right))
    comparison = compare_claims(a, b, IdfTable([a.tokens, b.tokens]))
    return comparison.relation, comparison.negation_differs


def _one(article_id: str, text: str):  # type: ignore[no-untyped-def]
    article, claims = sentence_claim(article_id, text)
    return article, claims[0]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Rutte said he did not want to speak publicly about the talks.", {"want"}),
        ("He said there was no damage to infrastructure in the area.", {"damag"}),
        ("Ukrainian air defenses didn't shoot down 13 drones.", {"shoot"}),
        ("Kyiv would never recognise Russia's rule.", {"recogniz"}),
        ("The talks went ahead as planned.", set()),
    ],
)
def test_negated_words(text: str, words: set[str]) -> None:
    assert negated_words(text) == words


def test_a_negated_wish_is_no_denial_of_the_statement() -> None:
    relation, differs = _compare(
        "Rutte argued that speaking publicly about when peace talks might start plays into Putin's hands.",
        "Rutte said he did not want to speak publicly about when peace talks would begin, as that plays into "
        "Putin's hands.",
    )
    assert relation == "agree" and not differs


DENIALS = [
    (
        "Governor Taburets said Ukrainian air defenses over the Cherkasy region shot down 13 Russian drones.",
        "Governor Taburets said Ukrainian air defenses over the Cherkasy region did not shoot down 13 Russian drones.",
    ),
    (
        "He said there was damage to infrastructure in the area.",
        "He said there was no damage to infrastructure in the area.",
    ),
    (
        "Rutte said he wanted to speak publicly about the peace talks.",
        "Rutte said he did not want to speak publicly about the peace talks.",
    ),
]


@pytest.mark.parametrize(("left", "right"), DENIALS)
def test_a_denial_of_the_same_words_is_still_a_negation_conflict(left: str, right: str) -> None:
    relation, differs = _compare(left, right)
    assert relation == "conflict" and differs
