"""POST /v1/alignments and /v1/reports through the app factory with a fake gateway."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.settings import LimitsConfig, Settings
from tests.fakes import FakeGateway
from tests.unit.alignment.claim_factory import story_model
from tests.unit.alignment.conftest import SEED_A, SEED_B

TEXT_B = SEED_B.read_text(encoding="utf-8")
EDITED_B = TEXT_B.replace("Russia occupies about 18% of Ukraine.", "Russia occupies about 25% of Ukraine.")


@pytest.fixture
def fake() -> FakeGateway:
    return FakeGateway(responder=story_model("same"))


@pytest.fixture
def client(fake: FakeGateway) -> Iterator[TestClient]:
    app = create_app(Settings(limits=LimitsConfig(max_articles=3)), gateway=fake)
    with TestClient(app) as test_client:
        yield test_client


def body(*articles: tuple[str, str]) -> dict[str, Any]:
    return {
        "articles": [{"id": article_id, "text": text, "source": article_id.upper()} for article_id, text in articles]
    }


def test_alignment_finds_the_edited_number(client: TestClient, fake: FakeGateway) -> None:
    resp = client.post("/v1/alignments", json=body(("voa", TEXT_B), ("copy", EDITED_B)))
    assert resp.status_code == 200, resp.text
    data = resp.json()
    conflicts = data["alignment"]["conflicts"]
    assert [(c["conflict_type"], c["left_value"], c["right_value"]) for c in conflicts] == [
        ("numeric", "~18 %", "~25 %")
    ]
    left = conflicts[0]["left"]["evidence"]
    cleaned = data["articles"][0]["cleaned_text"]
    assert cleaned[left["start"] : left["end"]] == "Russia occupies about 18% of Ukraine."
    assert [a["id"] for a in data["articles"]] == ["voa", "copy"]
    assert data["meta"]["calls"] == fake.calls
    assert data["meta"]["prompts"]["claims"] == 1


def test_duplicate_ids_are_a_422_that_names_them(client: TestClient) -> None:
    resp = client.post("/v1/alignments", json=body(("a", TEXT_B), ("a", EDITED_B)))
    assert resp.status_code == 422
    assert "unique" in resp.text and "a" in resp.json()["error"]["message"]


@pytest.mark.parametrize("count", [0, 1])
def test_fewer_than_two_articles_is_a_422(client: TestClient, count: int) -> None:
    resp = client.post("/v1/alignments", json=body(*[(f"a{i}", TEXT_B) for i in range(count)]))
    assert resp.status_code == 422


def test_more_than_the_configured_limit_is_a_422(client: TestClient, fake: FakeGateway) -> None:
    resp = client.post("/v1/alignments", json=body(*[(f"a{i}", TEXT_B) for i in range(4)]))
    assert resp.status_code == 422
    assert "max_articles" in resp.json()["error"]["message"]
    assert fake.calls == 0


def test_empty_article_propagates_as_an_input_error(client: TestClient) -> None:
    resp = client.post("/v1/alignments", json=body(("a", TEXT_B), ("b", "   ")))
    assert resp.status_code == 422


def test_report_has_extractive_consensus_and_attributed_uniques(client: TestClient) -> None:
    text_a = SEED_A.read_text(encoding="utf-8")
    resp = client.post("/v1/reports", json=body(("sky", text_a), ("voa", TEXT_B)))
    assert resp.status_code == 200, resp.text
    report = resp.json()["report"]
    assert [d["article"]["id"] for d in report["digests"]] == ["sky", "voa"]
    claim_texts = {c["text"] for g in report["alignment"]["groups"] for c in g["claims"]}
    for point in report["consensus"]:
        assert point["text"] in claim_texts  # extractive: worded exactly as an article's claim
        assert len(point["article_ids"]) >= 2
    assert report["single_source"]
    assert all(p["attributed"].startswith(("According to SKY:", "According to VOA:")) for p in report["single_source"])
