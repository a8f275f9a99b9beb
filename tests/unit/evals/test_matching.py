"""Lexical matcher: fact presence and one-to-one claim pairing."""

from evals.scorers.matching import fact_present, pair_claims, similarity


def test_fact_present_needs_all_words_of_a_phrasing() -> None:
    text = "Zelenskyy told Le Parisien that Ukraine cannot remove Russian troops."
    assert fact_present(["Le Parisien"], text)
    assert fact_present(["no such phrase", "cannot remove Russian troops"], text)
    assert not fact_present(["Brussels"], text)
    assert not fact_present(["position of strength"], "Ukraine lacks the strength it needs.")


def test_similarity_ignores_case_order_and_punctuation() -> None:
    assert similarity("Russian troops, Crimea", "crimea RUSSIAN troops") == 100.0


def test_pairing_is_one_to_one() -> None:
    predicted = ["Russia occupies about 18% of Ukraine and holds Crimea since 2014."]
    gold = ["Russia occupies about 18% of Ukraine.", "Russia has held Crimea since 2014."]
    pairing = pair_claims(predicted, gold)
    assert len(pairing.pairs) == 1  # one long claim cannot satisfy two labelled claims
    assert pairing.n_predicted == 1 and pairing.n_gold == 2


def test_pairing_threshold_rejects_unrelated_claims() -> None:
    assert pair_claims(["The weather was sunny in Paris."], ["Russia occupies about 18% of Ukraine."]).pairs == ()
