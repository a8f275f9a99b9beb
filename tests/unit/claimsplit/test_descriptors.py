"""Finer atoms: descriptions, "born"/"known as" asides, leading participles, examples and same-shape lists."""

from service.claimsplit.clauses import split_clauses
from service.claimsplit.descriptors import adjective_list, describe


def texts(sentence: str) -> list[str]:
    return [c.text for c in split_clauses(sentence)]


def test_a_list_of_adjectives_gives_one_description_each() -> None:
    assert texts("Python is a high-level, scripted and dynamically typed programming language.") == [
        "Python is a high-level, scripted and dynamically typed programming language",
        "Python is a high-level programming language",
        "Python is a scripted programming language",
        "Python is a dynamically typed programming language",
    ]
    assert describe("The crisis is a political and economic disaster for the region") == [
        "The crisis is a political disaster",
        "The crisis is an economic disaster",
    ]


def test_nouns_and_names_are_not_adjectives() -> None:
    assert describe("She is a singer, songwriter and actor") == [  # nouns: one role each, not adjectives
        "She is a singer",
        "She is a songwriter",
        "She is an actor",
    ]
    assert not adjective_list("the president, Volodymyr Zelensky, and his team")
    assert not adjective_list("a city of bridges, canals and museums")


def test_nationality_of_the_subject() -> None:
    assert describe("Timothée Chalamet is an American actor") == ["Timothée Chalamet is American"]
    assert describe("She is a French-American actress") == ["She is French-American"]
    assert describe("The studio is best known for its films") == []


def test_born_and_known_as_asides_are_facts_of_the_subject() -> None:
    assert texts("Javier Hernández Balcázar, born June 1, 1988, is a Mexican footballer.") == [
        "Javier Hernández Balcázar born June 1, 1988",
        "Javier Hernández Balcázar is a Mexican footballer",
        "Javier Hernández Balcázar is Mexican",
    ]
    known = texts("Javier Hernández, commonly known as Chicharito, is a professional footballer.")
    assert known[:2] == [
        "Javier Hernández commonly known as Chicharito",
        "Javier Hernández is a professional footballer",
    ]


def test_a_leading_participle_phrase_is_said_of_the_subject() -> None:
    assert texts("Born and raised in Plains, Georgia, Carter graduated from the Naval Academy in 1946.") == [
        "Carter graduated from the Naval Academy in 1946",
        "Carter graduated from the Naval Academy",
        "Carter born in Plains, Georgia",
        "Carter raised in Plains, Georgia",
    ]


def test_examples_after_such_as_each_hold() -> None:
    assert texts("Chalamet worked under well-known directors, such as Greta Gerwig, Woody Allen and Wes Anderson.") == [
        "Chalamet worked under well-known directors",
        "Chalamet worked under well-known directors such as Greta Gerwig",
        "Chalamet worked under well-known directors such as Woody Allen",
        "Chalamet worked under well-known directors such as Wes Anderson",
    ]


def test_list_items_of_one_shape_and_subjects_before_a_present_tense_verb() -> None:
    assert texts("He is known for his roles as Chip Sutphin in Serial Mom, Stevo in SLC Punk and Billy in Summer.") == [
        "He is known for his roles as Chip Sutphin in Serial Mom",
        "He is known for his roles as Stevo in SLC Punk",
        "He is known for his roles as Billy in Summer",
    ]
    assert texts("Michelle Pfeiffer, Ed Skrein and Chiwetel Ejiofor join the main cast.") == [
        "Michelle Pfeiffer join the main cast",
        "Ed Skrein join the main cast",
        "Chiwetel Ejiofor join the main cast",
    ]
    assert texts("The country is located in the west of the peninsula and borders Sweden in the east.") == [
        "The country is located in the west of the peninsula",
        "The country borders Sweden in the east",
    ]


def test_each_adjective_of_an_indefinite_description_holds_alone() -> None:
    assert describe("Egypt is a transcontinental sovereign country") == [
        "Egypt is a transcontinental country",
        "Egypt is a sovereign country",
    ]
    assert describe("Machu Picchu is an ancient Inca city") == [
        "Machu Picchu is an ancient city",
        "Machu Picchu is an Inca city",
    ]
    # "the first Mexican player" ranks, it does not describe; ordinals, adverbs and participle nouns are left alone
    assert describe("He became the first Mexican player") == []
    assert describe("Carter is a 39th American president") == []
    assert describe("Super Bowl LII was an American football game played in Minneapolis") == [
        "Super Bowl LII was American",  # the nationality, no "an American played": "played" is no noun
        "Super Bowl LII played in Minneapolis",
    ]


def test_a_participle_phrase_after_the_described_noun_is_said_of_the_subject() -> None:
    assert "The Boeing 787 developed by the American company Boeing" in describe(
        "The Boeing 787 is a twin-engine passenger aircraft developed by the American company Boeing"
    )
    assert texts("Studio Ghibli is an animation studio headquartered in Koganei, Tokyo.") == [
        "Studio Ghibli is an animation studio headquartered in Koganei, Tokyo",
        "Studio Ghibli headquartered in Koganei, Tokyo",
    ]
    # "the most attended in history" ranks the subject: no "the draft attended in history"
    assert describe("The draft was the most attended in history") == []


def test_each_listed_role_of_the_subject_holds_alone() -> None:
    assert describe("Matthew Lillard is an American actor, comedian, director, and producer") == [
        "Matthew Lillard is American",
        "Matthew Lillard is an American actor",
        "Matthew Lillard is a comedian",
        "Matthew Lillard is a director",
        "Matthew Lillard is a producer",
    ]
    assert describe("She is a lawyer and human rights activist") == [
        "She is a lawyer",
        "She is a human rights activist",
    ]
    # two words sharing one noun are one role; "the" names one thing, not roles
    assert describe("Dennis Quaid is an American actor and film and television director") == [
        "Dennis Quaid is American"
    ]
    assert describe("He is the president and chief executive") == []
