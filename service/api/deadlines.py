"""ASGI middleware for time: a body must arrive within ``limits.body_timeout_s`` (else 408), and a request whose
client has gone away is cancelled, so no model keeps generating an answer nobody will read.

An answer given before the body was read (415 on the content type, 413 on Content-Length) first reads the rest of
a small body that is already arriving: closing a socket with unread bytes makes the kernel send a TCP reset, which
can reach the client while it is still sending and cost it the answer (a "dropped request" under load); and the
connection can be kept for the client's next request. A body that is large, or slow to come, is not waited for:
that answer carries ``Connection: close``.
"""

import asyncio
import contextlib
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import BodyTimeout

DRAIN_BYTES = 256 * 1024  # read at most this much of an unwanted body before answering
DRAIN_S = 1.0  # for at most this long


class RequestDeadlines:
    def __init__(self, app: ASGIApp, *, body_timeout_s: float) -> None:
        self.app = app
        self.body_timeout_s = body_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await _Exchange(self.app, scope, receive, send, self.body_timeout_s).run()


class _Exchange:
    """One request: times the body, then watches the connection for a disconnect until the response is sent."""

    def __init__(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send, body_timeout_s: float) -> None:
        self.app, self.scope, self.receive, self.send = app, scope, receive, send
        self.body_timeout_s = body_timeout_s
        self.deadline = asyncio.get_running_loop().time() + body_timeout_s
        self.body_done = False
        self.response_started = False
        self.response_done = False
        self.client_gone = False
        self.after_body: asyncio.Queue[Message] = asyncio.Queue()
        self.watcher: asyncio.Task[None] | None = None
        self.task: asyncio.Task[Any] | None = None

    async def run(self) -> None:
        self.task = asyncio.ensure_future(self.app(self.scope, self.timed_receive, self.tracked_send))
        try:
            await self.task
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if self.client_gone and not (current and current.cancelling()):
                return  # nobody is left to answer; the model call was abandoned (see the gateway)
            raise
        finally:
            if self.watcher is not None:
                self.watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self.watcher

    async def timed_receive(self) -> Message:
        if self.body_done:
            return await self.after_body.get()
        try:
            async with asyncio.timeout_at(self.deadline):
                message = await self.receive()
        except TimeoutError:
            raise BodyTimeout(
                f"the request body did not arrive within {self.body_timeout_s:g} s (limits.body_timeout_s): "
                "send the whole body, and a Content-Length that matches it"
            ) from None
        if message["type"] == "http.request" and not message.get("more_body", False):
            self.body_done = True
            self.watcher = asyncio.ensure_future(self.watch())
        return message

    async def watch(self) -> None:
        """After the body, the real ``receive`` only ever yields ``http.disconnect``: pass it on, and cancel the
        request if the client left before its response was sent."""
        message = await self.receive()
        if message["type"] == "http.disconnect" and not self.response_done and self.task is not None:
            self.client_gone = True
            self.task.cancel()
        self.after_body.put_nowait(message)

    async def drain(self) -> bool:
        """Read and drop what is left of the body (within ``DRAIN_BYTES`` and ``DRAIN_S``); True when all of it."""
        loop = asyncio.get_running_loop()
        until = min(self.deadline, loop.time() + DRAIN_S)
        seen = 0
        try:
            async with asyncio.timeout_at(until):
                while seen <= DRAIN_BYTES:
                    message = await self.receive()
                    if message["type"] != "http.request":
                        return False  # the client left
                    seen += len(message.get("body", b""))
                    if not message.get("more_body", False):
                        self.body_done = True
                        self.watcher = asyncio.ensure_future(self.watch())
                        return True
        except TimeoutError:
            pass
        return False

    async def tracked_send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.response_started = True
            if not self.body_done and not await self.drain():
                # Answering before the body was read (408, 413 on a large body): do not keep the socket.
                message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
        elif message["type"] == "http.response.body" and not message.get("more_body", False):
            self.response_done = True
        await self.send(message)
