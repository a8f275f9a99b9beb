"""German, French and Spanish: detection, sentence splitting, numbers, dates and the prompt's answer language."""

import pytest

from schemas.article import ArticleInput
from service.ingest import clean_article
from service.ingest.language import detect_language
from service.normalise.dates import find_times
from service.normalise.languages import LANGUAGES, answer_in
from service.normalise.localised import anglicise
from service.normalise.numbers import find_quantities
from service.pipeline.prompt_input import prompt_text
from service.prompts import load_prompt, render
from service.segment import split_sentences

DE = "Die Hafenbrücke in Port Alder wird am Montag für drei Wochen gesperrt, teilte der Stadtrat am Freitag mit."
FR = "Le pont du port de Port Alder sera fermé lundi pendant trois semaines, a annoncé vendredi le conseil municipal."
ES = "El puente del puerto de Port Alder cerrará el lunes durante tres semanas, informó el viernes el ayuntamiento."


@pytest.mark.parametrize(("text", "code"), [(DE, "de"), (FR, "fr"), (ES, "es")])
def test_detection(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_other_news_languages_are_still_told_apart() -> None:
    # Only 22 of langdetect's 55 profiles are loaded (memory): languages inside that set keep their own code.
    italian = "Il ponte del porto di Port Alder resterà chiuso da lunedì per tre settimane, ha comunicato il comune."
    portuguese = "A ponte do porto de Port Alder vai fechar na segunda-feira durante três semanas, informou a câmara."
    assert (detect_language(italian), detect_language(portuguese)) == ("it", "pt")


def test_short_or_empty_text_counts_as_english() -> None:
    assert detect_language("Okay.") == "en"
    assert detect_language("12 345 678") == "en"


def test_every_english_reading_fits_its_phrase() -> None:
    """anglicise keeps offsets only if no English reading is longer than the local phrase it replaces."""
    for lang in LANGUAGES.values():
        for phrase, english in lang.number_words.items():
            assert len(english) <= len(phrase), (lang.code, phrase, english)


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("de", "Rund 22.000 Fahrzeuge", [("22.000", 22000.0, "vehicle", True)]),
        ("de", "Die Reparatur kostet 4,2 Millionen Euro.", [("4,2 Millionen Euro", 4.2e6, "EUR", False)]),
        ("de", "etwa 18 % der Pendler und 18 Prozent", [("18 %", 18.0, "%", True), ("18 Prozent", 18.0, "%", False)]),
        (
            "de",
            "Drei Menschen, 1.234,5 km",
            [("Drei Menschen", 3.0, "people", False), ("1.234,5 km", 1234.5, "km", False)],
        ),
        ("fr", "Environ 22 000 véhicules", [("22 000", 22000.0, "vehicle", True)]),
        ("fr", "coût : 4,2 millions d'euros", [("4,2 millions d'euros", 4.2e6, "EUR", False)]),
        (
            "fr",
            "12 pour cent, trois personnes",
            [("12 pour cent", 12.0, "%", False), ("trois personnes", 3.0, "people", False)],
        ),
        ("es", "Unos 22.000 vehículos", [("22.000", 22000.0, "vehicle", True)]),
        ("es", "3 mil millones de dólares", [("3 mil millones de dólares", 3e9, "USD", False)]),
        ("es", "el 18 % y 12 por ciento", [("18 %", 18.0, "%", False), ("12 por ciento", 12.0, "%", False)]),
        ("en", "1.234 tonnes", [("1.234 tonnes", 1.234, "t", False)]),  # English: "." stays a decimal point
    ],
)
def test_local_number_formats(code: str, text: str, expected: list[tuple[str, float, str | None, bool]]) -> None:
    found = find_quantities(text, code)
    assert [(q.text, q.value, q.unit, q.approximate) for q in found] == expected
    for q in found:
        assert text[q.start : q.end] == q.text  # offsets index the original words


def test_anglicise_keeps_length_and_leaves_english_alone() -> None:
    text = "Zwölf Menschen zahlten 1.234,50 Euro, eine Million Dollar."
    read = anglicise(text, "de")
    assert len(read) == len(text)
    assert read.startswith("12    people   zahlten 1,234.50 Euro, 1 million    Dollar.")
    assert anglicise(text, "en") is text


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        (
            "de",
            "Am Montag, dem 14. März 2025, um 8.30 Uhr",
            [("Montag", "monday"), ("14. März 2025", "2025-03-14"), ("8.30 Uhr", "08:30")],
        ),
        (
            "de",
            "gestern am Abend, morgen, im Mai 2024",
            [("gestern", "yesterday"), ("Abend", "evening"), ("morgen", "tomorrow"), ("Mai 2024", "2024-05")],
        ),
        (
            "fr",
            "Le lundi 14 mars 2025 à 8h30, hier soir",
            [
                ("lundi", "monday"),
                ("14 mars 2025", "2025-03-14"),
                ("8h30", "08:30"),
                ("hier", "yesterday"),
                ("soir", "evening"),
            ],
        ),
        ("fr", "le 1er mai, demain", [("1er mai", "--05-01"), ("demain", "tomorrow")]),
        (
            "es",
            "El lunes 14 de marzo de 2025 a las 8:30",
            [("lunes", "monday"), ("14 de marzo de 2025", "2025-03-14"), ("a las 8:30", "08:30")],
        ),
        (
            "es",
            "ayer por la noche, en marzo de 2024",
            [("ayer", "yesterday"), ("noche", "night"), ("marzo de 2024", "2024-03")],
        ),
    ],
)
def test_local_dates_and_times(code: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in find_times(text, code)] == expected


def test_dates_are_not_read_as_quantities() -> None:
    assert find_quantities("Am 14. März 2025 kamen 300 Menschen.", "de")[0].text == "300 Menschen"
    assert len(find_quantities("Am 14. März 2025 kamen 300 Menschen.", "de")) == 1


def test_sentence_splitting_follows_the_language() -> None:
    text = "Die Firma, z. B. die Deutsche Bahn, zahlt 3,5 Mio. Euro. Das ist viel."
    assert [s.text for s in split_sentences(text, "de")] == [
        "Die Firma, z. B. die Deutsche Bahn, zahlt 3,5 Mio. Euro.",
        "Das ist viel.",
    ]
    assert len(split_sentences(text, "en")) > 2  # English rules cut after "z." and "Mio."
    french = "M. Dupont a dit que le pont fermera. Il a raison."
    assert [s.text for s in split_sentences(french, "fr")] == ["M. Dupont a dit que le pont fermera.", "Il a raison."]


def test_cleaned_article_carries_its_language() -> None:
    assert clean_article(ArticleInput(text=f"{DE}\n\n{DE}")).language == "de"
    assert clean_article(ArticleInput(text=FR, language="fr")).language == "fr"
    with pytest.raises(ValueError, match="pattern"):
        ArticleInput(text=FR, language="French")


def test_prompts_say_which_language_to_answer_in() -> None:
    article = clean_article(ArticleInput(text=f"{FR}\n\n{FR}"))
    prompt = render(load_prompt("summarise"), title="", mode="quotes", min_points=1, max_points=3,
                    **prompt_text(article, article.sentences, "quotes"))  # fmt: skip
    assert prompt.messages[0]["content"].endswith(answer_in("fr") or "")
    assert "Write every text field (headline, summary, key points, claims) in French" in prompt.messages[0]["content"]
    english = clean_article(ArticleInput(text="The harbour bridge will close on Monday for three weeks of repairs."))
    plain = render(load_prompt("summarise"), title="", mode="quotes", min_points=1, max_points=3,
                   **prompt_text(english, english.sentences, "quotes"))  # fmt: skip
    assert "Write every text field" not in plain.messages[0]["content"]
    assert answer_in("en") is None


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("de", "Der Einsturz sei nicht zu befürchten, sagte Ines Okafor am Freitag."),
        ("de", "Laut Ines Okafor ist die Brücke sicher."),
        ("fr", "Ines Okafor a déclaré que le pont était sûr."),
        ("fr", "Selon Ines Okafor, le pont est sûr."),
        ("es", "Ines Okafor dijo que el puente era seguro."),
        ("es", "Según Ines Okafor, el puente es seguro."),
        ("en", "Ines Okafor said the bridge was safe."),
    ],
)
def test_reporting_verbs_name_the_speaker(code: str, text: str) -> None:
    from schemas.claims import Claim
    from schemas.evidence import Evidence, SupportCheck
    from service.alignment.features import claim_features

    article = clean_article(ArticleInput(text=text, language=code))
    evidence = Evidence(quote=text, start=0, end=len(text), grounded=True, match="exact", score=1.0)
    claim = Claim(id="c1", text=text, kind="quote", evidence=evidence, grounded=True,
                  support=SupportCheck(score=1.0, unsupported_terms=[], supported=True))  # fmt: skip
    speaker = claim_features(0, 0, article, claim).speaker
    assert speaker is not None and "Okafor" in speaker.name


def test_german_nouns_and_sentence_start_words_are_not_names() -> None:
    from service.normalise.names import find_names

    text = "Rund 22.000 Fahrzeuge überqueren die Brücke täglich, sagte die Sprecherin Ines Okafor. Die NATO schwieg."
    found = find_names(text, "de")
    assert [(n.name, text[n.start : n.end]) for n in found] == [
        ("Sprecherin Ines Okafor", "Sprecherin Ines Okafor."),
        ("NATO", "NATO"),
    ]
    assert [n.name for n in find_names("Selon Ines Okafor, le pont est sûr.", "fr")] == ["Ines Okafor"]
