"""Clauses with their own subject after a relative "for which", "although" or a leading "Because" are claims."""

from service.claimsplit.clauses import split_clauses
from service.claimsplit.spans import brackets, clean


def texts(sentence: str) -> list[str]:
    return [c.text for c in split_clauses(sentence)]


def test_a_prepositional_relative_clause_is_its_own_claim() -> None:
    got = texts("He portrayed a teenager in the drama Beautiful Boy, for which he received a Golden Globe nomination.")
    assert got == [
        "He portrayed a teenager in the drama Beautiful Boy",
        "He portrayed a teenager",
        "he received a Golden Globe nomination",
    ]
    elected = texts("A peace deal led to elections in 2005, in which Ellen Johnson Sirleaf was elected president.")
    assert "Ellen Johnson Sirleaf was elected president" in elected
    # "which" with no subject of its own after it is left to the relative-clause rules
    assert "was later sold" not in texts("He built a house, in which was later sold a collection of maps.")


def test_although_and_because_clauses_are_claims() -> None:
    assert texts("Its official language is English, although around thirty indigenous languages are also spoken.") == [
        "Its official language is English",
        "around thirty indigenous languages are also spoken",
    ]
    assert texts("Because the bridge was closed, traffic was diverted through the town centre.") == [
        "the bridge was closed",
        "traffic was diverted through the town centre",
    ]


def test_each_thing_a_participle_phrase_lists_is_said_of_the_subject() -> None:
    assert texts("The Nile crosses the desert, forming a narrow valley and a large delta.") == [
        "The Nile crosses the desert",
        "The Nile forming a narrow valley",
        "The Nile forming a large delta",
    ]


def test_a_bracketed_aside_does_not_hide_a_list_or_cut_a_name() -> None:
    assert texts("The climate is hot, tropical and humid (equatorial).") == [
        "The climate is hot",
        "The climate is tropical",
        "The climate is humid",
    ]
    sentence = "Javier Hernández Balcázar (Spanish: [xaˈβjeɾ] (listen); born 1 June 1988) is a Mexican footballer."
    assert [sentence[a:b] for a, b in brackets(sentence)] == ["(Spanish: [xaˈβjeɾ] (listen); born 1 June 1988)"]
    assert texts(sentence)[0] == "Javier Hernández Balcázar is a Mexican footballer"
    assert clean("Egypt (in Arabic, مصر (Miṣr)) , officially the Arab Republic of Egypt") == (
        "Egypt, officially the Arab Republic of Egypt"
    )
    assert brackets("an unclosed (aside") == []


def test_a_list_ends_at_its_last_and_even_with_a_comma_after_it() -> None:
    assert texts("He sold the farm to his brother, to his sister and to a neighbour, a retired teacher.") == [
        "He sold the farm to his brother",
        "He sold the farm to his sister",
        "He sold the farm to a neighbour, a retired teacher",
    ]


def test_a_list_of_names_each_with_its_direction_gives_one_claim_each() -> None:
    assert texts("It borders Sudan to the south, Libya to the west and Israel to the northeast.") == [
        "It borders Sudan to the south",
        "It borders Libya to the west",
        "It borders Israel to the northeast",
    ]
