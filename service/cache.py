"""Content-addressed response cache on disk (diskcache). Values are validated JSON strings, never pickles."""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import diskcache

# Bump when the key recipe or the stored record changes, so old entries are never misread.
KEY_FORMAT = 1


def schema_fingerprint(json_schema: dict[str, Any]) -> str:
    """Hash of an output schema as the model sees it."""
    return hashlib.sha256(json.dumps(json_schema, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def cache_key(
    *,
    messages: list[dict[str, str]] | tuple[dict[str, str], ...],
    prompt_id: str,
    prompt_version: int,
    prompt_sha256: str,
    schema_sha256: str,
    model: str,
    params: dict[str, Any],
) -> str:
    """sha256 over everything that can change the answer: rendered input, prompt file, schema, model, decoding."""
    material = {
        "format": KEY_FORMAT,
        "messages": list(messages),
        "prompt": [prompt_id, prompt_version, prompt_sha256],
        "schema": schema_sha256,
        "model": model,
        "params": params,
    }
    blob = json.dumps(material, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CachedAnswer:
    json: str
    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class CacheStats:
    directory: str
    entries: int
    size_bytes: int
    hits: int
    misses: int


class ResponseCache:
    """A thin, typed wrapper: ``get``/``put`` validated JSON answers under content-addressed keys."""

    def __init__(self, directory: Path, *, size_limit_mb: int = 1024, enabled: bool = True) -> None:
        self.directory = directory
        self.enabled = enabled
        self._cache: diskcache.Cache | None = None
        self._size_limit = size_limit_mb * 1024 * 1024

    def _store(self) -> diskcache.Cache:
        if self._cache is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._cache = diskcache.Cache(str(self.directory), size_limit=self._size_limit, statistics=True)
        return self._cache

    def get(self, key: str) -> CachedAnswer | None:
        if not self.enabled:
            return None
        raw = self._store().get(key)
        if not isinstance(raw, str):
            return None
        try:
            record = json.loads(raw)
            return CachedAnswer(
                json=str(record["json"]),
                prompt_tokens=int(record.get("prompt_tokens", 0)),
                completion_tokens=int(record.get("completion_tokens", 0)),
            )
        except (ValueError, KeyError, TypeError):
            return None  # an unreadable entry is a miss, never a crash

    def put(self, key: str, answer: CachedAnswer) -> None:
        """Only called after the answer validated, so a failed request never writes."""
        if not self.enabled:
            return
        record = {
            "json": answer.json,
            "prompt_tokens": answer.prompt_tokens,
            "completion_tokens": answer.completion_tokens,
        }
        self._store().set(key, json.dumps(record, ensure_ascii=False))

    def stats(self) -> CacheStats:
        store = self._store()
        hits, misses = store.stats()
        return CacheStats(
            directory=str(self.directory),
            entries=len(store),
            size_bytes=int(store.volume()),
            hits=hits,
            misses=misses,
        )

    def clear(self) -> int:
        return int(self._store().clear())

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None
