"""Rate-limit buckets and daily token spend per API key: in this process, or shared by every worker through Redis.

With ``cache.backend = "redis"`` (or ``access.redis_url``) the counters live in Redis, so a key's allowance holds
across ``factalign serve --workers N`` and across machines: the token bucket is one Lua script (atomic, timed by
the Redis server's clock) and the spend is one ``INCRBY`` per request. If Redis does not answer, the request is
counted in the process instead (a warning is logged and ``factalign_access_counter_errors_total`` moves): the
limits then hold per worker again until Redis is back, and no request fails because of the counters.
"""

import asyncio
import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from prometheus_client import Counter

from service.settings import AccessConfig, CacheConfig
from service.telemetry.metrics import REGISTRY

log = logging.getLogger("factalign.access")
PREFIX = "factalign:access:"
SPEND_TTL_S = 2 * 24 * 3600  # a day's spend is kept until the day is surely over everywhere
COUNTER_ERRORS = Counter(
    "factalign_access_counter_errors", "Shared (Redis) rate/budget counters that failed; counted locally instead.",
    registry=REGISTRY,
)  # fmt: skip

# KEYS[1] bucket hash; ARGV[1] capacity (requests per minute). Returns the wait in seconds as a string (0 = go).
_TAKE = """
local capacity = tonumber(ARGV[1])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1]) or capacity
local updated = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - updated) * capacity / 60)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) * 60 / capacity end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('EXPIRE', KEYS[1], 120)
return tostring(wait)
"""


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


class Counters(Protocol):
    async def take(self, name: str, rate: float, now: float) -> float: ...
    async def spent(self, name: str, day: dt.date) -> int: ...
    async def add(self, name: str, tokens: int, day: dt.date) -> None: ...
    async def close(self) -> None: ...


@dataclass
class LocalCounters:
    """This process's counters (one worker); ``now`` is a monotonic clock the caller passes (tests pass a fake)."""

    buckets: dict[str, Bucket] = field(default_factory=dict)
    spend: dict[tuple[str, dt.date], int] = field(default_factory=dict)

    async def take(self, name: str, rate: float, now: float) -> float:
        bucket = self.buckets.get(name)
        if bucket is None or bucket.capacity != rate:
            bucket = self.buckets[name] = Bucket(capacity=rate, tokens=rate, updated=now)
        return bucket.take(now)

    async def spent(self, name: str, day: dt.date) -> int:
        return self.spend.get((name, day), 0)

    async def add(self, name: str, tokens: int, day: dt.date) -> None:
        self.spend[(name, day)] = self.spend.get((name, day), 0) + tokens
        for stale in [k for k in self.spend if k[1] != day]:
            del self.spend[stale]

    async def close(self) -> None:
        return None


class RedisCounters:
    """Counters every worker and machine shares; any Redis failure falls back to ``LocalCounters``."""

    def __init__(self, url: str, *, timeout_s: float = 1.0, prefix: str = PREFIX) -> None:
        self.url = url
        self.timeout_s = timeout_s
        self.prefix = prefix
        self.local = LocalCounters()
        self._clients: dict[int, Any] = {}  # one client per event loop (its connections belong to that loop)
        self._warned = 0.0

    def _client(self) -> Any:
        from redis.asyncio import Redis

        loop = id(asyncio.get_running_loop())
        if loop not in self._clients:
            self._clients = {loop: Redis.from_url(
                self.url, socket_timeout=self.timeout_s, socket_connect_timeout=self.timeout_s
            )}  # fmt: skip
        return self._clients[loop]

    def _failed(self, what: str, exc: Exception) -> None:
        COUNTER_ERRORS.inc()
        if time.monotonic() - self._warned > 60:  # one line a minute, not one per request
            self._warned = time.monotonic()
            log.warning("shared access counters unavailable (%s: %s); counting in this process", what, exc)

    async def take(self, name: str, rate: float, now: float) -> float:
        try:
            key = f"{self.prefix}bucket:{name}:{rate:g}"
            return float(await self._client().eval(_TAKE, 1, key, rate))
        except Exception as exc:
            self._failed("rate limit", exc)
            return await self.local.take(name, rate, now)

    async def spent(self, name: str, day: dt.date) -> int:
        try:
            value = await self._client().get(f"{self.prefix}spent:{name}:{day.isoformat()}")
        except Exception as exc:
            self._failed("token budget", exc)
            return await self.local.spent(name, day)
        return int(value or 0) + await self.local.spent(name, day)

    async def add(self, name: str, tokens: int, day: dt.date) -> None:
        key = f"{self.prefix}spent:{name}:{day.isoformat()}"
        try:
            async with self._client().pipeline(transaction=True) as pipe:
                await pipe.incrby(key, tokens).expire(key, SPEND_TTL_S).execute()
        except Exception as exc:
            self._failed("token budget", exc)
            await self.local.add(name, tokens, day)

    async def close(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients = {}


def shared_url(access: AccessConfig, cache: CacheConfig | None) -> str | None:
    """Where the counters are shared: ``access.redis_url``, else the cache's Redis when the cache uses one."""
    if access.redis_url is not None:
        return access.redis_url.get_secret_value()
    if cache is not None and cache.enabled and cache.backend == "redis":
        return cache.redis_url.get_secret_value()
    return None


def counters_for(access: AccessConfig, cache: CacheConfig | None = None) -> Counters:
    url = shared_url(access, cache)
    if url is None:
        return LocalCounters()
    timeout = cache.redis_timeout_s if cache is not None else 1.0
    return RedisCounters(url, timeout_s=timeout)
