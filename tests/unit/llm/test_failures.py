"""``from_provider``: every litellm exception class factalign maps, built with litellm's own constructors.

Several classes subclass one another (a context-window error is a bad request; a timeout is a connection
error), so these also pin the order of the checks.
"""

from collections.abc import Callable

import litellm
import pytest

from service.errors import FactalignError, ModelError, ModelTimeout, ModelUnavailable
from service.llm.failures import from_provider

E = litellm.exceptions
KW = {"llm_provider": "openai", "model": "gpt-x"}
CASES: list[tuple[str, Callable[[], Exception], type[FactalignError], int, str]] = [
    ("timeout", lambda: E.Timeout(message="Request timed out", **KW), ModelTimeout, 504, "did not answer"),
    ("auth", lambda: E.AuthenticationError(message="Incorrect API key", **KW), ModelUnavailable, 503,
     "rejected the credentials: set the role's api_key_env"),
    ("rate-limit", lambda: E.RateLimitError(message="Rate limit reached", **KW), ModelUnavailable, 503,
     "rate limiting requests; try again later"),
    ("context-window", lambda: E.ContextWindowExceededError(message="maximum context length is 8192", **KW),
     ModelError, 502, "longer than the model's context; lower the role's context_tokens"),
    ("connection", lambda: E.APIConnectionError(message="Connection refused", **KW), ModelUnavailable, 503,
     "lost the connection to gpt-x at http://127.0.0.1:9/v1 "),
    ("server-killed", lambda: E.InternalServerError(message="OpenAIException - Connection error.", **KW),
     ModelUnavailable, 503, "lost the connection to gpt-x"),
    ("service-unavailable", lambda: E.ServiceUnavailableError(message="overloaded", **KW), ModelUnavailable, 503,
     "is unavailable; try again shortly"),
    ("not-found", lambda: E.NotFoundError(message="model gpt-x does not exist", **KW), ModelUnavailable, 503,
     "model or endpoint not found"),
    ("bad-request", lambda: E.BadRequestError(message="response_format is invalid", **KW), ModelError, 502,
     "refused the request: "),
    ("api-error", lambda: E.APIError(status_code=500, message="internal error", **KW), ModelError, 502, "failed: "),
    ("anything-else", lambda: ValueError("odd"), ModelError, 502, "failed unexpectedly: ValueError: odd"),
]  # fmt: skip


@pytest.mark.parametrize(("make", "kind", "status", "hint"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_provider_failure_maps_to_its_error_and_status(
    make: Callable[[], Exception], kind: type[FactalignError], status: int, hint: str
) -> None:
    error = from_provider(make(), model="gpt-x", api_base="http://127.0.0.1:9/v1")
    assert type(error) is kind
    assert error.status_code == status
    assert hint in error.message
    assert "gpt-x" in error.message  # the message names the model it was talking to


def test_the_provider_message_reaches_the_user_on_one_line() -> None:
    exc = E.BadRequestError(message="first line of the reason\nsecond line\nthird", **KW)
    error = from_provider(exc, model="gpt-x", api_base=None)
    assert "first line of the reason" in error.message
    assert "second line" not in error.message
    assert " at " not in error.message  # no endpoint given: none shown


def test_rate_limits_and_outages_ask_the_client_to_retry_later() -> None:
    for make in (lambda: E.RateLimitError(message="slow down", **KW), lambda: E.APIConnectionError(message="x", **KW)):
        assert from_provider(make(), model="m", api_base=None).retry_after is not None
