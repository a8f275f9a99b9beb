"""A stand-in for ``llama_cpp.server`` with the same command line: answers /v1/models at once and "generates" each
chat completion for ``FAKE_LLAMA_GENERATE_S`` seconds, touching ``FAKE_LLAMA_HEARTBEAT`` while it does, so a test
can tell whether an abandoned generation is still running. Serves one request at a time, like llama.cpp.

A plain request cannot be stopped (like llama-cpp-python's). A streamed one (``"stream": true``) sends a token
every 50 ms and, like llama.cpp, stops at the first token it cannot deliver because the client closed the
connection; it then appends a line to ``FAKE_LLAMA_DISCONNECTS``."""

import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LOCK = threading.Lock()


def generate_s() -> float:
    """``FAKE_LLAMA_GENERATE_FILE`` (read per request, so a test can change a running server) or the variable."""
    path = os.environ.get("FAKE_LLAMA_GENERATE_FILE")
    if path and Path(path).exists():
        return float(Path(path).read_text())
    return float(os.environ.get("FAKE_LLAMA_GENERATE_S", "0"))


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write("fake-llama: " + format % args + "\n")

    def _json(self, status: int, payload: object) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._json(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers.get("content-length", "0"))) or b"{}")
        if request.get("stream"):
            with LOCK:
                self._stream()
            return
        heartbeat = os.environ.get("FAKE_LLAMA_HEARTBEAT")
        with LOCK:
            end = time.monotonic() + generate_s()
            while time.monotonic() < end:  # "generating": nothing cancels this but killing the process
                if heartbeat:
                    Path(heartbeat).write_text(str(time.time()))
                time.sleep(0.05)
        content = os.environ.get("FAKE_LLAMA_CONTENT", '{"verdict": "ok", "score": 3}')
        message = {"role": "assistant", "content": content}
        self._json(
            200,
            {
                "id": "x", "object": "chat.completion", "created": 0, "model": "fake",
                "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
                "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
            },
        )  # fmt: skip

    def _chunk(self, delta: dict[str, str], finish: str | None = None) -> bytes:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        payload = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "fake", "choices": [choice]}
        return f"data: {json.dumps(payload)}\n\n".encode()

    def _stream(self) -> None:
        heartbeat = os.environ.get("FAKE_LLAMA_HEARTBEAT")
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("connection", "close")
        self.end_headers()
        end = time.monotonic() + generate_s()
        content = os.environ.get("FAKE_LLAMA_CONTENT", '{"verdict": "ok", "score": 3}')
        try:
            self.wfile.write(self._chunk({"role": "assistant", "content": ""}))
            while time.monotonic() < end:  # one "token" every 50 ms, each one delivered or the generation stops
                if heartbeat:
                    Path(heartbeat).write_text(str(time.time()))
                self.wfile.write(self._chunk({"content": ""}))
                self.wfile.flush()
                time.sleep(0.05)
            self.wfile.write(self._chunk({"content": content}))
            self.wfile.write(self._chunk({}, finish="stop"))
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            disconnects = os.environ.get("FAKE_LLAMA_DISCONNECTS")
            if disconnects:
                with open(disconnects, "a") as fh:
                    fh.write(f"{time.time()}\n")
        self.close_connection = True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args, _ = parser.parse_known_args()
    pidfile = os.environ.get("FAKE_LLAMA_PIDFILE")
    if pidfile:
        Path(pidfile).write_text(str(os.getpid()))
    ThreadingHTTPServer((args.host, args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
