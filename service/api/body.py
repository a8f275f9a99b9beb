"""Read a request body safely: size limit, content type, UTF-8, JSON, then the pydantic model."""

import json
from typing import Literal, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from schemas.article import ArticleInput
from service.errors import InputError, PayloadTooLarge, UnsupportedInput

M = TypeVar("M", bound=BaseModel)
TEXT_TYPES: dict[str, Literal["text", "html"]] = {"text/plain": "text", "text/html": "html"}


class MalformedRequest(InputError):
    """The body is not valid JSON or does not fit the request schema (422)."""


class BadEncoding(InputError):
    status_code = 400


async def read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"request body is {int(declared)} bytes; the limit is {limit} (limits.max_body_bytes)")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"request body is over the {limit}-byte limit (limits.max_body_bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


def decode_utf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadEncoding(
            f"request body is not valid UTF-8 (bad byte at position {exc.start}); re-encode the article as UTF-8"
        ) from None


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def parse_json_model(text: str, model: type[M]) -> M:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedRequest(
            f"request body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [
            {"field": ".".join(str(p) for p in err["loc"]) or "(body)", "problem": err["msg"]} for err in exc.errors()
        ]
        fields = "; ".join(f"{p['field']}: {p['problem']}" for p in problems[:5])
        raise MalformedRequest(f"request body does not match {model.__name__}: {fields}", details=problems) from None


async def read_model(request: Request, model: type[M], limit: int) -> M:
    """JSON bodies only."""
    kind = media_type(request)
    if kind != "application/json":
        raise UnsupportedInput(f"content type {kind or '(none)'!r} is not accepted here; send application/json")
    return parse_json_model(decode_utf8(await read_limited(request, limit)), model)


async def read_article(request: Request, limit: int) -> ArticleInput:
    """JSON ``ArticleInput``, or the raw article as text/plain or text/html."""
    kind = media_type(request)
    if kind in TEXT_TYPES:
        text = decode_utf8(await read_limited(request, limit))
        return ArticleInput(text=text, format=TEXT_TYPES[kind])
    if kind != "application/json":
        raise UnsupportedInput(
            f"content type {kind or '(none)'!r} is not accepted; send application/json, text/plain or text/html"
        )
    return parse_json_model(decode_utf8(await read_limited(request, limit)), ArticleInput)
