"""Fixtures for the text-layer tests: the seed scrapes, their cleaned articles, and a generated long article."""

from pathlib import Path

import pytest

from bench.segment_speed import long_article_text
from schemas.article import Article, ArticleInput
from service.ingest import clean_article

SEEDS = Path(__file__).parents[3] / "seeds"
SEED_000 = SEEDS / "000_3bd73946c354d6d9.txt"
SEED_003 = SEEDS / "003_2e13a831589c994b.txt"


def read_seed(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed000_text() -> str:
    return read_seed(SEED_000)


@pytest.fixture(scope="session")
def seed003_text() -> str:
    return read_seed(SEED_003)


@pytest.fixture(scope="session")
def seed000() -> Article:
    return clean_article(ArticleInput(text=read_seed(SEED_000)))


@pytest.fixture(scope="session")
def seed003() -> Article:
    return clean_article(ArticleInput(text=read_seed(SEED_003)))


@pytest.fixture(scope="session")
def long_text() -> str:
    return long_article_text()
