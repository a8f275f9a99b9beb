"""ASGI middleware: a repeated POST is answered from the whole-response cache before routing, dependency
injection or query parsing, with the stored bytes. It sits inside the access guard, the body deadline and
telemetry, so keys, limits and metrics apply to hits as to everything else.

Only plainly written requests take this path: a known route, an accepted media type, a body within the size
limit, and query parameters in their canonical form (``grounding=quotes|sentences``, ``keep_ungrounded=true|false``,
nothing else, no streaming). Anything else, and every miss, goes on to the route with the body it was sent,
where the same keys are looked up again and the answer is stored after a miss.
"""

from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.body import TEXT_TYPES
from service.cache.requests import RequestCache, article_options

ARTICLE_KINDS = {"/v1/summaries": "summary", "/v1/claims": "claims"}
ARTICLES_KINDS = {"/v1/alignments": "alignment", "/v1/reports": "report"}
ROUTE_PATHS = {*ARTICLE_KINDS, *ARTICLES_KINDS}
ARTICLE_MEDIA = {"application/json", *TEXT_TYPES}
GROUNDING = {"quotes", "sentences"}
FLAGS = {"true": True, "false": False}


@dataclass(frozen=True)
class AnsweredRoute:
    """Stands for the route a hit never reached: its template, as telemetry reads ``scope["route"].path``."""

    path: str


ROUTES = {path: AnsweredRoute(path) for path in ROUTE_PATHS}


def header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return ""


def article_query(raw: bytes) -> tuple[str | None, bool | None] | None:
    """(grounding, keep_ungrounded) when the query is empty or canonical; None for anything else."""
    grounding: str | None = None
    keep: bool | None = None
    seen: set[str] = set()
    for pair in raw.decode("latin-1").split("&") if raw else []:
        name, _, value = pair.partition("=")
        if name in seen:
            return None
        seen.add(name)
        if name == "grounding" and value in GROUNDING:
            grounding = value
        elif name == "keep_ungrounded" and value in FLAGS:
            keep = FLAGS[value]
        else:
            return None
    return grounding, keep


class CachedAnswers:
    """Answer exact repeats of the POST routes from the cache; pass everything else on untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] != "POST" or path not in ROUTE_PATHS:
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        answers: RequestCache | None = getattr(state, "answers", None)
        lookup = None if answers is None else self.lookup(scope, state.settings, path)
        if answers is None or lookup is None:
            await self.app(scope, receive, send)
            return
        kind, media, options, limit = lookup
        messages, complete = await read_within(receive, limit)
        if complete:
            body = b"".join(m.get("body", b"") for m in messages)
            hit = answers.get(answers.body_key(kind, media, body, options))
            if hit is not None:
                scope["route"] = ROUTES[path]  # what telemetry labels the request with
                await answer(send, hit.encode("utf-8"))
                return
        await self.app(scope, replay(messages, receive), send)

    def lookup(self, scope: Scope, settings: Any, path: str) -> tuple[str, str, dict[str, Any], int] | None:
        """(kind, media type, cache options, body limit) of a request that may be a plain repeat, else None."""
        if "text/event-stream" in header(scope, b"accept").lower():
            return None
        limit: int = settings.limits.max_body_bytes
        declared = header(scope, b"content-length")
        if declared and (not declared.isdigit() or int(declared) > limit):
            return None
        media = header(scope, b"content-type").split(";", 1)[0].strip().lower()
        if path in ARTICLES_KINDS:
            if media != "application/json" or scope.get("query_string"):
                return None
            return ARTICLES_KINDS[path], media, {}, limit
        query = article_query(scope.get("query_string", b""))
        if media not in ARTICLE_MEDIA or query is None:
            return None
        options = article_options(query[0], query[1], settings.limits.keep_ungrounded)
        return ARTICLE_KINDS[path], media, options, limit


async def read_within(receive: Receive, limit: int) -> tuple[list[Message], bool]:
    """The messages of the body, and whether it all arrived within ``limit`` bytes (else what was read so far,
    a disconnect included, is passed on for the route to handle)."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, False
        size += len(message.get("body", b""))
        if size > limit:
            return messages, False
        if not message.get("more_body", False):
            return messages, True


def replay(messages: list[Message], receive: Receive) -> Receive:
    """A ``receive`` that hands the route what was already read, then the rest from the connection."""
    pending = list(reversed(messages))

    async def again() -> Message:
        if pending:
            return pending.pop()
        return await receive()

    return again


async def answer(send: Send, body: bytes) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-factalign-cache", b"hit"),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
