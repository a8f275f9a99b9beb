"""Translate provider/SDK exceptions into factalign's error tree, with messages that say what to do."""

import litellm

from service.errors import CassetteMiss, FactalignError, InvalidModelOutput, ModelError, ModelTimeout, ModelUnavailable

# Exception classes (by name, so neither httpx, openai nor vcrpy need importing here) that mean the connection to
# the model broke: refused, reset, or closed without an answer (the server was killed or restarted mid-request).
_CONNECTION_LOST = {
    "APIConnectionError", "ConnectError", "ConnectTimeout", "RemoteProtocolError", "ReadError", "WriteError",
    "ConnectionResetError", "ConnectionRefusedError", "BrokenPipeError", "ServerDisconnectedError",
    "ClientConnectorError", "ClientOSError",
}  # fmt: skip
CONNECTION_LOST = "connection_lost"


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 20:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def connection_lost(exc: BaseException) -> bool:
    """True when the exception (or one it was raised from) says the connection broke, whatever litellm called it."""
    for item in _chain(exc):
        if type(item).__name__ in _CONNECTION_LOST:
            return True
        if "Connection error" in str(item).split("\n", 1)[0]:  # openai's text for every transport failure
            return True
    return False


def from_provider(exc: Exception, *, model: str, api_base: str | None) -> FactalignError:
    where = f"{model} at {api_base}" if api_base else model
    chain = _chain(exc)
    if any(type(item).__name__ == "CannotOverwriteExistingCassetteException" for item in chain):
        return CassetteMiss(f"{where}: no recorded answer for this request (replay only); re-record the cassette")
    if isinstance(exc, litellm.exceptions.Timeout):
        return ModelTimeout(f"{where} did not answer before the deadline")
    if isinstance(exc, litellm.exceptions.AuthenticationError):
        return ModelUnavailable(f"{where} rejected the credentials: set the role's api_key_env variable")
    if isinstance(exc, litellm.exceptions.RateLimitError):
        return ModelUnavailable(f"{where} is rate limiting requests; try again later", retry_after=30)
    if isinstance(exc, litellm.exceptions.ContextWindowExceededError):
        return ModelError(f"{where}: the prompt is longer than the model's context; lower the role's context_tokens")
    if connection_lost(exc):
        return ModelUnavailable(
            f"lost the connection to {where} (the model server is down, was restarted or died mid-request); "
            "try again shortly",
            details={"reason": CONNECTION_LOST},
        )
    if isinstance(exc, litellm.exceptions.ServiceUnavailableError):
        return ModelUnavailable(f"{where} is unavailable; try again shortly")
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
