"""Faults in HTTP framing against a real uvicorn server (issue 10, faults 4 and 14): a body shorter than its
Content-Length gets 408 within the body deadline instead of hanging; a malformed Content-Length gets the JSON
error shape; a client that leaves mid-request has its request cancelled."""

import asyncio
import json
import socket
import time
from typing import Any

from pydantic import BaseModel

from service.api import create_app
from service.prompts import RenderedPrompt
from service.settings import LimitsConfig, Settings
from tests.api.conftest import ScriptedModel
from tests.api.live_server import raw_exchange, running
from tests.fakes import FakeGateway


def split(response: bytes) -> tuple[int, dict[str, str], Any]:
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    return status, headers, json.loads(body) if body else None


def test_body_shorter_than_content_length_gets_408_not_a_hang() -> None:
    app = create_app(Settings(limits=LimitsConfig(body_timeout_s=1.0)), gateway=FakeGateway(responder=ScriptedModel()))
    with running(app) as port:
        request = (
            b"POST /v1/summaries HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b'Content-Length: 500\r\n\r\n{"text": "only part of the body'
        )
        status, headers, body = split(raw_exchange(port, request, wait_s=15))
    assert status == 408
    assert body["error"]["type"] == "BodyTimeout"
    assert "limits.body_timeout_s" in body["error"]["message"]
    assert headers["connection"] == "close"  # without the deadline the connection stayed open (300 s seen)


def test_malformed_content_length_gets_the_json_error_shape() -> None:
    app = create_app(Settings(), gateway=FakeGateway(responder=ScriptedModel()))
    with running(app) as port:
        for value in (b"abc", b"-5", b"1e3", b"5, 6"):
            request = b"POST /v1/summaries HTTP/1.1\r\nHost: x\r\nContent-Length: " + value + b"\r\n\r\n{}"
            status, headers, body = split(raw_exchange(port, request))
            assert status == 400, value
            assert headers["content-type"] == "application/json"
            assert set(body) == {"error"}
            assert body["error"]["type"] == "BadHttpRequest"
            assert "Content-Length" in body["error"]["message"]


def test_a_client_that_leaves_mid_request_cancels_the_model_call(seed_text: str) -> None:
    started = asyncio.Event()
    cancelled: list[bool] = []

    class Hanging(FakeGateway):
        async def generate(self, prompt: RenderedPrompt, schema: type[BaseModel], *, role: str | None = None) -> Any:
            started.set()
            try:
                await asyncio.sleep(60)
            except asyncio.CancelledError:
                cancelled.append(True)
                raise
            raise AssertionError("the call was not cancelled")

    app = create_app(Settings(), gateway=Hanging())
    with running(app) as port:
        body = json.dumps({"text": seed_text}).encode()
        head = (
            f"POST /v1/summaries HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {len(body)}"
        )
        with socket.create_connection(("127.0.0.1", port)) as conn:
            conn.sendall(head.encode() + b"\r\n\r\n" + body)
            deadline = time.monotonic() + 10
            while not started.is_set() and time.monotonic() < deadline:
                time.sleep(0.05)
        deadline = time.monotonic() + 10
        while not cancelled and time.monotonic() < deadline:
            time.sleep(0.05)
    assert cancelled == [True]


def test_request_without_a_body_keeps_its_connection() -> None:
    """A GET (health probes, load balancers) is answered without ``Connection: close``; only a body left unread
    closes the socket."""
    app = create_app(Settings(), gateway=FakeGateway(responder=ScriptedModel()))
    with running(app) as port:
        status, headers, body = split(raw_exchange(port, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"))
        empty = split(raw_exchange(port, b"POST /v1/check HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n"))
    assert status == 200 and body["status"] == "ok"
    assert "connection" not in headers
    assert empty[0] == 415 and "connection" not in empty[1]


def read_response(conn: socket.socket) -> bytes:
    data = b""
    while not (b"\r\n\r\n" in data and len(data.partition(b"\r\n\r\n")[2]) >= content_length(data)):
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def content_length(data: bytes) -> int:
    for line in data.partition(b"\r\n\r\n")[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":", 1)[1])
    return 0


def test_an_early_415_reads_the_small_body_and_keeps_the_connection(seed_text: str) -> None:
    """The 415 is decided on the headers; the body still arriving is read first (closing over unread bytes makes
    the kernel reset the connection, which can cost the client its answer), and the socket serves the next call."""
    app = create_app(Settings(), gateway=FakeGateway(responder=ScriptedModel()))
    body = b"<a>" + b"x" * 20_000 + b"</a>"
    head = b"POST /v1/summaries HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\nContent-Length: %d\r\n\r\n"
    with running(app) as port, socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(head % len(body))
        time.sleep(0.2)  # the app answers on the headers alone, before the body comes
        conn.sendall(body)
        status, headers, error = split(read_response(conn))
        assert status == 415 and error["error"]["type"] == "UnsupportedInput"
        assert headers.get("connection") != "close"
        again = json.dumps({"text": seed_text}).encode()
        conn.sendall(head.replace(b"application/xml", b"application/json") % len(again) + again)
        status, _, answer = split(read_response(conn))
        assert status == 200 and answer["summary"]["key_points"]


def test_an_early_answer_does_not_wait_for_a_large_body() -> None:
    app = create_app(Settings(), gateway=FakeGateway(responder=ScriptedModel()))
    head = (
        b"POST /v1/summaries HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\nContent-Length: 50000000\r\n\r\n"
    )
    with running(app) as port, socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(head + b"<a>" + b"x" * 300_000)  # more than the middleware drains; the rest never comes
        status, headers, _ = split(read_response(conn))  # the socket's 10 s timeout fails a wait for the 30 s deadline
        assert status in (413, 415) and headers["connection"] == "close"
