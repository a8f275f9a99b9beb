"""The whole-response cache on the API: a repeat is answered before cleaning, in the stored JSON, and only
exact repeats (same article, options, config and code) are."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import service.api.app
import service.api.routes_articles
from service.api import create_app
from service.settings import CacheConfig, RoleConfig, Settings
from tests.api.conftest import ScriptedModel
from tests.fakes import FakeGateway

HOSTED = {"default": RoleConfig(model="fake/model", grounding="quotes")}


@pytest.fixture
def fake() -> FakeGateway:
    return FakeGateway(responder=ScriptedModel(), roles=HOSTED)


@pytest.fixture
def client(tmp_path: Path, fake: FakeGateway, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A real runtime and disk cache, with the model gateway swapped for the scripted fake."""
    monkeypatch.setattr(service.api.app, "build_gateway", lambda runtime: fake)
    settings = Settings(roles=HOSTED, cache=CacheConfig(directory=tmp_path / "cache"))
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def summary(client: TestClient, text: str, **params: Any) -> dict[str, Any]:
    resp = client.post("/v1/summaries", json={"text": text}, params=params)
    assert resp.status_code == 200, resp.text
    body: dict[str, Any] = resp.json()
    return body


def test_repeat_is_answered_from_the_response_cache(client: TestClient, fake: FakeGateway, seed_text: str) -> None:
    first = summary(client, seed_text)
    calls = fake.calls
    second = summary(client, seed_text)
    assert fake.calls == calls
    assert second["summary"] == first["summary"] and second["article"] == first["article"]
    assert (first["meta"]["cached"], second["meta"]["cached"]) == (False, True)
    assert second["meta"]["prompt_tokens"] == 0 and second["meta"]["attempts"] == 0
    assert all(call["cached"] for call in second["meta"]["call_log"])


def test_plain_text_body_shares_the_entry_of_the_same_json_body(
    client: TestClient, fake: FakeGateway, seed_text: str
) -> None:
    resp = client.post("/v1/summaries", json={"text": seed_text, "format": "text"})
    assert resp.status_code == 200 and resp.json()["meta"]["cached"] is False
    calls = fake.calls
    resp = client.post("/v1/summaries", content=seed_text.encode(), headers={"content-type": "text/plain"})
    assert resp.status_code == 200 and resp.json()["meta"]["cached"] is True
    assert fake.calls == calls


def test_other_options_or_text_are_misses(client: TestClient, fake: FakeGateway, seed_text: str) -> None:
    summary(client, seed_text)
    calls = fake.calls
    summary(client, seed_text, keep_ungrounded="true")
    assert fake.calls > calls
    calls = fake.calls
    summary(client, seed_text.replace("18%", "19%"))
    assert fake.calls > calls


def test_bad_input_is_still_refused_on_a_warm_cache(client: TestClient, seed_text: str) -> None:
    summary(client, seed_text)
    assert client.post("/v1/summaries", json={"text": "   "}).status_code == 422
    assert client.post("/v1/summaries", json={"text": seed_text, "colour": "red"}).status_code == 422


def test_streamed_request_still_streams_on_a_warm_cache(client: TestClient, seed_text: str) -> None:
    summary(client, seed_text)
    resp = client.post("/v1/summaries", json={"text": seed_text}, params={"stream": "true"})
    assert resp.status_code == 200
    assert "event: result" in resp.text


def test_failed_request_writes_nothing(client: TestClient, fake: FakeGateway, seed_text: str) -> None:
    fake.responder = lambda prompt, schema: {"nonsense": True}
    assert client.post("/v1/summaries", json={"text": seed_text}).status_code == 502
    fake.responder = ScriptedModel()
    assert summary(client, seed_text)["meta"]["cached"] is False


def test_check_validates_like_the_other_routes_and_runs_nothing(
    client: TestClient, fake: FakeGateway, seed_text: str
) -> None:
    ok = client.post("/v1/check", json={"text": seed_text})
    assert ok.status_code == 200 and ok.json() == {"ok": True, "chars": len(seed_text), "format": "auto"}
    assert client.post("/v1/check", json={"text": "x", "colour": "red"}).status_code == 422
    assert client.post("/v1/check", content=b"\xff\xfe", headers={"content-type": "text/plain"}).status_code == 400
    assert fake.calls == 0


def test_repeat_is_answered_from_the_body_bytes_without_parsing(
    client: TestClient, seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = client.post("/v1/summaries", json={"text": seed_text})
    assert first.status_code == 200 and "x-factalign-cache" not in first.headers

    def refuse(*args: object) -> None:
        raise AssertionError("a repeat must not be parsed or validated")

    monkeypatch.setattr(service.api.routes_articles, "parse_article", refuse)
    again = client.post("/v1/summaries", json={"text": seed_text})
    assert again.status_code == 200 and again.headers["x-factalign-cache"] == "hit"
    assert again.json()["meta"]["cached"] is True and again.json()["summary"] == first.json()["summary"]
    other = client.post("/v1/summaries", json={"text": seed_text}, params={"keep_ungrounded": "true"})
    assert other.status_code == 500  # other options: a different key, so it is parsed (and here refused)


def test_answer_found_by_its_validated_form_is_stored_for_its_bytes_too(
    client: TestClient, fake: FakeGateway, seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert client.post("/v1/summaries", json={"text": seed_text, "format": "text"}).status_code == 200
    plain = {"content": seed_text.encode(), "headers": {"content-type": "text/plain"}}
    assert client.post("/v1/summaries", **plain).headers["x-factalign-cache"] == "hit"  # parsed, found by form
    monkeypatch.setattr(service.api.routes_articles, "parse_article", None)
    assert client.post("/v1/summaries", **plain).headers["x-factalign-cache"] == "hit"  # now by its bytes


def test_alignment_repeat_is_answered_from_the_body_bytes(
    client: TestClient, fake: FakeGateway, seed_text: str
) -> None:
    articles = {"articles": [{"id": "a", "text": seed_text}, {"id": "b", "text": seed_text.replace("18%", "20%")}]}
    first = client.post("/v1/alignments", json=articles)
    assert first.status_code == 200, first.text
    calls = fake.calls
    again = client.post("/v1/alignments", json=articles)
    assert again.headers.get("x-factalign-cache") == "hit" and fake.calls == calls
    assert again.json()["alignment"] == first.json()["alignment"]


def test_a_hit_skips_the_route_but_not_the_guard_the_limits_or_the_metrics(
    tmp_path: Path, fake: FakeGateway, seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    from service.settings import AccessConfig, ApiKey, LimitsConfig

    monkeypatch.setattr(service.api.app, "build_gateway", lambda runtime: fake)
    access = AccessConfig(keys=[ApiKey(name="desk", sha256=hashlib.sha256(b"k-1").hexdigest())])
    settings = Settings(roles=HOSTED, cache=CacheConfig(directory=tmp_path / "c"), access=access,
                        limits=LimitsConfig(max_body_bytes=64 * 1024))  # fmt: skip
    key = {"x-api-key": "k-1"}
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        first = client.post("/v1/summaries", json={"text": seed_text}, headers=key)
        assert first.status_code == 200
        big = {"text": seed_text * 40}
        assert client.post("/v1/summaries", json=big, headers=key).status_code == 413  # the limit, not a lookup
        before = summaries_counted(client.get("/metrics").text)

        async def no_route(*args: object) -> None:
            raise AssertionError("a plain repeat is answered before routing")

        monkeypatch.setattr(service.api.routes_articles, "one_article", no_route)
        again = client.post("/v1/summaries", json={"text": seed_text}, headers=key)
        assert again.status_code == 200 and again.headers["x-factalign-cache"] == "hit"
        assert again.json()["summary"] == first.json()["summary"]
        assert client.post("/v1/summaries", json={"text": seed_text}).status_code == 401  # no key: refused first
        assert summaries_counted(client.get("/metrics").text) == before + 1  # counted under its route


def summaries_counted(metrics: str) -> float:
    for row in metrics.splitlines():
        if row.startswith("factalign_http_requests_total{") and 'route="/v1/summaries"' in row and '"200"' in row:
            return float(row.rsplit(" ", 1)[1])
    return 0.0


def test_a_repeat_in_another_query_spelling_is_answered_by_the_route(client: TestClient, seed_text: str) -> None:
    first = client.post("/v1/summaries", json={"text": seed_text}, params={"keep_ungrounded": "true"})
    again = client.post("/v1/summaries", json={"text": seed_text}, params={"keep_ungrounded": "1"})
    assert again.status_code == 200 and again.headers["x-factalign-cache"] == "hit"  # parsed by FastAPI, then found
    assert again.json()["summary"] == first.json()["summary"]
