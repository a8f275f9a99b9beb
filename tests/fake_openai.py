"""A tiny OpenAI-compatible chat server on loopback for tests: answers a fixed JSON, counts requests."""

import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FENCE = re.compile(r"<<<ARTICLE\n(?P<body>.*)\nARTICLE>>>", re.DOTALL)
SENTENCE = re.compile(r"[^.!?\n]{20,}[.!?]")


def quoting_summary(body: dict[str, Any]) -> str:
    """A quotes-mode SummaryDraft built from the article in the prompt: its first sentences, copied verbatim."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    match = FENCE.search(user)
    article = match["body"] if match else user
    sentences = [s.strip() for s in SENTENCE.findall(article)][:3]
    points = [{"point": s[:200], "quote": s[:300]} for s in sentences]
    headline = " ".join(sentences[0].split()[:10]) if sentences else "Untitled"
    return json.dumps({"headline": headline, "summary": sentences[0] if sentences else "", "key_points": points})


class FakeOpenAI:
    """``/v1/chat/completions`` answering ``{"verdict": <name>, "score": n}``; ``stop()`` kills it."""

    def __init__(self, name: str, answer: Callable[[dict[str, Any]], str] | None = None, delay: float = 0.0) -> None:
        self.name = name
        self.answer = answer
        self.delay = delay
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                server.requests.append(body)
                if server.delay:
                    time.sleep(server.delay)
                if server.answer is not None:
                    content = server.answer(body)
                else:
                    content = json.dumps({"verdict": server.name, "score": len(server.requests)})
                payload = json.dumps({
                    "id": f"chatcmpl-{len(server.requests)}", "object": "chat.completion", "created": int(time.time()),
                    "model": body.get("model", "fake"),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": content}}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
                }).encode()  # fmt: skip
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def stop(self) -> None:
        """Kill the server (idempotent): its port then refuses connections."""
        if self.thread.is_alive():
            self.httpd.shutdown()
            self.httpd.server_close()
