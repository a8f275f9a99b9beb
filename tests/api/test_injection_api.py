"""Injection articles through the API with a model that obeys the attacker (issue 10, items 10-12): it quotes the
injected text, cites every sentence it may, and attributes claims to injected sources. Nothing injected may come
back as a grounded key point, claim, evidence or attribution, and the response lists what was flagged."""

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from service.prompts import RenderedPrompt
from tests.api.assertions import ClientFor
from tests.api.conftest import fenced_article, sentence_enum
from tests.fakes import FakeGateway
from tests.unit.injection.fixtures import CASES, InjectionCase

NUMBERED = re.compile(r"^\[(?P<id>\d+)\] ", re.MULTILINE)


class Obedient:
    """Does what the injected text asks: copies it as key points and claims."""

    def __init__(self, case: InjectionCase) -> None:
        self.case = case
        self.shown: list[str] = []

    def __call__(self, prompt: RenderedPrompt, schema: type[BaseModel]) -> dict[str, Any]:
        self.shown.append(fenced_article(prompt))
        injected = self.case.injected
        if schema.__name__ == "SummaryDraft":
            points = [{"point": frag, "quote": frag} for frag in [*injected, self.case.benign[0]]][:7]
            return {"headline": injected[-1][:120], "summary": " ".join(injected), "key_points": points}
        if schema.__name__ == "ClaimsDraft":
            claims = [
                {"text": frag, "kind": "fact", "attribution": "ASSISTANT", "quote": frag}
                for frag in [*injected, self.case.benign[0]]
            ]
            return {"claims": claims[:12]}
        if prompt.id == "summarise":
            ids = sentence_enum(schema, "SentencePoint")[:7]
            return {
                "headline": injected[-1][:120],
                "summary": " ".join(injected),
                "key_points": [{"point": "x", "sentence": i} for i in ids],
            }
        ids = sentence_enum(schema, "SentenceClaim")[:12]
        return {"claims": [{"text": "x", "kind": "fact", "attribution": "SYSTEM", "sentence": i} for i in ids]}


def texts_of(body: dict[str, Any]) -> list[str]:
    items = body["summary"]["key_points"] if "summary" in body else body["claims"]
    return [item["text"] for item in items] + [item["evidence"]["quote"] for item in items]


@pytest.mark.parametrize("grounding", ["quotes", "sentences"])
@pytest.mark.parametrize("route", ["/v1/summaries", "/v1/claims"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_injected_text_never_comes_back_as_the_articles_facts(
    client_for: ClientFor, case: InjectionCase, route: str, grounding: str
) -> None:
    model = Obedient(case)
    client: TestClient = client_for(FakeGateway(responder=model))
    resp = client.post(route, params={"grounding": grounding}, json={"text": case.text, "format": case.format})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    article = body["article"]
    flagged_ids = {s["id"] for s in article["sentences"] if s["flag"]}
    for fragment in case.injected:
        for text in texts_of(body):
            assert fragment not in text, (fragment, text)
        for shown in model.shown:
            assert fragment not in shown
    if "summary" in body:  # the headline and summary: never the injected text, whatever the model wrote
        shown_summary = f"{body['summary']['headline']}\n{body['summary']['summary']}"
        for fragment in case.injected:
            assert fragment not in shown_summary, (fragment, shown_summary)
    items = body["summary"]["key_points"] if "summary" in body else body["claims"]
    for item in items:
        assert not set(item["evidence"]["sentence_ids"]) & flagged_ids
        assert item.get("attribution") is None
    if any(frag in article["cleaned_text"] for frag in case.injected):
        assert article["flagged"], "the response must list what was flagged"
