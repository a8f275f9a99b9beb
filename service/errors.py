"""The error tree. Every failure factalign reports is one of these, mapped to HTTP in ``service.api.errors``.

FactalignError
├── InputError            (422) the article or request is unusable; the message says what to fix
│   ├── EmptyInput        (422) no text left (empty, whitespace, or only boilerplate)
│   ├── PayloadTooLarge   (413) body over the configured limit
│   ├── TooManyArticles   (422) more articles than limits.max_articles
│   └── UnsupportedInput  (415) not UTF-8, or a content type we do not read
├── ConfigError           (500-free: raised at start-up) a role or setting is wrong
├── ModelError                  the model could not give a valid answer
│   ├── ModelUnavailable  (503) cannot reach the model (server down, no credentials)
│   ├── ModelTimeout      (504) the request deadline passed
│   └── InvalidModelOutput(502) output still failed the schema after the retry budget
├── BudgetExceeded        (429) a request would exceed its token or call budget
└── CassetteMiss          (409) replay-only run met a request with no recording (tests/evals)
"""

from typing import Any


class FactalignError(Exception):
    """Base of every error factalign raises on purpose."""

    status_code = 500
    retry_after: int | None = None

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    @property
    def type_name(self) -> str:
        return type(self).__name__


class InputError(FactalignError):
    status_code = 422


class EmptyInput(InputError):
    status_code = 422


class PayloadTooLarge(InputError):
    status_code = 413


class TooManyArticles(InputError):
    status_code = 422


class UnsupportedInput(InputError):
    status_code = 415


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


class BudgetExceeded(FactalignError):
    status_code = 429


class CassetteMiss(FactalignError):
    status_code = 409
