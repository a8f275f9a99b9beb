"""Meta: what it cost to produce a response (model, prompt versions, tokens, cache, latency)."""

from collections.abc import Mapping, Sequence

from pydantic import Field

from schemas.base import StrictModel
from schemas.methods import MethodName, Stage


class CallMeta(StrictModel):
    """One logical model call (all its attempts)."""

    role: str
    provider: str
    model: str
    prompt_id: str
    prompt_version: int
    prompt_sha256: str
    schema_name: str
    cached: bool
    attempts: int = Field(ge=0, description="Attempts sent to the model (0 on a cache hit).")
    prompt_tokens: int = Field(ge=0, description="Summed over all attempts, failed ones included.")
    completion_tokens: int = Field(ge=0)
    cost_usd: float | None = Field(default=None, description="null when the price is unknown; never a fake 0.")
    latency_ms: float = Field(ge=0)


class Meta(StrictModel):
    """Totals over every model call made for one response."""

    provider: str | None = None
    model: str | None = None
    prompts: dict[str, int] = Field(default_factory=dict, description="prompt id -> version used")
    cached: bool = Field(description="True when every model call was answered from the cache.")
    calls: int = Field(ge=0)
    attempts: int = Field(ge=0)
    prompt_tokens: int = Field(ge=0)
    completion_tokens: int = Field(ge=0)
    cost_usd: float | None = None
    latency_ms: float = Field(ge=0)
    grounding_mode: str | None = None
    methods: dict[str, str] = Field(default_factory=dict, description="stage -> method that produced it")
    call_log: list[CallMeta] = Field(default_factory=list)


def total_cost(costs: Sequence[float | None]) -> float | None:
    """The one place costs are summed (attempts into a call, calls into a response): None when there is
    nothing to sum or any part's price is unknown, never a fake 0."""
    if not costs or any(c is None for c in costs):
        return None
    return sum(c for c in costs if c is not None)


def combine(
    calls: list[CallMeta],
    latency_ms: float,
    grounding_mode: str | None = None,
    methods: Mapping[Stage, MethodName] | None = None,
) -> Meta:
    """Aggregate per-call meta into response meta; cost is None if any call's cost is unknown."""
    return Meta(
        provider=calls[0].provider if calls else None,
        model=calls[0].model if calls else None,
        prompts={c.prompt_id: c.prompt_version for c in calls},
        cached=bool(calls) and all(c.cached for c in calls),
        calls=len(calls),
        attempts=sum(c.attempts for c in calls),
        prompt_tokens=sum(c.prompt_tokens for c in calls),
        completion_tokens=sum(c.completion_tokens for c in calls),
        cost_usd=total_cost([c.cost_usd for c in calls]),
        latency_ms=latency_ms,
        grounding_mode=grounding_mode,
        methods=dict(methods or {}),
        call_log=calls,
    )
