"""The API side of the whole-response cache: a repeat is answered from the raw body's key before any parsing,
validation, cleaning or model work, with the stored bytes; a miss is validated, worked out and stored."""

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel

from schemas.alignment import ArticleWithId
from service.api.streaming import respond, wants_stream
from service.cache.requests import RequestCache

T = TypeVar("T")
HIT_HEADERS = {"x-factalign-cache": "hit"}


def answers_of(request: Request) -> RequestCache | None:
    """None when the app runs on a test gateway (no runtime, so no cache)."""
    answers: RequestCache | None = getattr(request.app.state, "answers", None)
    return answers


def stored(text: str) -> Response:
    """A cached answer exactly as stored (validated JSON when it was written): no parse, no re-serialisation."""
    return Response(text.encode("utf-8"), media_type="application/json", headers=HIT_HEADERS)


def articles_key(answers: RequestCache, kind: str, items: Sequence[ArticleWithId]) -> str | None:
    """Alignments and reports; None when any article is a URL to fetch."""
    if any(item.text is None for item in items):
        return None
    return answers.key(kind, [item.model_dump(mode="json") for item in items])


async def answer_body(
    request: Request,
    stream: bool | None,
    *,
    kind: str,
    media: str,
    raw: bytes,
    options: Mapping[str, Any],
    parse: Callable[[bytes], T],
    key_of: Callable[[RequestCache, T], str | None],
    work: Callable[[T], Awaitable[BaseModel]],
) -> Any:
    """The route's answer for a body already read (size-limited) of an accepted media type.

    1. the raw body's key (kind, media type, options, bytes; no parsing): a hit returns the stored bytes;
    2. else the body is validated (``parse``: 4xx on bad input) and looked up by its validated form, so the same
       article sent as JSON or as text/plain shares one answer;
    3. else ``work`` runs and its answer is stored under both keys (complete answers to text inputs only).
    Streamed requests (``?stream=true``) never read the cache: they want the progress events.
    """
    answers = answers_of(request)
    streaming = wants_stream(request, stream)
    body_key = None
    if answers is not None:
        body_key = answers.body_key(kind, media, raw, options)
        if not streaming:
            hit = answers.get(body_key)
            if hit is not None:
                return stored(hit)
    value = parse(raw)
    key = None if answers is None else key_of(answers, value)
    if answers is None or key is None or body_key is None:
        return await respond(request, stream, lambda: work(value))
    if not streaming:
        hit = answers.get(key)
        if hit is not None:
            answers.put_text(body_key, hit)
            return stored(hit)
    cache, keys = answers, (key, body_key)

    async def work_and_store() -> BaseModel:
        response = await work(value)
        cache.put(keys[0], response, keys[1])
        return response

    return await respond(request, stream, work_and_store)
