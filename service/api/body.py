"""Read a request body safely: size limit, content type, UTF-8, JSON (depth, surrogates), then the pydantic model."""

import json
import re
from typing import Literal, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from schemas.article import ArticleInput
from service.errors import BadEncoding, MalformedRequest, PayloadTooLarge, UnsupportedInput

M = TypeVar("M", bound=BaseModel)
TEXT_TYPES: dict[str, Literal["text", "html"]] = {"text/plain": "text", "text/html": "html"}
# No request of ours nests deeper than 4; 32 leaves room and stays far below Python's recursion limit.
MAX_JSON_DEPTH = 32
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


async def read_limited(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it is known to exceed ``limit`` (declared or counted while streaming).

    A body that stops arriving is cut off by the body-timeout middleware (``BodyTimeout``, 408).
    """
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


def check_json_value(data: object) -> None:
    """Refuse nesting deeper than ``MAX_JSON_DEPTH`` and strings holding lone UTF-16 surrogates (``"\\ud800"``).

    Iterative, so a hostile document cannot exhaust the stack here either.
    """
    stack: list[tuple[object, int, str]] = [(data, 1, "(body)")]
    while stack:
        value, depth, where = stack.pop()
        if isinstance(value, str):
            found = LONE_SURROGATE.search(value)  # C speed: this runs over every article's text
            if found is not None:
                bad = found.start()
                raise BadEncoding(
                    f"{where} holds a lone UTF-16 surrogate escape (\\u{ord(value[bad]):04x}) at character {bad}; "
                    "send valid Unicode (pair the surrogate or drop it)",
                    details={"field": where, "position": bad},
                )
            continue
        if not isinstance(value, (dict, list)):
            continue
        if depth > MAX_JSON_DEPTH:
            raise MalformedRequest(
                f"request body nests deeper than {MAX_JSON_DEPTH} levels at {where}; send the documented shape"
            )
        if isinstance(value, dict):
            for key, item in value.items():
                printable = key.encode("utf-8", "backslashreplace").decode("utf-8")
                name = printable if where == "(body)" else f"{where}.{printable}"
                stack.append((key, depth + 1, f"{name} (key)"))
                stack.append((item, depth + 1, name))
        else:
            stack.extend((item, depth + 1, f"{where}.{i}") for i, item in enumerate(value))


def parse_json_model(text: str, model: type[M]) -> M:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedRequest(
            f"request body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise MalformedRequest(
            f"request body nests deeper than {MAX_JSON_DEPTH} levels; send the documented shape"
        ) from None
    except ValueError as exc:  # e.g. an integer literal longer than Python's 4300-digit conversion limit
        raise MalformedRequest(f"request body is not usable JSON: {str(exc)[:200]}") from None
    check_json_value(data)
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
    json_media_type(request)
    return parse_json_model(decode_utf8(await read_limited(request, limit)), model)


def json_media_type(request: Request) -> str:
    """``application/json``; any other media type is refused before the body is read."""
    kind = media_type(request)
    if kind != "application/json":
        raise UnsupportedInput(f"content type {kind or '(none)'!r} is not accepted here; send application/json")
    return kind


async def read_article(request: Request, limit: int) -> ArticleInput:
    """JSON ``ArticleInput``, or the raw article as text/plain or text/html."""
    kind = article_media_type(request)
    return parse_article(kind, await read_limited(request, limit))


def article_media_type(request: Request) -> str:
    """The body's media type if an article may be sent as it; refused before the body is read otherwise."""
    kind = media_type(request)
    if kind not in TEXT_TYPES and kind != "application/json":
        raise UnsupportedInput(
            f"content type {kind or '(none)'!r} is not accepted; send application/json, text/plain or text/html"
        )
    return kind


def parse_article(kind: str, raw: bytes) -> ArticleInput:
    """An article body already read (``read_limited``), of a media type ``article_media_type`` accepted."""
    if kind in TEXT_TYPES:
        return ArticleInput(text=decode_utf8(raw), format=TEXT_TYPES[kind])
    return parse_json_model(decode_utf8(raw), ArticleInput)
