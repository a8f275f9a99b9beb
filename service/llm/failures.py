"""Translate provider/SDK exceptions into factalign's error tree, with messages that say what to do."""

import litellm

from service.errors import FactalignError, InvalidModelOutput, ModelError, ModelTimeout, ModelUnavailable


def from_provider(exc: Exception, *, model: str, api_base: str | None) -> FactalignError:
    where = f"{model} at {api_base}" if api_base else model
    if isinstance(exc, litellm.exceptions.Timeout):
        return ModelTimeout(f"{where} did not answer before the deadline")
    if isinstance(exc, litellm.exceptions.AuthenticationError):
        return ModelUnavailable(f"{where} rejected the credentials: set the role's api_key_env variable")
    if isinstance(exc, litellm.exceptions.RateLimitError):
        return ModelUnavailable(f"{where} is rate limiting requests; try again later")
    if isinstance(exc, litellm.exceptions.ContextWindowExceededError):
        return ModelError(f"{where}: the prompt is longer than the model's context; lower the role's context_tokens")
    if isinstance(exc, (litellm.exceptions.APIConnectionError, litellm.exceptions.ServiceUnavailableError)):
        return ModelUnavailable(f"cannot reach {where}: {_first_line(exc)}")
    if isinstance(exc, litellm.exceptions.NotFoundError):
        return ModelUnavailable(f"{where}: model or endpoint not found ({_first_line(exc)})")
    if isinstance(exc, litellm.exceptions.BadRequestError):
        return ModelError(f"{where} refused the request: {_first_line(exc)}")
    if isinstance(exc, litellm.exceptions.APIError):
        return ModelError(f"{where} failed: {_first_line(exc)}")
    return ModelError(f"{where} failed unexpectedly: {type(exc).__name__}: {_first_line(exc)}")


def invalid_output(schema_name: str, attempts: int, last_error: BaseException | None) -> InvalidModelOutput:
    detail = _first_line(last_error) if last_error else "no parsable answer"
    return InvalidModelOutput(
        f"model output failed the {schema_name} schema on all {attempts} attempts: {detail}",
        details={"schema": schema_name, "attempts": attempts, "last_error": str(last_error)[:2000]},
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__
