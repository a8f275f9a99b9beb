"""Progress events streamed while a request runs (SSE ``event: progress``, the CLI progress bar)."""

from typing import Any, Literal

from pydantic import Field

from schemas.base import StrictModel

ProgressKind = Literal[
    "stage_started",  # a stage (fetch, clean, key_points, claims, alignment...) began
    "stage_finished",  # ... and ended
    "chunk",  # chunk `done` of `total` of a long article was read
    "model_call",  # one model call finished (data: role, prompt, cached, tokens, latency)
    "key_point",  # a key point was grounded (item: the KeyPoint as JSON), before the response is complete
    "claim",  # a claim was grounded (item: the Claim as JSON)
    "article",  # article `done` of `total` of a multi-article request is ready
]


class ProgressEvent(StrictModel):
    """One step of a running request. ``seq`` orders events; ``done``/``total`` drive a progress bar."""

    seq: int = Field(ge=0)
    kind: ProgressKind
    stage: str | None = None
    message: str = ""
    done: int | None = Field(default=None, ge=0)
    total: int | None = Field(default=None, ge=0)
    elapsed_ms: float = Field(ge=0, description="Since the request started.")
    data: dict[str, Any] = Field(default_factory=dict)
    item: dict[str, Any] | None = Field(default=None, description="A partial result (key point, claim) as JSON.")
