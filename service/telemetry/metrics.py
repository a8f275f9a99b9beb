"""Prometheus metrics: requests by route and status, latencies, model calls, tokens, cost, cache, queues."""

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)

from schemas.meta import CallMeta

# factalign's own registry: embedding the Python API in a service that has its own metrics never collides.
REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)

# Request latencies go from a cache hit (ms) to a multi-article alignment on the embedded model (minutes).
REQUEST_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)
MODEL_BUCKETS = (0.005, 0.05, 0.25, 0.5, 1, 2, 5, 10, 20, 40, 80, 160)

REQUESTS = Counter(
    "factalign_http_requests", "HTTP requests by route template, method and status.",
    ["route", "method", "status"], registry=REGISTRY,
)  # fmt: skip
REQUEST_SECONDS = Histogram(
    "factalign_http_request_duration_seconds", "Time from request to the last byte of the response.",
    ["route", "method"], buckets=REQUEST_BUCKETS, registry=REGISTRY,
)  # fmt: skip
IN_FLIGHT = Gauge("factalign_http_requests_in_flight", "HTTP requests being served now.", registry=REGISTRY)
MODEL_CALLS = Counter(
    "factalign_model_calls", "Logical model calls (all attempts of one call count once) by outcome.",
    ["role", "model", "cached", "outcome"], registry=REGISTRY,
)  # fmt: skip
MODEL_ATTEMPTS = Counter(
    "factalign_model_attempts", "Attempts sent to a model, retries included.", ["role", "model"], registry=REGISTRY
)
MODEL_SECONDS = Histogram(
    "factalign_model_call_duration_seconds", "Model call latency, waiting for a free slot included.",
    ["role", "model", "cached"], buckets=MODEL_BUCKETS, registry=REGISTRY,
)  # fmt: skip
MODEL_IN_FLIGHT = Gauge(
    "factalign_model_calls_in_flight", "Model calls started and not finished (waiting for a slot or running).",
    registry=REGISTRY,
)  # fmt: skip
TOKENS = Counter(
    "factalign_model_tokens", "Tokens sent and received, failed attempts included.",
    ["role", "model", "kind"], registry=REGISTRY,
)  # fmt: skip
COST = Counter(
    "factalign_model_cost_usd", "Spend in US dollars of calls whose price is known.", ["role", "model"],
    registry=REGISTRY,
)  # fmt: skip
UNPRICED = Counter(
    "factalign_model_calls_unpriced", "Calls whose price is unknown (local models, unlisted models).",
    ["role", "model"], registry=REGISTRY,
)  # fmt: skip
CACHE = Counter(
    "factalign_cache_lookups", "Cache lookups by layer (model = one model answer) and result (hit/miss).",
    ["layer", "result"], registry=REGISTRY,
)  # fmt: skip
QUEUE_DEPTH = Gauge(
    "factalign_queue_depth", "Work waiting in a queue, by queue (set by the component that owns the queue).",
    ["queue"], registry=REGISTRY,
)  # fmt: skip


def record_request(route: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route=route, method=method, status=str(status)).inc()
    REQUEST_SECONDS.labels(route=route, method=method).observe(seconds)


def record_call(call: CallMeta) -> None:
    """One finished model call (from its meta)."""
    cached = "true" if call.cached else "false"
    MODEL_CALLS.labels(role=call.role, model=call.model, cached=cached, outcome="ok").inc()
    MODEL_SECONDS.labels(role=call.role, model=call.model, cached=cached).observe(call.latency_ms / 1000)
    MODEL_ATTEMPTS.labels(role=call.role, model=call.model).inc(call.attempts)
    TOKENS.labels(role=call.role, model=call.model, kind="prompt").inc(call.prompt_tokens)
    TOKENS.labels(role=call.role, model=call.model, kind="completion").inc(call.completion_tokens)
    record_cache("model", hit=call.cached)
    if call.cached:
        return
    if call.cost_usd is None:
        UNPRICED.labels(role=call.role, model=call.model).inc()
    else:
        COST.labels(role=call.role, model=call.model).inc(call.cost_usd)


def record_failed_call(role: str, model: str, error_type: str, seconds: float) -> None:
    MODEL_CALLS.labels(role=role, model=model, cached="false", outcome=error_type).inc()
    MODEL_SECONDS.labels(role=role, model=model, cached="false").observe(seconds)


def record_cache(layer: str, *, hit: bool) -> None:
    CACHE.labels(layer=layer, result="hit" if hit else "miss").inc()


def set_queue_depth(queue: str, depth: int) -> None:
    """For whatever owns a queue (request admission, batch jobs): how many items wait in it now."""
    QUEUE_DEPTH.labels(queue=queue).set(depth)


def exposition() -> tuple[bytes, str]:
    """The Prometheus text format of every factalign metric, and its content type."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
