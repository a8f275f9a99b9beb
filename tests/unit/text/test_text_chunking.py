"""Chunking sentences of long articles: budgets respected, offsets global, every sentence placed once."""

import itertools

import pytest

from schemas.article import ArticleInput, Sentence
from service.chunking import chunk_sentences
from service.ingest import clean_article


def span(chunk: list[Sentence]) -> int:
    return chunk[-1].end - chunk[0].start


def test_long_article_chunks_cover_every_sentence_once(long_text: str) -> None:
    article = clean_article(ArticleInput(text=long_text))
    assert len(article.cleaned_text.split()) >= 20_000
    chunks = chunk_sentences(article.sentences, max_chars=4_000)
    flat = [s for chunk in chunks for s in chunk]
    assert flat == article.sentences  # in order, each exactly once, objects untouched
    assert len(chunks) > 30
    for chunk in chunks:
        assert span(chunk) <= 4_000 or len(chunk) == 1
        for sentence in chunk:
            assert article.cleaned_text[sentence.start : sentence.end] == sentence.text
    # Greedy: adding the next chunk's first sentence would have broken the budget.
    for chunk, following in itertools.pairwise(chunks):
        assert following[0].end - chunk[0].start > 4_000


def test_oversized_sentence_is_its_own_chunk() -> None:
    sentences = [
        Sentence(id=1, start=0, end=10, text="a" * 10),
        Sentence(id=2, start=11, end=111, text="b" * 100),
        Sentence(id=3, start=112, end=122, text="c" * 10),
        Sentence(id=4, start=123, end=133, text="d" * 10),
    ]
    chunks = chunk_sentences(sentences, max_chars=30)
    assert [[s.id for s in chunk] for chunk in chunks] == [[1], [2], [3, 4]]


def test_overlap_repeats_trailing_sentences_that_fit() -> None:
    sentences = [Sentence(id=i + 1, start=i * 11, end=i * 11 + 10, text="x" * 10) for i in range(8)]
    chunks = chunk_sentences(sentences, max_chars=32, overlap=1)
    assert [[s.id for s in chunk] for chunk in chunks] == [[1, 2, 3], [3, 4, 5], [5, 6, 7], [7, 8]]
    assert {s.id for chunk in chunks for s in chunk} == set(range(1, 9))


def test_overlap_never_stalls_on_big_sentences() -> None:
    sentences = [Sentence(id=i + 1, start=i * 51, end=i * 51 + 50, text="x" * 50) for i in range(5)]
    chunks = chunk_sentences(sentences, max_chars=60, overlap=3)
    assert [[s.id for s in chunk] for chunk in chunks] == [[1], [2], [3], [4], [5]]


def test_empty_input_and_bad_arguments() -> None:
    assert chunk_sentences([], max_chars=100) == []
    with pytest.raises(ValueError, match="max_chars"):
        chunk_sentences([], max_chars=0)
    with pytest.raises(ValueError, match="overlap"):
        chunk_sentences([], max_chars=10, overlap=-1)
