"""ASGI middleware for who may call ``/v1/*`` and how much: API keys, per-key rate limit, per-key daily tokens.

Keys are optional: with none configured the API is open (meant for loopback use). With any configured, every
``/v1`` request needs one, as ``Authorization: Bearer KEY`` or ``X-API-Key: KEY``. Config holds only sha256
hashes; the presented key is hashed and compared with every configured hash by ``hmac.compare_digest``.
Counters live in the worker process: with N workers a key gets up to N times its per-minute allowance.
"""

import datetime as dt
import hashlib
import hmac
import math
import time
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from service.api.errors import error_response
from service.errors import BudgetExceeded, FactalignError, RateLimited, Unauthorized
from service.llm.metering import metered
from service.settings import AccessConfig, ApiKey

PROTECTED_PREFIX = "/v1/"
ANONYMOUS = ApiKey(name="anonymous", sha256="0" * 64)


@dataclass
class Bucket:
    """Token bucket: ``capacity`` requests at once, refilled at ``capacity`` per minute."""

    capacity: float
    tokens: float
    updated: float

    def take(self, now: float) -> float:
        """0 when a request may go now, else the seconds until it may."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.capacity / 60.0)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) * 60.0 / self.capacity


class AccessControl:
    """The state behind the middleware; separate so tests can drive it with a fake clock."""

    def __init__(self, config: AccessConfig) -> None:
        self.config = config
        self.buckets: dict[str, Bucket] = {}
        self.spent: dict[tuple[str, dt.date], int] = {}

    @property
    def required(self) -> bool:
        return bool(self.config.keys)

    def authenticate(self, headers: dict[str, str]) -> ApiKey:
        if not self.required:
            return ANONYMOUS
        presented = headers.get("x-api-key", "")
        auth = headers.get("authorization", "")
        if not presented and auth[:7].lower() == "bearer ":
            presented = auth[7:].strip()
        if not presented:
            raise Unauthorized("an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'")
        digest = hashlib.sha256(presented.encode("utf-8", "surrogatepass")).hexdigest()
        found: ApiKey | None = None
        for key in self.config.keys:  # no early exit: every comparison runs whatever matches
            if hmac.compare_digest(digest, key.sha256):
                found = key
        if found is None:
            raise Unauthorized("the API key is not valid: check it, or ask the operator for one")
        return found

    def admit(self, key: ApiKey, now: float, today: dt.date) -> None:
        """Raise ``RateLimited`` or ``BudgetExceeded`` when ``key`` may not start a request now."""
        if not self.required:
            return
        budget = key.daily_tokens or self.config.daily_tokens
        used = self.spent.get((key.name, today), 0)
        if budget is not None and used >= budget:
            raise BudgetExceeded(
                f"API key {key.name!r} used its daily budget of {budget} model tokens ({used} spent today, UTC); "
                "cached answers cost nothing, the budget resets at 00:00 UTC",
                details={"key": key.name, "daily_tokens": budget, "spent": used},
                retry_after=seconds_to_midnight(),
            )
        rate = key.requests_per_minute or self.config.requests_per_minute
        if rate is None:
            return
        bucket = self.buckets.setdefault(key.name, Bucket(capacity=float(rate), tokens=float(rate), updated=now))
        wait = bucket.take(now)
        if wait > 0:
            raise RateLimited(
                f"API key {key.name!r} is over its limit of {rate} requests per minute; retry in {math.ceil(wait)} s",
                details={"key": key.name, "requests_per_minute": rate},
                retry_after=math.ceil(wait),
            )

    def charge(self, key: ApiKey, tokens: int, today: dt.date) -> None:
        if self.required and tokens:
            self.spent[(key.name, today)] = self.spent.get((key.name, today), 0) + tokens
            for stale in [k for k in self.spent if k[1] != today]:
                del self.spent[stale]


def seconds_to_midnight() -> int:
    now = dt.datetime.now(dt.UTC)
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    return max(1, math.ceil((midnight - now).total_seconds()))


class AccessGuard:
    def __init__(self, app: ASGIApp, *, config: AccessConfig) -> None:
        self.app = app
        self.control = AccessControl(config)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(PROTECTED_PREFIX):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        try:
            key = self.control.authenticate(headers)
            self.control.admit(key, time.monotonic(), dt.datetime.now(dt.UTC).date())
        except FactalignError as exc:
            response = error_response(exc)
            if isinstance(exc, Unauthorized):
                response.headers["WWW-Authenticate"] = 'Bearer realm="factalign"'
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})["api_key"] = key.name
        with metered() as meter:
            try:
                await self.app(scope, receive, send)
            finally:
                self.control.charge(key, meter.tokens, dt.datetime.now(dt.UTC).date())
