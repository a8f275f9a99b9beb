"""The response cache: content-addressed keys over a disk (diskcache) or Redis backend; values are JSON text."""

from typing import TYPE_CHECKING

from service.cache.backend import CacheHealth, CacheStats
from service.cache.keys import KEY_FORMAT, cache_key, digest, schema_fingerprint
from service.cache.store import CachedAnswer, ResponseCache

if TYPE_CHECKING:
    from service.settings import CacheConfig

__all__ = [
    "KEY_FORMAT",
    "CacheHealth",
    "CacheStats",
    "CachedAnswer",
    "ResponseCache",
    "cache_key",
    "digest",
    "open_cache",
    "schema_fingerprint",
]


def open_cache(config: "CacheConfig", *, enabled: bool | None = None) -> ResponseCache:
    """The cache the config asks for. Redis is imported only when configured."""
    on = config.enabled if enabled is None else enabled
    if config.backend == "redis":
        from service.cache.redis_store import RedisBackend

        backend = RedisBackend(config.redis_url.get_secret_value(), timeout_s=config.redis_timeout_s)
        return ResponseCache(backend=backend, enabled=on, ttl_s=config.ttl_s)
    return ResponseCache(config.directory, size_limit_mb=config.size_limit_mb, enabled=on, ttl_s=config.ttl_s)
