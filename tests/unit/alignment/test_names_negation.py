"""Names with titles, spelling variants of one name, and negation polarity."""

import pytest

from service.normalise.names import find_names, same_entity, spelling_key
from service.normalise.negation import negation_cues, polarity, strip_negation


@pytest.mark.parametrize(
    ("text", "name", "kind", "offices"),
    [
        ("President Volodymyr Zelenskyy told Le Parisien", "Volodymyr Zelenskyy", "person", {"president"}),
        ("Polish Prime Minister Donald Tusk", "Donald Tusk", "person", {"prime minister"}),
        ("German Chancellor Olaf Scholz", "Olaf Scholz", "person", {"chancellor"}),
        ("Khmelnytskyi Governor Serhii Tiurin said", "Serhii Tiurin", "person", {"governor"}),
        ("Ihor Taburets, governor of Ukraine’s Cherkasy region, said", "Ihor Taburets", "person", {"governor"}),
        ("UK foreign secretary David Lammy said", "David Lammy", "person", {"foreign minister"}),
        ("Lt. Gen. Igor Kirillov, the chief", "Igor Kirillov", "person", {"lieutenant general"}),
        ("U.S. President-elect Donald Trump takes office", "Donald Trump", "person", {"president-elect"}),
        ("European Commission President Ursula von der Leyen", "Ursula von der Leyen", "person", {"president"}),
        ("NATO chief Mark Rutte", "Mark Rutte", "person", set()),
        ("Sir Keir Starmer has spoken", "Keir Starmer", "person", set()),
        ("Russia’s Defense Ministry said", "Defense Ministry", "org", set()),
        ("Speaking to Sky News on Wednesday", "Sky News", "org", set()),
    ],
)
def test_find_names_with_titles(text: str, name: str, kind: str, offices: set[str]) -> None:
    found = {n.name: n for n in find_names(text)}
    assert name in found, [n.name for n in find_names(text)]
    assert found[name].kind == kind
    assert set(found[name].offices) == offices


@pytest.mark.parametrize("text", ["On Wednesday he said", "But the talks", "Speaking to reporters", "In March"])
def test_sentence_starts_and_times_are_not_names(text: str) -> None:
    assert find_names(text) == []


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Mr Zelensky said", "President Volodymyr Zelenskyy said", True),
        ("Zelenskiy said", "Zelenskyy said", True),
        ("V. Zelenski said", "Volodymyr Zelenskyy said", True),
        ("Mr Putin said", "Vladimir Putin said", True),
        ("Donald Tusk said", "Donald Trump said", False),
        ("Olaf Scholz said", "Mark Rutte said", False),
        ("Dmitry Peskov said", "Sergei Lavrov said", False),
        ("John Smith said", "Jane Smith said", False),
        ("NATO said", "NATO said", True),
        ("Kiev said", "Kyiv said", True),
    ],
)
def test_same_entity(a: str, b: str, same: bool) -> None:
    assert same_entity(find_names(a)[0], find_names(b)[0]) is same


@pytest.mark.parametrize(("a", "b"), [("Zelenskyy", "Zelensky"), ("Zelenskiy", "Zelenski"), ("Kiev", "Kyiv")])
def test_spelling_key_folds_transliterations(a: str, b: str) -> None:
    assert spelling_key(a) == spelling_key(b)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("He said there was damage to infrastructure.", 1),
        ("He said there was no damage to infrastructure.", -1),
        ("Ukraine does not have the strength.", -1),
        ("Ukraine doesn't have the strength.", -1),
        ("Ukraine cannot remove Russian troops.", -1),
        ("Kyiv would never recognise Russia’s rule.", -1),
        ("Nobody was hurt.", -1),
        ("It is not only about money but about will.", 1),  # "not only" denies nothing
        ("The constitution forbids it.", 1),  # lexical negatives are reported, not counted
        ("It is not true that nobody came.", 1),  # double negation
    ],
)
def test_polarity(text: str, value: int) -> None:
    assert polarity(text) == value


def test_lexical_negatives_are_weak_cues() -> None:
    cues = negation_cues("Russia denied the attack and did not comment.")
    assert [(c.text, c.strong) for c in cues] == [("denied", False), ("not", True)]


def test_strip_negation_keeps_the_rest() -> None:
    assert strip_negation("Ukraine doesn't have the strength").split() == ["Ukraine", "does", "have", "the", "strength"]
