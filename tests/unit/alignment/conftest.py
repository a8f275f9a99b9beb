"""Alignment fixtures: the two seed articles cleaned by the real ingest, with every sentence as a claim."""

from pathlib import Path

import pytest

from schemas.article import Article, ArticleInput, Sentence
from schemas.claims import Claim
from service.alignment.align import claims_from_sentences
from service.ingest import clean_article

ROOT = Path(__file__).resolve().parents[3]
SEED_A = ROOT / "seeds" / "000_3bd73946c354d6d9.txt"  # Sky News
SEED_B = ROOT / "seeds" / "003_2e13a831589c994b.txt"  # VOA


def article_from_text(text: str, article_id: str) -> Article:
    return clean_article(ArticleInput(text=text), article_id=article_id)


def one_sentence_article(article_id: str, text: str) -> Article:
    return Article(
        id=article_id, format="text", cleaned_text=text, sentences=[Sentence(id=1, start=0, end=len(text), text=text)]
    )


def sentence_claim(article_id: str, text: str) -> tuple[Article, list[Claim]]:
    article = one_sentence_article(article_id, text)
    return article, claims_from_sentences(article)


@pytest.fixture(scope="session")
def seed_a() -> Article:
    return article_from_text(SEED_A.read_text(encoding="utf-8"), "sky")


@pytest.fixture(scope="session")
def seed_b() -> Article:
    return article_from_text(SEED_B.read_text(encoding="utf-8"), "voa")
