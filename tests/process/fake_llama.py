"""A stand-in for ``llama_cpp.server`` with the same command line: answers /v1/models at once and "generates" each
chat completion for ``FAKE_LLAMA_GENERATE_S`` seconds, touching ``FAKE_LLAMA_HEARTBEAT`` while it does, so a test
can tell whether an abandoned generation is still running. Serves one request at a time, like llama.cpp."""

import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LOCK = threading.Lock()


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
        self.rfile.read(int(self.headers.get("content-length", "0")))
        heartbeat = os.environ.get("FAKE_LLAMA_HEARTBEAT")
        with LOCK:
            end = time.monotonic() + float(os.environ.get("FAKE_LLAMA_GENERATE_S", "0"))
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
