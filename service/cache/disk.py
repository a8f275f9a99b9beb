"""The diskcache backend: sqlite without mmap, short lock timeouts, text values only, damage set aside."""

import logging
import os
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

import diskcache
from diskcache.core import MODE_PICKLE

log = logging.getLogger("factalign.cache")

# sqlite memory-maps the WAL index (-shm) and, by default, the database: once the files cannot grow (disk full,
# `chattr +i`) a touch of the mapping is SIGBUS and the process dies (issue 10.1). A rollback journal and no mmap
# turn the same faults into sqlite3.OperationalError, which the cache answers as a miss.
SQLITE_SETTINGS: dict[str, Any] = {"sqlite_mmap_size": 0, "sqlite_journal_mode": "truncate", "statistics": 0}
LOCK_TIMEOUT_S = 2.0
CORRUPTION_MARKERS = ("malformed", "not a database", "file is encrypted", "database corrupt")


class TextOnlyDisk(diskcache.Disk):  # type: ignore[misc]
    """Never unpickles: a pickled value found in the cache (some other writer) reads as a corrupt entry."""

    def fetch(self, mode: int, filename: str | None, value: Any, read: bool) -> Any:
        if mode == MODE_PICKLE:
            return None
        return super().fetch(mode, filename, value, read)


def probe_writable(directory: Path) -> None:
    """Raise OSError unless a file can be created, written and removed in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    probe = directory / f".probe-{os.getpid()}"
    try:
        probe.write_bytes(b"ok")
    finally:
        probe.unlink(missing_ok=True)


class DiskBackend:
    name = "disk"

    def __init__(self, directory: Path, *, size_limit_mb: int = 1024) -> None:
        self.directory = directory
        self.location = str(directory)
        self._size_limit = size_limit_mb * 1024 * 1024
        self._cache: diskcache.Cache | None = None

    def _store(self) -> diskcache.Cache:
        if self._cache is None:
            probe_writable(self.directory)
            self._cache = diskcache.Cache(
                str(self.directory),
                timeout=LOCK_TIMEOUT_S,
                disk=TextOnlyDisk,
                size_limit=self._size_limit,
                **SQLITE_SETTINGS,
            )
        return self._cache

    def get(self, key: str) -> object | None:
        value: object | None = self._store().get(key, default=None, retry=True)
        return value

    def set(self, key: str, value: str, ttl_s: float | None) -> None:
        self._store().set(key, value, expire=ttl_s, retry=True)

    def delete(self, key: str) -> None:
        self._store().delete(key, retry=True)

    def ping(self) -> None:
        probe_writable(self.directory)
        self._store().get("__ping__", default=None, retry=True)

    def count(self) -> tuple[int, int]:
        store = self._store()
        return len(store), int(store.volume())

    def clear(self) -> int:
        return int(self._store().clear(retry=True))

    def is_corruption(self, exc: BaseException) -> bool:
        return isinstance(exc, sqlite3.DatabaseError) and any(m in str(exc).lower() for m in CORRUPTION_MARKERS)

    def recover(self) -> str:
        """Move the damaged directory aside (kept for inspection) and start an empty cache in its place."""
        self.close()
        aside = self.directory.with_name(f"{self.directory.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
        if self.directory.exists():
            try:
                self.directory.rename(aside)
            except OSError:
                shutil.rmtree(self.directory, ignore_errors=True)
                aside = self.directory
        log.warning("cache at %s was damaged; moved aside to %s and recreated empty", self.directory, aside)
        self._store()
        return f"damaged cache moved aside to {aside}"

    def close(self) -> None:
        if self._cache is not None:
            try:
                self._cache.close()
            except Exception:  # closing a damaged database must not stop us from replacing it
                log.debug("closing the cache failed", exc_info=True)
            self._cache = None
