"""Server-sent events for the POST routes: ``?stream=true`` or ``Accept: text/event-stream``.

The stream is ``event: progress`` lines (``ProgressEvent`` JSON) while the request runs, then exactly one
``event: result`` (the same JSON the plain route returns) or ``event: error`` (the usual error body plus its
HTTP status, and ``retry_after`` in seconds where the HTTP answer would carry ``Retry-After``). Input that cannot
be read (bad URL, empty article) is refused before the stream starts, with the ordinary 4xx response.
"""

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from schemas.errors import ErrorDetail, ErrorResponse
from schemas.progress import ProgressEvent
from service.errors import FactalignError
from service.progress import listening

log = logging.getLogger("factalign.api")
KEEPALIVE_S = 15.0
READING_STAGES = {"fetch", "clean", "articles"}  # errors here are the caller's input: answered as plain 4xx
EVENT_STREAM = "text/event-stream"
StreamQuery = Annotated[
    bool | None,
    Query(description="Stream progress as server-sent events, then the result (same as Accept: text/event-stream)."),
]
STREAM_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {EVENT_STREAM: {"schema": {"type": "string", "description": "progress events, then result"}}}}
}


def wants_stream(request: Request, stream: bool | None) -> bool:
    if stream is not None:
        return stream
    return EVENT_STREAM in request.headers.get("accept", "").lower()


def sse(event: str, data: str) -> str:
    lines = "".join(f"data: {line}\n" for line in data.splitlines() or [""])
    return f"event: {event}\n{lines}\n"


def _error_event(exc: BaseException) -> str:
    """The error body plus ``status``, and ``retry_after`` (seconds) when the HTTP answer would carry Retry-After."""
    retry_after: int | None = None
    if isinstance(exc, FactalignError):
        detail = ErrorDetail(type=exc.type_name, message=exc.message, details=exc.details)
        status = exc.status_code
        retry_after = exc.retry_after
    else:
        log.error("unhandled error in a streamed request", exc_info=exc)
        detail = ErrorDetail(
            type="InternalError", message=f"factalign failed unexpectedly ({type(exc).__name__}); see server log"
        )
        status = 500
    body: dict[str, Any] = {**ErrorResponse(error=detail).model_dump(mode="json"), "status": status}
    if retry_after is not None:
        body["retry_after"] = retry_after
    return sse("error", json.dumps(body))


class StreamedRun:
    """``work`` running in a task with its progress events queued; ``events()`` renders them as SSE text."""

    def __init__(self, work: Callable[[], Awaitable[BaseModel]], keepalive_s: float = KEEPALIVE_S) -> None:
        self.keepalive_s = keepalive_s
        self.queue: asyncio.Queue[ProgressEvent | None] = asyncio.Queue()
        self.held: list[ProgressEvent | None] = []

        async def run() -> BaseModel:
            with listening(self.queue.put_nowait):
                try:
                    return await work()
                finally:
                    self.queue.put_nowait(None)

        self.task = asyncio.create_task(run())

    async def until_read(self) -> None:
        """Wait until the input is read (fetched, cleaned); raise its error if that fails, so bad input gets the
        ordinary 4xx response instead of a stream. Events seen meanwhile are held for the stream."""
        try:
            while True:
                event = await self.queue.get()
                self.held.append(event)
                if event is None:
                    if self.task.exception() is not None:
                        await self.task  # raises: nothing has been sent yet
                    return
                if event.stage not in READING_STAGES:
                    return
        except BaseException:
            await self.cancel()
            raise

    async def cancel(self) -> None:
        if not self.task.done():
            self.task.cancel()
            with contextlib.suppress(BaseException):
                await self.task

    async def _next(self) -> ProgressEvent | None:
        if self.held:
            return self.held.pop(0)
        return await asyncio.wait_for(self.queue.get(), self.keepalive_s)

    async def events(self) -> AsyncIterator[str]:
        """Progress as SSE text while the work runs; then its result or its error."""
        try:
            while True:
                try:
                    event = await self._next()
                except TimeoutError:
                    yield ": keep-alive\n\n"  # proxies close idle connections; a comment line keeps this one open
                    continue
                if event is None:
                    break
                yield sse("progress", event.model_dump_json())
            try:
                result = await self.task
            except Exception as exc:
                yield _error_event(exc)
            else:
                yield sse("result", result.model_dump_json())
        finally:
            await self.cancel()  # the client went away: stop the work it no longer waits for


def events(work: Callable[[], Awaitable[BaseModel]], keepalive_s: float = KEEPALIVE_S) -> AsyncIterator[str]:
    """SSE text of ``work``: its progress, then its result or error (nothing is refused up front)."""
    return StreamedRun(work, keepalive_s).events()


async def respond(request: Request, stream: bool | None, work: Callable[[], Awaitable[BaseModel]]) -> Any:
    """The route's answer: the model itself, or (once the input is read) an SSE stream of progress and then it."""
    if not wants_stream(request, stream):
        return await work()
    run = StreamedRun(work)
    await run.until_read()
    return StreamingResponse(
        run.events(), media_type=EVENT_STREAM, headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )
