"""HTTP side of telemetry: an ASGI middleware (request counts, latency, a span per request) and GET /metrics."""

import time
from typing import Any

from fastapi import FastAPI
from fastapi.responses import Response
from opentelemetry.trace import SpanKind, Status, StatusCode
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.settings import QueueConfig, TelemetryConfig
from service.telemetry import metrics, tracing
from service.telemetry.queue_depth import refresh_batch_depth

UNMATCHED = "(unmatched)"  # 404s are counted under one label, so scanners cannot blow up the label set


def route_of(scope: Scope) -> str:
    route: Any = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else UNMATCHED


class TelemetryMiddleware:
    """Counts every HTTP request by route template, method and status and times it to its last byte."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        started = time.perf_counter()
        status = 500
        metrics.IN_FLIGHT.inc()
        with tracing.tracer().start_as_current_span(
            f"{method} {scope['path']}", kind=SpanKind.SERVER,
            attributes={"http.request.method": method, "url.path": scope["path"]},
        ) as span:  # fmt: skip

            async def send_and_note(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = int(message["status"])
                await send(message)

            try:
                await self.app(scope, receive, send_and_note)
            finally:
                metrics.IN_FLIGHT.dec()
                route = route_of(scope)
                if route != "/metrics":
                    metrics.record_request(route, method, status, time.perf_counter() - started)
                span.update_name(f"{method} {route}")
                span.set_attribute("http.route", route)
                span.set_attribute("http.response.status_code", status)
                if status >= 500:
                    span.set_status(Status(StatusCode.ERROR))


def install(app: FastAPI, config: TelemetryConfig, batch_queue: QueueConfig | None = None) -> None:
    """Add the middleware and, when ``config.metrics``, the ``GET /metrics`` route; start tracing if configured.
    With ``batch_queue``, each scrape also reads the depth of that arq queue from Redis."""
    tracing.configure(config)
    app.add_middleware(TelemetryMiddleware)
    if not config.metrics:
        return

    @app.get("/metrics", tags=["ops"], include_in_schema=True, response_class=Response)
    async def prometheus_metrics() -> Response:
        """Prometheus text format: requests, latencies, model calls, tokens, cost, cache lookups, queue depth."""
        if batch_queue is not None:
            await refresh_batch_depth(batch_queue)
        body, content_type = metrics.exposition()
        return Response(content=body, media_type=content_type)
