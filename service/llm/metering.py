"""Per-request token meter: the API opens one per request, the gateway adds every attempt's tokens to it.

A ``ContextVar`` carries the meter, so the gateway needs no knowledge of API keys and every task spawned for the
request (``asyncio.gather`` over chunks or articles) charges the same meter.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class Meter:
    """Tokens the model spent for one request, failed attempts included (cache hits cost nothing)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


_current: ContextVar[Meter | None] = ContextVar("factalign_meter", default=None)


@contextmanager
def metered() -> Iterator[Meter]:
    """Charge every model call made inside the block to one fresh meter."""
    meter = Meter()
    token = _current.set(meter)
    try:
        yield meter
    finally:
        _current.reset(token)


def charge(prompt_tokens: int, completion_tokens: int) -> None:
    """Called by the gateway after every model call (successful or not); a no-op outside ``metered()``."""
    meter = _current.get()
    if meter is not None:
        meter.prompt_tokens += prompt_tokens
        meter.completion_tokens += completion_tokens
