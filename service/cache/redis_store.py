"""The Redis backend: the same content-addressed keys under a prefix, text values, optional TTL."""

import logging
from urllib.parse import urlsplit, urlunsplit

import redis

log = logging.getLogger("factalign.cache")
PREFIX = "factalign:cache:"


def public_url(url: str) -> str:
    """The URL without its password, for logs and stats."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


class RedisBackend:
    name = "redis"

    def __init__(self, url: str, *, timeout_s: float = 1.0, prefix: str = PREFIX) -> None:
        self.location = public_url(url)
        self.prefix = prefix
        self._client: redis.Redis = redis.Redis.from_url(
            url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s
        )

    def get(self, key: str) -> object | None:
        """Text, or the raw bytes when they are not UTF-8 (the caller deletes such an entry)."""
        value = self._client.get(self.prefix + key)
        if isinstance(value, bytes):
            try:
                return value.decode("utf-8")
            except UnicodeDecodeError:
                return value
        return value

    def set(self, key: str, value: str, ttl_s: float | None) -> None:
        self._client.set(self.prefix + key, value, px=int(ttl_s * 1000) if ttl_s else None)

    def delete(self, key: str) -> None:
        self._client.delete(self.prefix + key)

    def ping(self) -> None:
        self._client.ping()

    def _keys(self) -> list[str]:
        return [
            k.decode() if isinstance(k, bytes) else str(k)
            for k in self._client.scan_iter(match=self.prefix + "*", count=1000)
        ]

    def count(self) -> tuple[int, int]:
        keys = self._keys()
        if not keys:
            return 0, 0
        pipe = self._client.pipeline(transaction=False)
        for key in keys:
            pipe.strlen(key)
        return len(keys), sum(int(n) for n in pipe.execute())

    def clear(self) -> int:
        keys = self._keys()
        removed = 0
        for start in range(0, len(keys), 500):
            removed += int(self._client.delete(*keys[start : start + 500]))  # type: ignore[arg-type]
        return removed

    def is_corruption(self, exc: BaseException) -> bool:
        return False  # Redis keeps its own files; a bad value is handled per entry

    def recover(self) -> str:
        return "nothing to recover"

    def close(self) -> None:
        self._client.close()
