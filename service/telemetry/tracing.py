"""OpenTelemetry traces: off unless configured; a span per request and per model call, to stderr or OTLP."""

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor

from service.settings import TelemetryConfig

TRACER_NAME = "factalign"
_lock = threading.Lock()
_provider: TracerProvider | None = None
_configured: TelemetryConfig | None = None


def _processor(config: TelemetryConfig) -> SpanProcessor:
    if config.traces == "console":
        # stderr, so `factalign ... --json` keeps a clean stdout
        return SimpleSpanProcessor(ConsoleSpanExporter(out=sys.stderr))
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return BatchSpanProcessor(
        OTLPSpanExporter(endpoint=config.otlp_endpoint) if config.otlp_endpoint else OTLPSpanExporter()
    )


def configure(config: TelemetryConfig) -> None:
    """Start exporting spans as ``config`` says; a no-op when traces are off or the same config is already on."""
    global _provider, _configured
    with _lock:
        if config.traces == "off" or config == _configured:
            return
        provider = TracerProvider(resource=Resource.create({"service.name": config.service_name}))
        provider.add_span_processor(_processor(config))
        _replace(provider)
        _configured = config


def use_provider(provider: TracerProvider | None) -> None:
    """Install a provider directly (tests: one with an in-memory exporter); None switches traces off."""
    global _configured
    with _lock:
        _replace(provider)
        _configured = None


def _replace(provider: TracerProvider | None) -> None:
    global _provider
    old, _provider = _provider, provider
    if old is not None:
        old.shutdown()


def shutdown() -> None:
    """Flush and stop the exporter (at server or CLI exit)."""
    use_provider(None)


@contextmanager
def traced(config: TelemetryConfig) -> Iterator[None]:
    """Traces on for one CLI command or Python API call, flushed at the end (nothing happens when off)."""
    configure(config)
    try:
        yield
    finally:
        if config.traces != "off":
            shutdown()


def tracer() -> trace.Tracer:
    """factalign's tracer: a real one when traces are configured, otherwise OpenTelemetry's no-op tracer."""
    provider = _provider
    if provider is None:
        return trace.NoOpTracer()
    return provider.get_tracer(TRACER_NAME)
