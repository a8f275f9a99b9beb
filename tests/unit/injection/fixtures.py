"""The injection articles of ``tests/fixtures/injection_articles.yaml`` and checks shared by the injection tests."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from schemas.article import Article, ArticleInput
from service.ingest import clean_article

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "injection_articles.yaml"


@dataclass(frozen=True)
class InjectionCase:
    name: str
    text: str
    benign: list[str]
    injected: list[str]
    format: Literal["auto", "text", "html"] = "auto"
    extra: dict[str, str] = field(default_factory=dict)

    def clean(self) -> Article:
        return clean_article(ArticleInput(text=self.text, format=self.format))


def load_cases() -> list[InjectionCase]:
    raw = yaml.safe_load(FIXTURES.read_text(encoding="utf-8"))
    return [InjectionCase(**item) for item in raw]


CASES = load_cases()


def injected_is_inert(article: Article, fragment: str) -> bool:
    """The fragment is gone from the cleaned text, or every sentence it touches is flagged and inside a span."""
    at = article.cleaned_text.find(fragment)
    if at < 0:
        return True
    end = at + len(fragment)
    touched = [s for s in article.sentences if s.start < end and s.end > at]
    covered = any(span.start <= at and span.end >= end for span in article.flagged)
    return bool(touched) and all(s.flag for s in touched) and covered
