"""ASGI middleware for who may call ``/v1/*`` and how much: API keys, per-key rate limit, per-key daily tokens.

Keys are optional: with none configured the API is open (meant for loopback use). With any configured, every
``/v1`` request needs one, as ``Authorization: Bearer KEY`` or ``X-API-Key: KEY``. Config holds only sha256
hashes; the presented key is hashed and compared with every configured hash by ``hmac.compare_digest``.
The counters are per process unless a Redis is configured (``cache.backend = "redis"`` or ``access.redis_url``):
then every worker and machine shares them (``service/api/access_counters.py``).
"""

import datetime as dt
import hashlib
import hmac
import math
import time

import anyio
from starlette.types import ASGIApp, Receive, Scope, Send

from service.api.access_counters import Counters, LocalCounters, counters_for
from service.api.errors import error_response
from service.errors import BudgetExceeded, FactalignError, RateLimited, Unauthorized
from service.llm.metering import metered
from service.settings import AccessConfig, ApiKey, CacheConfig

PROTECTED_PREFIX = "/v1/"
ANONYMOUS = ApiKey(name="anonymous", sha256="0" * 64)


class AccessControl:
    """The state behind the middleware; separate so tests can drive it with a fake clock."""

    def __init__(self, config: AccessConfig, counters: Counters | None = None) -> None:
        self.config = config
        self.counters: Counters = counters or LocalCounters()

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

    async def admit(self, key: ApiKey, now: float, today: dt.date) -> None:
        """Raise ``RateLimited`` or ``BudgetExceeded`` when ``key`` may not start a request now."""
        if not self.required:
            return
        budget = key.daily_tokens or self.config.daily_tokens
        used = await self.counters.spent(key.name, today) if budget is not None else 0
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
        wait = await self.counters.take(key.name, float(rate), now)
        if wait > 0:
            raise RateLimited(
                f"API key {key.name!r} is over its limit of {rate} requests per minute; retry in {math.ceil(wait)} s",
                details={"key": key.name, "requests_per_minute": rate},
                retry_after=math.ceil(wait),
            )

    async def charge(self, key: ApiKey, tokens: int, today: dt.date) -> None:
        if self.required and tokens:
            await self.counters.add(key.name, tokens, today)


def seconds_to_midnight() -> int:
    now = dt.datetime.now(dt.UTC)
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    return max(1, math.ceil((midnight - now).total_seconds()))


class AccessGuard:
    def __init__(self, app: ASGIApp, *, config: AccessConfig, cache: CacheConfig | None = None) -> None:
        """``cache``: when it is a Redis cache, the counters are shared through that Redis."""
        self.app = app
        self.control = AccessControl(config, counters_for(config, cache) if config.keys else LocalCounters())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(PROTECTED_PREFIX):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        try:
            key = self.control.authenticate(headers)
            await self.control.admit(key, time.monotonic(), dt.datetime.now(dt.UTC).date())
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
                with anyio.CancelScope(shield=True):  # a client that hung up still pays for the tokens it used
                    await self.control.charge(key, meter.tokens, dt.datetime.now(dt.UTC).date())
