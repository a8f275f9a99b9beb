"""The progress channel: stages call ``emit(...)``; whoever listens (SSE route, CLI bar) gets ``ProgressEvent``s.

The listener lives in a context variable, so concurrent requests never see each other's events and code that
runs with nobody listening pays one lookup per ``emit``.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from schemas.progress import ProgressEvent, ProgressKind

Listener = Callable[[ProgressEvent], None]
T = TypeVar("T")


@dataclass
class _Channel:
    listener: Listener
    started: float = field(default_factory=time.perf_counter)
    seq: int = 0


_channel: ContextVar[_Channel | None] = ContextVar("factalign_progress", default=None)


def emit(
    kind: ProgressKind,
    stage: str | None = None,
    message: str = "",
    *,
    done: int | None = None,
    total: int | None = None,
    item: BaseModel | None = None,
    **data: Any,
) -> None:
    """Report one step to the current listener, if any. Never raises: progress must not break the work."""
    channel = _channel.get()
    if channel is None:
        return
    event = ProgressEvent(
        seq=channel.seq, kind=kind, stage=stage, message=message, done=done, total=total,
        elapsed_ms=(time.perf_counter() - channel.started) * 1000, data=data,
        item=item.model_dump(mode="json") if item is not None else None,
    )  # fmt: skip
    channel.seq += 1
    try:
        channel.listener(event)
    except Exception:  # a broken listener (closed stream, terminal gone) must not fail the request
        _channel.set(None)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Send every ``emit`` made inside this block (and in tasks it starts) to ``listener``."""
    token = _channel.set(_Channel(listener))
    try:
        yield
    finally:
        _channel.reset(token)


@contextmanager
def stage(name: str, message: str = "") -> Iterator[None]:
    """``stage_started`` now, ``stage_finished`` when the block ends without an error."""
    emit("stage_started", name, message)
    yield
    emit("stage_finished", name)


def is_listening() -> bool:
    return _channel.get() is not None


async def gather_chunks(stage_name: str, work: Iterable[Awaitable[T]]) -> list[T]:
    """``asyncio.gather`` (results in order) that reports "chunk k of n" as each piece finishes."""
    tasks = [asyncio.ensure_future(w) for w in work]
    total = len(tasks)
    done = 0

    def finished(_: "asyncio.Future[T]") -> None:
        nonlocal done
        done += 1
        emit("chunk", stage_name, f"chunk {done} of {total}", done=done, total=total)

    for task in tasks:
        task.add_done_callback(finished)
    return list(await asyncio.gather(*tasks))


def emit_items(kind: ProgressKind, stage_name: str, items: Iterable[BaseModel]) -> None:
    """One event per grounded item (key point, claim), so a listener can show them before the response is done."""
    if _channel.get() is None:
        return
    for item in items:
        emit(kind, stage_name, item=item)
