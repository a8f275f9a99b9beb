"""The model-call observer: wraps any ``ModelGateway`` so every call is counted, traced and reported as progress.

Wrapping (rather than hooks inside ``service/llm``) means the fake gateways in tests are observed exactly like
the real one, and the gateway's own code stays about models only.
"""

import time
from typing import Any, TypeVar

from opentelemetry.trace import Status, StatusCode
from pydantic import BaseModel

from schemas.meta import CallMeta
from service.llm.protocol import Generation, ModelGateway
from service.progress import emit
from service.prompts import RenderedPrompt
from service.settings import RoleConfig
from service.telemetry import metrics, tracing

T = TypeVar("T", bound=BaseModel)


def _span_attributes(call: CallMeta) -> dict[str, Any]:
    attributes: dict[str, Any] = {
        "factalign.role": call.role,
        "gen_ai.system": call.provider,
        "gen_ai.request.model": call.model,
        "factalign.prompt.id": call.prompt_id,
        "factalign.prompt.version": call.prompt_version,
        "factalign.schema": call.schema_name,
        "factalign.cached": call.cached,
        "factalign.attempts": call.attempts,
        "gen_ai.usage.input_tokens": call.prompt_tokens,
        "gen_ai.usage.output_tokens": call.completion_tokens,
    }
    if call.cost_usd is not None:
        attributes["factalign.cost_usd"] = call.cost_usd
    return attributes


class ObservedGateway:
    """A ``ModelGateway`` that reports each call to metrics, traces and the progress channel, then returns it."""

    def __init__(self, inner: ModelGateway) -> None:
        self.inner = inner
        self._labels: dict[str, str] = {}  # role -> model label seen in meta, for failures (which have no meta)

    def role_config(self, role: str) -> RoleConfig:
        return self.inner.role_config(role)

    def __getattr__(self, name: str) -> Any:  # settings, cache... of the wrapped gateway
        return getattr(self.inner, name)

    async def generate(self, prompt: RenderedPrompt, schema: type[T], *, role: str | None = None) -> Generation[T]:
        role_name = role or prompt.role
        started = time.perf_counter()
        with tracing.tracer().start_as_current_span(
            f"model {prompt.id}",
            attributes={
                "factalign.role": role_name,
                "factalign.prompt.id": prompt.id,
                "factalign.prompt.version": prompt.version,
            },
            record_exception=True,
            set_status_on_exception=True,
        ) as span:
            metrics.MODEL_IN_FLIGHT.inc()
            try:
                generation = await self.inner.generate(prompt, schema, role=role)
            except Exception as exc:
                model = self._labels.get(role_name) or self.inner.role_config(role_name).model
                metrics.record_failed_call(role_name, model, type(exc).__name__, time.perf_counter() - started)
                span.set_attribute("gen_ai.request.model", model)
                span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
                raise
            finally:
                metrics.MODEL_IN_FLIGHT.dec()
            call = generation.meta
            self._labels[role_name] = call.model
            span.set_attributes(_span_attributes(call))
        metrics.record_call(call)
        emit(
            "model_call", None, f"{call.prompt_id} ({'cached' if call.cached else f'{call.latency_ms / 1000:.1f} s'})",
            role=call.role, prompt=call.prompt_id, cached=call.cached, prompt_tokens=call.prompt_tokens,
            completion_tokens=call.completion_tokens, latency_ms=round(call.latency_ms, 1),
        )  # fmt: skip
        return generation


def observed(gateway: ModelGateway) -> ModelGateway:
    """``gateway`` wrapped once (wrapping an observed gateway again returns it unchanged)."""
    return gateway if isinstance(gateway, ObservedGateway) else ObservedGateway(gateway)
