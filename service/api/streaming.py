"""Server-sent events for the POST routes: ``?stream=true`` or ``Accept: text/event-stream``.

The stream is ``event: progress`` lines (``ProgressEvent`` JSON) while the request runs, then exactly one
``event: result`` (the same JSON the plain route returns) or ``event: error`` (the usual error body plus its
HTTP status). Input that cannot be read is refused before the stream starts, with the ordinary 4xx response.
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
    if isinstance(exc, FactalignError):
        detail = ErrorDetail(type=exc.type_name, message=exc.message, details=exc.details)
        status = exc.status_code
    else:
        log.error("unhandled error in a streamed request", exc_info=exc)
        detail = ErrorDetail(
            type="InternalError", message=f"factalign failed unexpectedly ({type(exc).__name__}); see server log"
        )
        status = 500
    body = ErrorResponse(error=detail).model_dump(mode="json")
    return sse("error", json.dumps({**body, "status": status}))


async def events(work: Callable[[], Awaitable[BaseModel]], keepalive_s: float = KEEPALIVE_S) -> AsyncIterator[str]:
    """Run ``work`` while yielding its progress as SSE text; then its result or its error."""
    queue: asyncio.Queue[ProgressEvent | None] = asyncio.Queue()

    async def run() -> BaseModel:
        with listening(queue.put_nowait):
            try:
                return await work()
            finally:
                queue.put_nowait(None)

    task = asyncio.create_task(run())
    try:
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), keepalive_s)
            except TimeoutError:
                yield ": keep-alive\n\n"  # proxies close idle connections; a comment line keeps this one open
                continue
            if event is None:
                break
            yield sse("progress", event.model_dump_json())
        try:
            result = await task
        except Exception as exc:
            yield _error_event(exc)
        else:
            yield sse("result", result.model_dump_json())
    finally:
        if not task.done():  # the client went away: stop the work it no longer waits for
            task.cancel()
            with contextlib.suppress(BaseException):
                await task


def stream_response(work: Callable[[], Awaitable[BaseModel]]) -> StreamingResponse:
    return StreamingResponse(
        events(work), media_type=EVENT_STREAM, headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )


async def respond(request: Request, stream: bool | None, work: Callable[[], Awaitable[BaseModel]]) -> Any:
    """The route's answer: the model itself, or an SSE stream of progress and then that model."""
    if wants_stream(request, stream):
        return stream_response(work)
    return await work()
