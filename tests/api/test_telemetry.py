"""GET /metrics after real requests (counters must move) and OpenTelemetry spans in an in-memory exporter."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client.parser import text_string_to_metric_families

from service.cache import ResponseCache
from service.llm.gateway import LiteLLMGateway
from service.llm.targets import Target, hosted_target
from service.settings import RoleConfig, Settings, TelemetryConfig
from service.telemetry import tracing
from tests.api.assertions import ClientFor, model_response
from tests.api.conftest import HEADLINE, SEED_POINTS, SUMMARY
from tests.fakes import FakeGateway

DRAFT = {"headline": HEADLINE, "summary": SUMMARY, "key_points": [{"point": p, "quote": q} for p, q in SEED_POINTS]}


def scrape(client: Any) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    resp = client.get("/metrics")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/plain")
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}
    for family in text_string_to_metric_families(resp.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def real_gateway(tmp_path: Path) -> tuple[LiteLLMGateway, Settings]:
    """The real gateway and disk cache, with litellm's completion replaced by a canned valid answer."""

    async def completion(**_: Any) -> Any:
        return model_response(json.dumps(DRAFT))

    async def resolve(role: RoleConfig) -> Target:
        return hosted_target(role)

    settings = Settings(roles={"summariser": RoleConfig(model="openai/test-model", grounding="quotes")})
    return LiteLLMGateway(settings, ResponseCache(tmp_path / "responses"), resolve, completion=completion), settings


def test_metrics_move_with_requests(client_for: ClientFor, tmp_path: Path, seed_text: str) -> None:
    gateway, settings = real_gateway(tmp_path)
    client = client_for(gateway, settings)
    before = scrape(client)
    assert client.post("/v1/summaries", json={"text": seed_text}).status_code == 200
    assert client.post("/v1/summaries", json={"text": seed_text}).json()["meta"]["cached"] is True
    assert client.post("/v1/summaries", json={"text": "  "}).status_code == 422
    assert client.get("/no/such/route").status_code == 404
    after = scrape(client)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    route = {"route": "/v1/summaries", "method": "POST"}
    assert delta("factalign_http_requests_total", status="200", **route) == 2
    assert delta("factalign_http_requests_total", status="422", **route) == 1
    assert delta("factalign_http_requests_total", route="(unmatched)", method="GET", status="404") == 1
    assert delta("factalign_http_request_duration_seconds_count", **route) == 3
    model = {"role": "summariser", "model": "openai/test-model"}
    assert delta("factalign_model_calls_total", cached="false", outcome="ok", **model) == 1
    assert delta("factalign_model_calls_total", cached="true", outcome="ok", **model) == 1
    assert delta("factalign_model_tokens_total", kind="prompt", **model) == 100
    assert delta("factalign_model_tokens_total", kind="completion", **model) == 20
    assert delta("factalign_cache_lookups_total", layer="model", result="miss") == 1
    assert delta("factalign_cache_lookups_total", layer="model", result="hit") == 1
    assert value(after, "factalign_http_requests_in_flight") == 1  # the scrape itself
    assert value(after, "factalign_model_calls_in_flight") == 0
    # /metrics scrapes themselves are not counted
    assert delta("factalign_http_requests_total", route="/metrics", method="GET", status="200") == 0


def test_failed_model_calls_are_counted_by_error(client_for: ClientFor, seed_text: str) -> None:
    fake = FakeGateway({"summarise": [{"headline": "only"}]})  # fails the schema
    client = client_for(fake)
    before = scrape(client)
    assert client.post("/v1/summaries", json={"text": seed_text}).status_code == 502
    after = scrape(client)
    labels = {"role": "summariser", "model": "fake/model", "cached": "false", "outcome": "InvalidModelOutput"}
    assert (
        value(after, "factalign_model_calls_total", **labels) - value(before, "factalign_model_calls_total", **labels)
        == 1
    )


def test_metrics_can_be_switched_off(client_for: ClientFor) -> None:
    client = client_for(FakeGateway(), Settings(telemetry=TelemetryConfig(metrics=False)))
    assert client.get("/metrics").status_code == 404


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.use_provider(provider)
    yield exporter
    tracing.use_provider(None)


def test_spans_per_request_and_per_model_call(
    client_for: ClientFor, tmp_path: Path, seed_text: str, spans: InMemorySpanExporter
) -> None:
    gateway, settings = real_gateway(tmp_path)
    client = client_for(gateway, settings)
    assert client.post("/v1/summaries", json={"text": seed_text}).status_code == 200
    assert client.post("/v1/summaries", json={"text": seed_text}).status_code == 200
    finished = spans.get_finished_spans()
    requests = [s for s in finished if s.name == "POST /v1/summaries"]
    calls = [s for s in finished if s.name == "model summarise"]
    assert len(requests) == 2 and len(calls) == 2
    for request, call in zip(requests, calls, strict=True):
        assert call.parent is not None and call.parent.span_id == request.context.span_id
        assert request.attributes is not None and call.attributes is not None
        assert request.attributes["http.route"] == "/v1/summaries"
        assert request.attributes["http.response.status_code"] == 200
        assert call.attributes["factalign.role"] == "summariser"
        assert call.attributes["gen_ai.request.model"] == "openai/test-model"
        assert call.attributes["factalign.prompt.version"] >= 1
    assert [c.attributes["factalign.cached"] for c in calls if c.attributes] == [False, True]
    assert [c.attributes["gen_ai.usage.input_tokens"] for c in calls if c.attributes] == [100, 0]


def test_traces_are_off_by_default(client_for: ClientFor, seed_text: str) -> None:
    assert not tracing.tracer().start_span("x").is_recording()
