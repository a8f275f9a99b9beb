"""``ResponseCache``: validated JSON text under content-addressed keys; a failing cache is a miss, never a crash."""

import json
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from service.cache.backend import Backend, CacheHealth, CacheStats
from service.cache.disk import DiskBackend

log = logging.getLogger("factalign.cache")
T = TypeVar("T")
_FAILED = object()  # a read that could not be made (see ResponseCache._read)
# After a failure the backend is left alone this long, so a dead Redis or a read-only disk costs one
# timeout per interval instead of one per request.
COOLDOWN_S = 5.0


@dataclass(frozen=True)
class CachedAnswer:
    json: str
    prompt_tokens: int
    completion_tokens: int


class ResponseCache:
    """``get``/``put`` of validated JSON under content-addressed keys, over a disk or Redis backend.

    Any backend error is logged, counted (``health()``, ``stats()``) and answered as a miss or a skipped
    write; a corrupt entry is deleted so it is recomputed; a damaged database is moved aside and recreated.
    """

    def __init__(
        self,
        directory: Path | None = None,
        *,
        size_limit_mb: int = 1024,
        enabled: bool = True,
        backend: Backend | None = None,
        ttl_s: float | None = None,
        cooldown_s: float = COOLDOWN_S,
    ) -> None:
        if backend is None:
            if directory is None:
                raise ValueError("ResponseCache needs a directory or a backend")
            backend = DiskBackend(directory, size_limit_mb=size_limit_mb)
        self.directory = directory
        self.enabled = enabled
        self.backend = backend
        self.ttl_s = ttl_s
        self.cooldown_s = cooldown_s
        self.hits = 0
        self.misses = 0
        self.errors = 0
        self.corrupt_entries = 0
        self.last_error = ""
        self.last_recovery = ""
        self._resume_at = 0.0
        self._lock = threading.Lock()

    # --- failure handling -------------------------------------------------------------------------
    def _available(self) -> bool:
        return self.enabled and time.monotonic() >= self._resume_at

    def _failed(self, operation: str, exc: BaseException) -> None:
        with self._lock:
            self.errors += 1
            self.last_error = f"{operation}: {type(exc).__name__}: {exc}"
            log.warning("cache %s failed at %s (%s); continuing without the cache", operation,
                        self.backend.location, self.last_error)  # fmt: skip
            if self.backend.is_corruption(exc):
                try:
                    self.last_recovery = self.backend.recover()
                    return
                except Exception as again:
                    self.last_error = f"recover: {type(again).__name__}: {again}"
                    log.warning("cache recovery failed: %s", self.last_error)
            self._resume_at = time.monotonic() + self.cooldown_s

    def _discard(self, key: str) -> None:
        self.corrupt_entries += 1
        log.warning("cache entry %s… is corrupt; deleted, it will be recomputed", key[:12])
        try:
            self.backend.delete(key)
        except Exception as exc:
            self._failed("delete", exc)

    # --- text entries -----------------------------------------------------------------------------
    def get_json(self, key: str) -> dict[str, Any] | None:
        """The stored JSON object, or None (absent, unreadable, or the cache is failing)."""
        raw = self._read(key)
        if raw is _FAILED:
            return None
        return self._counted(key, raw, None if raw is None else _json_object(raw))

    def get_text(self, key: str) -> str | None:
        """The stored JSON text (re-serialised), or None."""
        value = self.get_json(key)
        return None if value is None else json.dumps(value, ensure_ascii=False)

    def get_stored(self, key: str) -> str | None:
        """The stored JSON object text exactly as written (no parse, no re-serialisation), or None.

        Only validated JSON is ever written; what is checked here is that the entry is whole (a text that opens
        and closes an object), so a truncated or foreign value is deleted and read as a miss.
        """
        raw = self._read(key)
        if raw is _FAILED:
            return None
        whole = raw if isinstance(raw, str) and raw.startswith("{") and raw.endswith("}") else None
        return self._counted(key, raw, whole)

    def _read(self, key: str) -> object | None:
        """The raw stored value (None when absent), or ``_FAILED`` when the cache is unavailable or the read failed
        (the failure is logged and counted; neither a hit nor a miss)."""
        if not self._available():
            return _FAILED
        try:
            return self.backend.get(key)
        except Exception as exc:
            self._failed("get", exc)
            return _FAILED

    def _counted(self, key: str, raw: object | None, value: T | None) -> T | None:
        """Count a hit or a miss; a stored value that did not read as ``value`` is deleted (a miss)."""
        if raw is not None and value is None:
            self._discard(key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put_text(self, key: str, text: str) -> None:
        """Only called with validated output, so a failed request never writes."""
        if not self._available():
            return
        try:
            self.backend.set(key, text, self.ttl_s)
        except Exception as exc:
            self._failed("put", exc)

    def discard(self, key: str) -> None:
        """The caller found the entry invalid (e.g. it no longer validates against its schema)."""
        if self._available():
            self._discard(key)

    # --- model answers ----------------------------------------------------------------------------
    def get(self, key: str) -> CachedAnswer | None:
        record = self.get_json(key)
        if record is None:
            return None
        try:
            return CachedAnswer(
                json=str(record["json"]),
                prompt_tokens=int(record.get("prompt_tokens", 0)),
                completion_tokens=int(record.get("completion_tokens", 0)),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            self.hits -= 1
            self.misses += 1
            self._discard(key)
            return None

    def put(self, key: str, answer: CachedAnswer) -> None:
        record = {
            "json": answer.json,
            "prompt_tokens": answer.prompt_tokens,
            "completion_tokens": answer.completion_tokens,
        }
        self.put_text(key, json.dumps(record, ensure_ascii=False))

    # --- operations -------------------------------------------------------------------------------
    def health(self) -> CacheHealth:
        """Cheap: what the counters say, without touching the backend."""
        failing = time.monotonic() < self._resume_at
        return CacheHealth(
            backend=self.backend.name,
            location=self.backend.location,
            enabled=self.enabled,
            healthy=not failing,
            errors=self.errors,
            corrupt_entries=self.corrupt_entries,
            detail=(self.last_error if failing else self.last_recovery) or "ok",
        )

    def check(self) -> CacheHealth:
        """Ask the backend once (read and write possible?), then report; for ``/readyz``."""
        if self._available():
            try:
                self.backend.ping()
            except Exception as exc:
                self._failed("health check", exc)
        return self.health()

    def stats(self) -> CacheStats:
        """Entries and size from the backend; works on a damaged cache (which is set aside and reported)."""
        entries, size = -1, -1
        try:
            entries, size = self.backend.count()
        except Exception as exc:
            self._failed("stats", exc)
            if self.last_recovery:
                try:
                    entries, size = self.backend.count()
                except Exception as again:
                    self._failed("stats", again)
        health = self.health()
        return CacheStats(
            directory=self.backend.location, entries=entries, size_bytes=size, hits=self.hits, misses=self.misses,
            backend=self.backend.name, errors=self.errors, corrupt_entries=self.corrupt_entries,
            healthy=entries >= 0, detail=health.detail,
        )  # fmt: skip

    def clear(self) -> int:
        """Delete every entry; a damaged cache is moved aside instead (0 entries removed, see ``last_recovery``)."""
        try:
            return self.backend.clear()
        except Exception as exc:
            self._failed("clear", exc)
            if not self.last_recovery:
                raise
            return 0

    def close(self) -> None:
        try:
            self.backend.close()
        except Exception as exc:
            log.debug("closing the cache failed: %s", exc)


def _json_object(raw: object) -> dict[str, Any] | None:
    if not isinstance(raw, str):
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
