"""The API side of the whole-response cache: look a request up before any cleaning or model work, store after."""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel

from schemas.alignment import ArticleWithId
from schemas.article import ArticleInput
from service.api.streaming import respond, wants_stream
from service.cache.requests import RequestCache


def answers_of(request: Request) -> RequestCache | None:
    """None when the app runs on a test gateway (no runtime, so no cache)."""
    answers: RequestCache | None = getattr(request.app.state, "answers", None)
    return answers


def article_key(request: Request, kind: str, inp: ArticleInput, grounding: str | None, keep: bool | None) -> str | None:
    answers = answers_of(request)
    return None if answers is None else answers.article_key(kind, inp, grounding=grounding, keep_ungrounded=keep)


def articles_key(request: Request, kind: str, items: Sequence[ArticleWithId]) -> str | None:
    """Alignments and reports; None when any article is a URL to fetch."""
    answers = answers_of(request)
    if answers is None or any(item.text is None for item in items):
        return None
    return answers.key(kind, [item.model_dump(mode="json") for item in items])


async def answer(
    request: Request, stream: bool | None, key: str | None, work: Callable[[], Awaitable[BaseModel]]
) -> Any:
    """A cached response as stored JSON (no cleaning, no validation round trip), else ``work`` run and stored."""
    answers = answers_of(request)
    if answers is None or key is None:
        return await respond(request, stream, work)
    if not wants_stream(request, stream):
        hit = answers.get(key)
        if hit is not None:
            return Response(hit, media_type="application/json")

    async def work_and_store() -> BaseModel:
        response = await work()
        answers.put(key, response)
        return response

    return await respond(request, stream, work_and_store)
