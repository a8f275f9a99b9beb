"""The error tree: every failure factalign reports is one of these classes, and each class carries its HTTP status.

``service.api.errors`` turns any of them into ``{"error": {"type", "message", "details"}}`` with ``status_code``
(and ``Retry-After`` when ``retry_after`` is set); the CLI prints the message and exits non-zero.

FactalignError                  (500) base; never raised itself
├── InputError                  (422) the article or request is unusable; the message says what to fix
│   ├── MalformedRequest        (422) body is not JSON, nests too deep, or does not fit the request schema
│   ├── EmptyInput              (422) no text left (empty, whitespace, or only boilerplate)
│   ├── TooManyArticles         (422) more articles than limits.max_articles
│   ├── BadEncoding             (400) body is not UTF-8, or holds a lone surrogate (\\ud800) escape
│   ├── BadHttpRequest          (400) the HTTP framing is broken (e.g. a malformed Content-Length)
│   ├── BodyTimeout             (408) the body did not arrive within limits.body_timeout_s
│   ├── PayloadTooLarge         (413) body over limits.max_body_bytes
│   └── UnsupportedInput        (415) a content type we do not read, or text that looks mis-decoded
├── AccessError                       the caller may not have this answer now
│   ├── Unauthorized            (401) API keys are configured and none (or a wrong one) was sent
│   ├── RateLimited             (429) the key sent more than its requests per minute; Retry-After says when
│   └── BudgetExceeded          (429) the key used up its daily token budget; Retry-After says when it resets
├── Overloaded                  (503) the queue in front of the model is full; Retry-After; cache hits still served
├── ConfigError                 (500) a role or setting is wrong (raised at start-up or on first use)
├── ModelError                  (502) the model could not give a valid answer
│   ├── ModelUnavailable        (503) cannot reach the model (server down or died, no credentials); Retry-After
│   ├── ModelTimeout            (504) the per-call deadline passed (the abandoned generation is stopped)
│   └── InvalidModelOutput      (502) output still failed the schema after the retry budget
└── CassetteMiss                (409) a replay-only run met a request with no recording (tests/evals)
"""

from typing import Any


class FactalignError(Exception):
    """Base of every error factalign raises on purpose."""

    status_code = 500
    retry_after: int | None = None

    def __init__(self, message: str, *, details: Any = None, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        if retry_after is not None:
            self.retry_after = max(1, int(retry_after))

    @property
    def type_name(self) -> str:
        return type(self).__name__


class InputError(FactalignError):
    status_code = 422


class MalformedRequest(InputError):
    status_code = 422


class EmptyInput(InputError):
    status_code = 422


class TooManyArticles(InputError):
    status_code = 422


class BadEncoding(InputError):
    status_code = 400


class BadHttpRequest(InputError):
    status_code = 400


class BodyTimeout(InputError):
    status_code = 408


class PayloadTooLarge(InputError):
    status_code = 413


class UnsupportedInput(InputError):
    status_code = 415


class AccessError(FactalignError):
    status_code = 403


class Unauthorized(AccessError):
    status_code = 401


class RateLimited(AccessError):
    status_code = 429
    retry_after = 60


class BudgetExceeded(AccessError):
    status_code = 429
    retry_after = 3600


class Overloaded(FactalignError):
    status_code = 503
    retry_after = 5


class ConfigError(FactalignError):
    status_code = 500


class ModelError(FactalignError):
    status_code = 502


class ModelUnavailable(ModelError):
    status_code = 503
    retry_after = 10


class ModelTimeout(ModelError):
    status_code = 504


class InvalidModelOutput(ModelError):
    status_code = 502


class CassetteMiss(FactalignError):
    status_code = 409


def all_errors() -> list[type[FactalignError]]:
    """Every class of the tree, base first (the README table and the OpenAPI responses are built from it)."""
    found: list[type[FactalignError]] = [FactalignError]
    for cls in found:
        found.extend(cls.__subclasses__())
    return found
