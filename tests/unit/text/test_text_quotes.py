"""Quote location (exact, normalised, fuzzy, none) and sentence-id evidence against the seed articles."""

import random

import pytest

from schemas.article import Article
from schemas.evidence import Evidence
from service.grounding import evidence_from_sentences, locate_quote


def assert_span(evidence: Evidence, article: Article) -> None:
    assert evidence.grounded
    assert evidence.start is not None
    assert evidence.end is not None
    assert article.cleaned_text[evidence.start : evidence.end] == evidence.quote
    overlapping = [s.id for s in article.sentences if s.start < evidence.end and s.end > evidence.start]
    assert evidence.sentence_ids == overlapping
    assert overlapping


def test_exact_quote(seed003: Article) -> None:
    quote = "Russia occupies about 18% of Ukraine."
    evidence = locate_quote(quote, seed003)
    start = seed003.cleaned_text.index(quote)
    assert (evidence.match, evidence.start, evidence.end, evidence.score) == ("exact", start, start + len(quote), 1.0)
    assert evidence.model_quote is None
    assert_span(evidence, seed003)
    assert [seed003.sentences[i - 1].text for i in evidence.sentence_ids] == [quote]


def test_random_substrings_are_found_exactly(seed003: Article) -> None:
    text = seed003.cleaned_text
    rng = random.Random(20241218)
    checked = 0
    while checked < 300:
        start = rng.randrange(len(text))
        quote = text[start : start + rng.randint(12, 240)].strip()
        if len(quote) < 12 or len(quote.split()) < 3:
            continue
        evidence = locate_quote(quote, seed003)
        assert evidence.match == "exact", quote
        assert evidence.start == text.find(quote)
        assert evidence.quote == quote
        assert_span(evidence, seed003)
        checked += 1


def test_random_substrings_survive_typical_model_rewrites(seed003: Article) -> None:
    """Lowercased, straight quotes, hyphens for dashes, a trailing full stop: still found, same place.

    (Spans cutting an editorial "[...]" insertion are widened to the whole insertion; tested separately.)
    """
    text = seed003.cleaned_text
    rng = random.Random(7)
    checked = 0
    while checked < 150:
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randint(20, 160))
        original = text[start:end]
        if (
            "\n" in original
            or len(original.split()) < 4
            or text.count(original) != 1
            or "[" in original
            or "]" in original
        ):
            continue
        rewritten = original.lower().replace("’", "'").replace("—", "-") + "."
        evidence = locate_quote(rewritten, seed003)
        assert evidence.match in ("exact", "normalised"), rewritten
        assert_span(evidence, seed003)
        # Same place: only edge spaces/punctuation/quote marks may be trimmed from the original span.
        assert evidence.start is not None
        assert evidence.end is not None
        assert start <= evidence.start <= start + 3
        assert end - 3 <= evidence.end <= end
        checked += 1


@pytest.mark.parametrize(
    ("model_quote", "expected"),
    [
        # Straight apostrophe and trailing punctuation.
        (
            "Ukraine's constitution prohibits it from forfeiting its territories.",
            "Ukraine’s constitution prohibits it from forfeiting its territories",
        ),
        # Case and whitespace.
        ("RUSSIA OCCUPIES   about 18% of Ukraine", "Russia occupies about 18% of Ukraine"),
        # The model drops the editorial insertion...
        (
            "to force Putin to sit down at the negotiating table",
            "to force [Russian President Vladimir] Putin to sit down at the negotiating table",
        ),
        # ...or keeps its words without the brackets.
        (
            "force Russian President Vladimir Putin to sit down",
            "force [Russian President Vladimir] Putin to sit down",
        ),
        # Elided quote: both parts, in order, the span covering the gap.
        (
            "We can only count on diplomatic pressure ... to force Putin to sit down",
            "We can only count on diplomatic pressure from the international community to force "
            "[Russian President Vladimir] Putin to sit down",
        ),
    ],
)
def test_normalised_matches_map_back_to_original_offsets(seed003: Article, model_quote: str, expected: str) -> None:
    evidence = locate_quote(model_quote, seed003)
    assert evidence.match == "normalised"
    assert evidence.quote == expected
    assert evidence.start == seed003.cleaned_text.index(expected)
    assert evidence.model_quote == model_quote
    assert_span(evidence, seed003)


def test_normalised_scare_quotes_and_ellipsis(seed000: Article) -> None:
    evidence = locate_quote("his forces do not have the strength to recover land", seed000)
    assert (evidence.match, evidence.quote) == ("normalised", "his forces “do not have the strength” to recover land")
    evidence = locate_quote("when it comes to air defence ... we make sure", seed000)
    assert (evidence.match, evidence.quote) == ("normalised", "when it comes to air defence… we make sure")
    assert_span(evidence, seed000)


def test_fuzzy_match_returns_article_span_and_keeps_model_text(seed003: Article) -> None:
    model_quote = (
        "Zelenskyy arrived in Brussels on Wednesday, where he met NATO chief Mark Rutte and other European leaders"
    )
    evidence = locate_quote(model_quote, seed003)
    assert evidence.match == "fuzzy"
    assert evidence.quote == (
        "Zelenskyy arrived in Brussels on Wednesday where he met with NATO chief Mark Rutte and other European leaders"
    )
    assert evidence.model_quote == model_quote
    assert 0.85 <= evidence.score < 1.0
    assert_span(evidence, seed003)


def test_fuzzy_threshold_is_respected(seed003: Article) -> None:
    model_quote = (
        "Zelenskyy arrived in Brussels on Wednesday, where he met NATO chief Mark Rutte and other European leaders"
    )
    assert locate_quote(model_quote, seed003, fuzzy_threshold=0.99).match == "none"


@pytest.mark.parametrize(
    "model_quote",
    [
        "Zelenskyy said Ukraine will retake Crimea by the summer with new tanks",  # invented
        "Ukraine has not got the strength to expel Russian forces from Crimea",  # paraphrase, not a quote
        "Le Parisien",  # occurs, but too short to ground anything
        "said Wednesday",  # two words
        "",
        "   ",
    ],
)
def test_ungrounded_quotes(seed003: Article, model_quote: str) -> None:
    evidence = locate_quote(model_quote, seed003)
    assert (evidence.grounded, evidence.match, evidence.start, evidence.end) == (False, "none", None, None)
    assert evidence.sentence_ids == []
    assert evidence.score == 0.0
    assert evidence.quote == model_quote


def test_quote_spanning_two_sentences_lists_both(seed003: Article) -> None:
    quote = "shot down 13 drones. He said there was no damage"
    evidence = locate_quote(quote, seed003)
    assert evidence.match == "exact"
    assert len(evidence.sentence_ids) == 2
    assert_span(evidence, seed003)


def test_evidence_from_contiguous_sentences(seed003: Article) -> None:
    evidence = evidence_from_sentences([3, 2], seed003)
    s2, s3 = seed003.sentences[1], seed003.sentences[2]
    assert (evidence.match, evidence.score, evidence.sentence_ids) == ("sentence", 1.0, [2, 3])
    assert (evidence.start, evidence.end) == (s2.start, s3.end)
    assert evidence.quote == seed003.cleaned_text[s2.start : s3.end]
    assert evidence.model_quote is None


def test_evidence_from_scattered_sentences_quotes_the_first(seed003: Article) -> None:
    evidence = evidence_from_sentences([6, 2, 6], seed003)
    s2, s6 = seed003.sentences[1], seed003.sentences[5]
    assert (evidence.quote, evidence.start, evidence.end) == (s2.text, s2.start, s2.end)
    assert evidence.sentence_ids == [2, 6]
    assert evidence.model_quote == f"{s2.text} … {s6.text}"


@pytest.mark.parametrize("ids", [[], [0], [1, 999]])
def test_evidence_from_unknown_sentences_is_ungrounded(seed003: Article, ids: list[int]) -> None:
    evidence = evidence_from_sentences(ids, seed003)
    assert (evidence.grounded, evidence.match, evidence.start, evidence.quote) == (False, "none", None, "")
