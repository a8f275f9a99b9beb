"""Map the error tree to HTTP responses in one place: ``{"error": {"type", "message", "details"}}``."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from schemas.errors import ErrorDetail, ErrorResponse
from service.errors import FactalignError

log = logging.getLogger("factalign.api")


def _response(status: int, type_name: str, message: str, details: object = None) -> JSONResponse:
    body = ErrorResponse(error=ErrorDetail(type=type_name, message=message, details=details))
    return JSONResponse(status_code=status, content=body.model_dump(mode="json"))


async def factalign_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, FactalignError)
    response = _response(exc.status_code, exc.type_name, exc.message, exc.details)
    if exc.retry_after is not None:
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [{"field": ".".join(str(p) for p in e["loc"]), "problem": e["msg"]} for e in exc.errors()]
    summary = "; ".join(f"{p['field']}: {p['problem']}" for p in problems[:5])
    return _response(422, "MalformedRequest", f"request does not match the schema: {summary}", problems)


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return _response(exc.status_code, "HTTPError", str(exc.detail))


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # A bug, not the caller's fault: log it with the traceback, answer with something a person can report.
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return _response(500, "InternalError", f"factalign failed unexpectedly ({type(exc).__name__}); see server log")


def install(app: FastAPI) -> None:
    app.add_exception_handler(FactalignError, factalign_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)
