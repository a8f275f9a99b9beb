"""Deterministic support check: invented numbers and names, spelling tolerance, content-word overlap."""

import pytest

from schemas.article import Article
from service.grounding import check_support


def test_supported_sentence_with_variants(seed003: Article) -> None:
    text = seed003.cleaned_text
    # "per cent" for "%", "Zelensky" for "Zelenskyy", a possessive, "Thirteen" for "13".
    check = check_support(
        "Zelensky told Le Parisien that Russia occupies about 18 per cent of Ukraine’s territory.", text, text
    )
    assert check.unsupported_terms == []
    assert check.supported
    assert check.score >= 0.5
    assert check_support("Thirteen drones were shot down over Cherkasy.", text, text).unsupported_terms == []


def test_invented_number_and_name_are_flagged(seed003: Article) -> None:
    text = seed003.cleaned_text
    check = check_support("While Rutte met Zelenskyy, Olaf Scholz said 45% of drones were shot down.", text, text)
    assert check.unsupported_terms == ["45%"]
    assert not check.supported
    check = check_support("Joe Biden said Kirillov’s killing in Moscow was justified.", text, text)
    assert check.unsupported_terms == ["Joe Biden"]
    assert not check.supported


def test_spelled_out_numbers_must_match_too(seed003: Article) -> None:
    text = seed003.cleaned_text
    assert check_support("Ukrainian forces shot down twenty drones.", text, text).unsupported_terms == ["twenty"]
    assert check_support("Ukrainian forces shot down two drones.", text, text).unsupported_terms == []
    # "one" is mostly a pronoun, not a figure.
    assert check_support("One of the leaders was Donald Tusk.", text, text).unsupported_terms == []


def test_scaled_numbers_match_either_form() -> None:
    article = "The fund holds $1,500,000 and employs 2.5 million people."
    assert check_support("The fund holds 1.5 million dollars.", article, article).unsupported_terms == []
    assert check_support("It employs 2,500,000 people.", article, article).unsupported_terms == []
    assert check_support("It employs 3 million people.", article, article).unsupported_terms == ["3 million people"]
    # the one number parser: "30k" is 30,000, and "about" does not change the value
    assert check_support("About 30k people marched.", "Police said 30,000 people marched.").supported


def test_sentence_openers_are_not_names() -> None:
    article = "Kyiv said the talks failed."
    for opener in ("The", "While", "Meanwhile,", "However,", "Separately,", "Earlier"):
        check = check_support(f"{opener} Kyiv said the talks failed.", article, article)
        assert check.unsupported_terms == [], opener
    # ...but a capitalised word mid-sentence is checked.
    assert check_support("Kyiv said the Warsaw talks failed.", article, article).unsupported_terms == ["Warsaw"]
    # Quoted speech starts a sentence too.
    assert check_support("Kyiv said: “These talks failed.”", article, article).unsupported_terms == []


def test_name_similarity_is_strict_for_different_names() -> None:
    article = "Officials from Austria and Iran met in Vienna."
    check = check_support("Officials from Australia and Iraq met in Vienna.", article, article)
    assert check.unsupported_terms == ["Australia", "Iraq"]


def test_multiword_names_are_reported_whole() -> None:
    article = "European Commission President Ursula von der Leyen spoke in Brussels."
    assert check_support("Ursula von der Leyen spoke.", article, article).unsupported_terms == []
    assert check_support("Ursula von der Brand spoke.", article, article).unsupported_terms == ["Ursula von der Brand"]


def test_score_is_content_word_overlap_with_the_evidence() -> None:
    evidence = "Ukrainian air defenses shot down 13 drones."
    article = evidence + " The attacks targeted the energy grid."
    check = check_support("Air defenses shot down 13 drones.", evidence, article)
    assert check.score == 1.0
    assert check.supported
    # Words only found elsewhere in the article do not count as support from this evidence.
    check = check_support("The attacks targeted the energy grid.", evidence, article)
    assert check.unsupported_terms == []
    assert check.score == 0.0
    assert not check.supported
    # Suffixes are stripped: "defense"/"defenses", "shooting"/"shot" is not caught (no lemmatiser).
    check = check_support("The defense downed drones.", evidence, article)
    assert check.score == pytest.approx(2 / 3)


def test_min_overlap_is_configurable() -> None:
    evidence = "Ukrainian air defenses shot down 13 drones."
    check = check_support("Air defenses reportedly intercepted 13 aircraft overnight.", evidence, evidence)
    assert check.score == pytest.approx(2 / 6)  # numbers are compared as values, not counted as words
    assert check.supported
    assert not check_support(
        "Air defenses reportedly intercepted 13 aircraft overnight.", evidence, evidence, min_overlap=0.5
    ).supported


def test_empty_sentence_is_not_supported() -> None:
    check = check_support("", "Some evidence.", "Some evidence.")
    assert (check.score, check.unsupported_terms, check.supported) == (0.0, [], False)


def test_numbers_names_and_dates_must_be_in_the_evidence_span_not_just_the_article() -> None:
    article = "The council spent $30 million on roads. Another $18 million went to schools. Fire crews rescued 45 cats."
    evidence = "Another $18 million went to schools."
    # every word of the statement occurs somewhere in the article, but not in what it cites
    check = check_support("Fire crews rescued 45 people from schools.", evidence, article)
    assert "45 people" in check.unsupported_terms and not check.supported
    assert check_support("$18 million went to schools.", evidence, article).supported
    check = check_support("The mayor said on Tuesday that $18 million went to schools.", evidence, article)
    assert check.unsupported_terms == ["Tuesday"]


def test_attributions_are_checked_against_the_evidence() -> None:
    from service.grounding.support import attribution_supported

    evidence = "Mayor Anna Berg said the school will open in May."
    assert attribution_supported("Anna Berg", evidence)
    assert not attribution_supported("Governor Tom Hale", evidence)
    # "she said" in the evidence: the speaker may be named just before it
    assert attribution_supported("Anna Berg", "She said it will open in May.", "Mayor Anna Berg visited the site.")
    assert not attribution_supported("Tom Hale", "She said it will open in May.", "Mayor Anna Berg visited.")
