"""Trace exporter set-up from TelemetryConfig: console spans go to stderr, OTLP is built only when asked for."""

from collections.abc import Iterator

import pytest

from service.settings import TelemetryConfig
from service.telemetry import tracing


@pytest.fixture(autouse=True)
def traces_off_after() -> Iterator[None]:
    yield
    tracing.shutdown()


def test_console_spans_go_to_stderr_not_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    tracing.configure(TelemetryConfig(traces="console", service_name="fa-test"))
    with tracing.tracer().start_as_current_span("model summarise", attributes={"factalign.role": "summariser"}):
        pass
    captured = capsys.readouterr()
    assert captured.out == ""
    assert '"name": "model summarise"' in captured.err
    assert '"factalign.role": "summariser"' in captured.err
    assert '"service.name": "fa-test"' in captured.err


def test_off_means_no_recording_spans() -> None:
    tracing.configure(TelemetryConfig(traces="off"))
    assert not tracing.tracer().start_span("x").is_recording()


def test_otlp_exporter_is_built_for_the_configured_endpoint() -> None:
    tracing.configure(TelemetryConfig(traces="otlp", otlp_endpoint="http://127.0.0.1:9/v1/traces"))
    span = tracing.tracer().start_span("x")
    assert span.is_recording()
    provider = tracing._provider
    assert provider is not None
    exporter = provider._active_span_processor._span_processors[0]._batch_processor._exporter  # type: ignore[attr-defined]
    assert exporter._endpoint == "http://127.0.0.1:9/v1/traces"
