"""The JSON body of every error response."""

from typing import Any

from schemas.base import StrictModel


class ErrorDetail(StrictModel):
    type: str
    message: str
    details: Any = None


class ErrorResponse(StrictModel):
    error: ErrorDetail
