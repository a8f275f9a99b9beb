"""Fixtures for the text-layer tests: the seed scrapes, their cleaned articles, and a generated long article."""

import random
from pathlib import Path

import pytest

from schemas.article import Article, ArticleInput
from service.ingest import clean_article

SEEDS = Path(__file__).parents[3] / "seeds"
SEED_000 = SEEDS / "000_3bd73946c354d6d9.txt"
SEED_003 = SEEDS / "003_2e13a831589c994b.txt"


def read_seed(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def long_article_text(min_words: int = 20_000, seed: int = 1) -> str:
    """A long plain-text article built from the seed 003 paragraphs with their numbers varied."""
    rng = random.Random(seed)
    paragraphs = [line for line in read_seed(SEED_003).splitlines() if line.strip()]
    out: list[str] = []
    words = 0
    while words < min_words:
        paragraph = rng.choice(paragraphs)
        # Vary every figure so repeated paragraphs are not identical (quotes must still map to one place).
        varied = "".join(str(rng.randint(2, 999)) if ch.isdigit() else ch for ch in paragraph)
        varied = f"{varied} On day {len(out) + 1}, officials said {rng.randint(2, 9999)} people were affected."
        out.append(varied)
        words += len(varied.split())
    return "\n\n".join(out)


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
