"""Shared assertions and builders for the API tests: the one error shape, located evidence, seed HTML."""

import html
from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from schemas.article import Article
from schemas.evidence import Evidence

ClientFor = Callable[..., TestClient]


def assert_error(resp: httpx.Response, status: int, type_name: str, *fragments: str) -> dict[str, Any]:
    """The one error shape: ``{"error": {"type", "message", "details"}}``, and a message that says what to fix."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"type", "message", "details"}
    error: dict[str, Any] = body["error"]
    assert error["type"] == type_name
    for fragment in fragments:
        assert fragment in error["message"]
    return error


def assert_located(evidence: Evidence, article: Article) -> None:
    """Grounded evidence points at exactly its quote in the cleaned text, and names the sentences it spans."""
    assert evidence.grounded
    assert evidence.start is not None
    assert evidence.end is not None
    assert article.cleaned_text[evidence.start : evidence.end] == evidence.quote
    spanned = [s.id for s in article.sentences if s.start < evidence.end and s.end > evidence.start]
    assert evidence.sentence_ids == spanned
    assert spanned


def seed_html(seed_text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in seed_text.splitlines() if line.strip())
    return (
        "<!doctype html><html><head><title>Zelenskyy: Ukraine cannot retake occupied land</title></head><body>"
        '<nav><a href="/">Home</a> | <a href="/world">World</a></nav>'
        f"<article>{paragraphs}</article><footer>© 2024 Example News. All rights reserved.</footer></body></html>"
    )


def model_response(content: str) -> Any:
    """What litellm's completion returns for one answer: 100 prompt and 20 completion tokens."""
    import litellm  # imported here: litellm is slow to import and most API tests never need it

    message = litellm.Message(content=content, role="assistant")
    return litellm.ModelResponse(
        choices=[litellm.Choices(message=message, finish_reason="stop", index=0)],
        usage=litellm.Usage(prompt_tokens=100, completion_tokens=20, total_tokens=120),
        model="test-model",
    )
