"""Run the API under uvicorn: an h11 protocol whose own 400s use the JSON error shape, and 1..N workers."""

import json

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from service.errors import BadHttpRequest

PROTOCOL = "service.api.server:JsonErrorH11Protocol"
# Longer than clients' own idle limit (httpx: 5 s), so the client closes an idle connection first and never sends
# a request on one the server is closing at that moment.
KEEP_ALIVE_S = 30
APP_FACTORY = "service.api.app:create_app"


def bad_request_body(msg: str) -> bytes:
    """What uvicorn says about broken HTTP framing (malformed Content-Length, bad header), as our error JSON."""
    error = BadHttpRequest(
        f"the HTTP request is malformed ({msg.strip() or 'invalid request'}): check the request line, "
        "Content-Length and header syntax"
    )
    payload = {"error": {"type": error.type_name, "message": error.message, "details": None}}
    return json.dumps(payload).encode()


class JsonErrorH11Protocol(H11Protocol):
    """uvicorn answers unparsable requests itself, before the app sees them; make that answer JSON too."""

    def send_400_response(self, msg: str) -> None:
        body = bad_request_body(msg)
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers, reason=b"Bad Request")))
        self.transport.write(self.conn.send(h11.Data(data=body)))
        self.transport.write(self.conn.send(h11.EndOfMessage()))
        self.transport.close()


def serve(*, host: str, port: int, workers: int = 1) -> None:
    """``factalign serve``: each worker builds its app (and model runtime) from Settings through the factory.

    Several workers get a socket each on the same port (``service.api.workers``), so connections are spread
    evenly instead of going to whichever worker wakes first."""
    if workers > 1:
        from service.api.workers import serve_workers

        serve_workers(host, port, workers)
        return
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        http=PROTOCOL,
        timeout_graceful_shutdown=10,
        timeout_keep_alive=KEEP_ALIVE_S,
    )
