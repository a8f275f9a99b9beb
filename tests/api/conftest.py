"""API test fixtures: a scripted model that answers from the fenced article, and TestClients around the app."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from service.api import create_app
from service.prompts import RenderedPrompt
from service.settings import Settings
from tests.conftest import SEED_CLEAN
from tests.fakes import FakeGateway

FENCE = re.compile(r"<<<ARTICLE\n(?P<body>.*)\nARTICLE>>>", re.DOTALL)
NUMBERED = re.compile(r"^\[(?P<id>\d+)\] (?P<text>.*)$", re.MULTILINE)

# (key point / claim wording, words copied from seed 003). Each quote is a real substring of the seed.
SEED_POINTS: list[tuple[str, str]] = [
    ("Russia occupies about 18% of Ukraine.", "Russia occupies about 18% of Ukraine."),
    (
        "Zelenskyy met NATO chief Mark Rutte in Brussels on Wednesday.",
        "Zelenskyy arrived in Brussels on Wednesday where he met with NATO chief Mark Rutte",
    ),
    ("Ukrainian air defenses shot down 13 drones.", "Ukrainian air defenses shot down 13 drones"),
]
INVENTED = ("Putin agreed to a ceasefire on Monday.", "Putin agreed to an immediate ceasefire on Monday")
HEADLINE = "Zelenskyy says Ukraine cannot retake occupied land by force"
SUMMARY = "Zelenskyy told Le Parisien that Ukraine lacks the military strength to retake its territory."


def fenced_article(prompt: RenderedPrompt) -> str:
    """The text inside the ARTICLE fence of the user message: exactly what the model is shown."""
    match = FENCE.search(prompt.messages[1]["content"])
    assert match, "the user message has no ARTICLE fence"
    return match["body"]


def short(sentence: str) -> str:
    """A key point as a small model writes it: the cited sentence's first words (schemas cap the length)."""
    return " ".join(sentence.split()[:12])


def sentence_enum(schema: type[BaseModel], holder: str) -> list[int]:
    """The sentence numbers a sentence-mode schema allows, read from its JSON schema as the model sees it."""
    sentence = schema.model_json_schema()["$defs"][holder]["properties"]["sentence"]
    enum: list[int] = sentence["enum"] if "enum" in sentence else [sentence["const"]]  # one choice is a const
    return enum


@dataclass
class ScriptedModel:
    """A ``responder`` for FakeGateway: quotes mode copies ``points`` (real quotes, checked against the fence),
    sentence mode cites the first allowed sentence numbers. Records every schema it was asked for."""

    points: list[tuple[str, str]] = field(default_factory=lambda: list(SEED_POINTS))
    headline: str = HEADLINE
    summary: str = SUMMARY
    schemas: list[type[BaseModel]] = field(default_factory=list)

    def __call__(self, prompt: RenderedPrompt, schema: type[BaseModel]) -> dict[str, Any]:
        self.schemas.append(schema)
        if prompt.id == "summarise_reduce":  # a long article's chunks reduced: pick among the listed points
            listed = [int(m["id"]) for m in NUMBERED.finditer(prompt.messages[1]["content"])]
            return {"headline": self.headline, "summary": self.summary, "point_ids": listed[:3] or [1]}
        article = fenced_article(prompt)
        if prompt.id == "summarise" and schema.__name__ == "SummaryDraft":
            return {
                "headline": self.headline,
                "summary": self.summary,
                "key_points": [{"point": point, "quote": quote} for point, quote in self.points],
            }
        if prompt.id == "summarise":
            sentences = {int(m["id"]): m["text"] for m in NUMBERED.finditer(article)}
            ids = sentence_enum(schema, "SentencePoint")[:3]
            return {
                "headline": self.headline,
                "summary": self.summary,
                "key_points": [{"point": short(sentences[i]), "sentence": i} for i in ids],
            }
        if prompt.id == "claims" and schema.__name__ == "ClaimsDraft":
            return {
                "claims": [
                    {"text": point, "kind": "fact", "attribution": None, "quote": quote} for point, quote in self.points
                ]
            }
        if prompt.id == "claims":
            sentences = {int(m["id"]): m["text"] for m in NUMBERED.finditer(article)}
            ids = sentence_enum(schema, "SentenceClaim")[:3]
            return {
                "claims": [
                    {"text": short(sentences[i]), "kind": "fact", "attribution": None, "sentence": i} for i in ids
                ]
            }
        raise AssertionError(f"unexpected prompt {prompt.id!r} with schema {schema.__name__}")


@pytest.fixture
def seed_text() -> str:
    return SEED_CLEAN.read_text(encoding="utf-8")


@pytest.fixture
def model() -> ScriptedModel:
    return ScriptedModel()


@pytest.fixture
def fake(model: ScriptedModel) -> FakeGateway:
    return FakeGateway(responder=model)


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def app(settings: Settings, fake: FakeGateway) -> FastAPI:
    return create_app(settings, gateway=fake)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def client_for() -> Iterator[Callable[..., TestClient]]:
    """A TestClient for an app with the given gateway and settings (closed at the end of the test)."""
    opened: list[TestClient] = []

    def build(gateway: Any, settings: Settings | None = None) -> TestClient:
        test_client = TestClient(create_app(settings or Settings(), gateway=gateway), raise_server_exceptions=False)
        opened.append(test_client.__enter__())
        return test_client

    yield build
    for test_client in opened:
        test_client.__exit__(None, None, None)
