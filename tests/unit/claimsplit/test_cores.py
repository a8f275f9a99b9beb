"""The clause without its trailing modifier is a claim too, unless a word left in it asks for what was cut."""

from service.claimsplit.clauses import split_clauses


def texts(sentence: str) -> list[str]:
    return [c.text for c in split_clauses(sentence)]


def test_the_clause_without_its_trailing_modifier_is_a_claim() -> None:
    assert texts("Four have won the Japan Academy Prize for Animation of the Year.") == [
        "Four have won the Japan Academy Prize for Animation of the Year",
        "Four have won the Japan Academy Prize",
    ]
    assert "It has collaborated with video game studios" in texts(
        "It has collaborated with video game studios on the visual development of several video games."
    )


def test_no_core_that_leaves_a_word_asking_for_its_complement() -> None:
    for sentence in (
        "The studio is best known for its animated feature films.",  # known | for
        "Rutte also appeared frustrated at speculation about the talks.",  # frustrated | at
        "De facto, these territories are now controlled by Russia.",  # a passive's agent
        "Authorities described the suspect as a member of a militia.",  # described ... | as
        "It comes less than a month after he gave similar remarks to Sky News.",  # a time clause, not a time
        "He wants to put Ukraine in the strongest position.",  # the infinitive's object
        "Researchers say that prices rose sharply across the country for a year.",  # inside a reported clause
    ):
        assert len(texts(sentence)) == 1, sentence


def test_spoken_words_keep_their_modifiers() -> None:
    assert texts("“We rely on our partners for air defence,” he said.") == ["We rely on our partners for air defence"]
    assert "people can be" not in texts("Because people can be at risk of infections, safer practices are advised.")
