"""``?stream=true`` / ``Accept: text/event-stream`` on the POST routes: progress events, then the result."""

from fastapi.testclient import TestClient

from schemas.summary import SummaryResponse
from service.errors import ModelUnavailable
from tests.api.assertions import ClientFor, assert_error
from tests.fakes import FakeGateway
from tests.unit.alignment.claim_factory import story_model
from tests.unit.alignment.conftest import SEED_A, SEED_B
from tests.unit.progress.test_progress import parse


def stream(client: TestClient, path: str, **kwargs: object) -> list[tuple[str, object]]:
    with client.stream("POST", path, **kwargs) as resp:  # type: ignore[arg-type]
        assert resp.status_code == 200
        assert resp.headers["content-type"].startswith("text/event-stream")
        return parse(list(resp.iter_text()))


def test_summary_stream_reports_stages_calls_then_result(client: TestClient, seed_text: str) -> None:
    events = stream(client, "/v1/summaries?stream=true", json={"text": seed_text})
    names = [name for name, _ in events]
    assert names[-1] == "result" and set(names[:-1]) == {"progress"}
    progress = [data for name, data in events if name == "progress"]
    steps = [(e["kind"], e["stage"]) for e in progress if e["kind"].startswith("stage")]  # type: ignore[index]
    assert steps[:2] == [("stage_started", "clean"), ("stage_finished", "clean")]
    assert ("stage_started", "key_points") in steps and steps[-1] == ("stage_finished", "key_points")
    calls = [e for e in progress if e["kind"] == "model_call"]  # type: ignore[index]
    assert [c["data"]["prompt"] for c in calls] == ["summarise"]  # type: ignore[index]
    assert [e["seq"] for e in progress] == list(range(len(progress)))  # type: ignore[index]
    result = SummaryResponse.model_validate(events[-1][1])
    plain = SummaryResponse.model_validate(client.post("/v1/summaries", json={"text": seed_text}).json())
    assert result.summary == plain.summary


def test_accept_header_asks_for_a_stream(client: TestClient, seed_text: str) -> None:
    events = stream(client, "/v1/claims", json={"text": seed_text}, headers={"accept": "text/event-stream"})
    assert events[-1][0] == "result"
    assert "claims" in events[-1][1]  # type: ignore[operator]


def test_model_failure_ends_the_stream_with_an_error_event(client_for: ClientFor, seed_text: str) -> None:
    client = client_for(FakeGateway({"summarise": [{"headline": "only"}]}))
    events = stream(client, "/v1/summaries?stream=true", json={"text": seed_text})
    name, data = events[-1]
    assert name == "error"
    assert data["status"] == 502 and data["error"]["type"] == "InvalidModelOutput"  # type: ignore[index]


def test_error_event_carries_retry_after_when_the_http_answer_would(client_for: ClientFor, seed_text: str) -> None:
    def unavailable(prompt: object, schema: object) -> object:
        raise ModelUnavailable("the model server is down; try again shortly", retry_after=17)

    client = client_for(FakeGateway(responder=unavailable))
    plain = client.post("/v1/summaries", json={"text": seed_text})
    assert plain.status_code == 503 and plain.headers["retry-after"] == "17"
    name, data = stream(client, "/v1/summaries?stream=true", json={"text": seed_text})[-1]
    assert name == "error"
    assert data["status"] == 503 and data["retry_after"] == 17  # type: ignore[index]
    assert data["error"]["type"] == "ModelUnavailable"  # type: ignore[index]


def test_error_event_without_retry_after_has_none(client_for: ClientFor, seed_text: str) -> None:
    client = client_for(FakeGateway({"summarise": [{"headline": "only"}]}))
    name, data = stream(client, "/v1/summaries?stream=true", json={"text": seed_text})[-1]
    assert name == "error" and "retry_after" not in data  # type: ignore[operator]


def test_unreadable_input_is_refused_before_streaming(client: TestClient, fake: FakeGateway) -> None:
    resp = client.post("/v1/summaries?stream=true", json={"text": "   "})
    assert_error(resp, 422, "EmptyInput", "empty")
    assert fake.calls == 0


def test_alignment_stream_counts_articles(client_for: ClientFor) -> None:
    client = client_for(FakeGateway(responder=story_model("same")))
    body = {"articles": [{"id": "a", "text": SEED_A.read_text()}, {"id": "b", "text": SEED_B.read_text()}]}
    events = stream(client, "/v1/alignments?stream=true", json=body)
    articles = [d for n, d in events if n == "progress" and d["kind"] == "article"]  # type: ignore[index]
    assert sorted((e["done"], e["total"]) for e in articles) == [(1, 2), (2, 2)]  # type: ignore[index]
    assert events[-1][0] == "result"
    assert [a["id"] for a in events[-1][1]["articles"]] == ["a", "b"]  # type: ignore[index]


def test_refused_url_is_a_plain_422_even_when_streaming(client: TestClient, fake: FakeGateway) -> None:
    resp = client.post("/v1/summaries?stream=true", json={"url": "http://10.0.0.1/story"})
    assert_error(resp, 422, "UrlRefused", "private address")
    assert fake.calls == 0


def test_grounded_key_points_and_claims_are_streamed_before_the_result(client: TestClient, seed_text: str) -> None:
    events = stream(client, "/v1/summaries?stream=true", json={"text": seed_text})
    progress = [d for n, d in events if n == "progress"]
    chunks = [(e["done"], e["total"]) for e in progress if e["kind"] == "chunk"]  # type: ignore[index]
    assert chunks == [(1, 1)]
    streamed = [e["item"]["text"] for e in progress if e["kind"] == "key_point"]  # type: ignore[index]
    final = [kp["text"] for kp in events[-1][1]["summary"]["key_points"]]  # type: ignore[index]
    assert streamed == final and streamed
    claims = stream(client, "/v1/claims?stream=true", json={"text": seed_text})
    streamed_claims = [d["item"]["text"] for n, d in claims if n == "progress" and d["kind"] == "claim"]  # type: ignore[index]
    assert streamed_claims == [c["text"] for c in claims[-1][1]["claims"]]  # type: ignore[index]
