"""Map the error tree to HTTP responses in one place: ``{"error": {"type", "message", "details"}}``.

The status of each error is its class's ``status_code`` in ``service.errors``; this module only renders it (with
``Retry-After`` where the class sets one). Starlette's own 404/405 use the same shape and keep their headers
(405 keeps ``Allow``).
"""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from schemas.errors import ErrorDetail, ErrorResponse
from service.errors import FactalignError, MalformedRequest

log = logging.getLogger("factalign.api")


def _response(
    status: int, type_name: str, message: str, details: object = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = ErrorResponse(error=ErrorDetail(type=type_name, message=message, details=details))
    # An echo of hostile input (a lone surrogate in a field name...) must not turn a 4xx into a 500.
    return JSONResponse(status_code=status, content=_encodable(body.model_dump(mode="json")), headers=headers)


def _encodable(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {_encodable(k): _encodable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encodable(v) for v in value]
    return value


def error_response(exc: FactalignError) -> JSONResponse:
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after is not None else None
    return _response(exc.status_code, exc.type_name, exc.message, exc.details, headers)


async def factalign_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, FactalignError)
    return error_response(exc)


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [{"field": ".".join(str(p) for p in e["loc"]), "problem": e["msg"]} for e in exc.errors()]
    summary = "; ".join(f"{p['field']}: {p['problem']}" for p in problems[:5])
    return error_response(MalformedRequest(f"request does not match the schema: {summary}", details=problems))


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return _response(exc.status_code, "HTTPError", str(exc.detail), headers=dict(exc.headers or {}))


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # A bug, not the caller's fault: log it with the traceback, answer with something a person can report.
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return _response(500, "InternalError", f"factalign failed unexpectedly ({type(exc).__name__}); see server log")


def install(app: FastAPI) -> None:
    app.add_exception_handler(FactalignError, factalign_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)
