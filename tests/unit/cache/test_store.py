"""Response cache: content-addressed keys, JSON-string storage (no pickles), corrupt entries, disabled mode."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import diskcache
import pytest

from schemas.drafts import ClaimsDraft, SummaryDraft
from service.cache import CachedAnswer, ResponseCache, cache_key, schema_fingerprint

MESSAGES = [{"role": "system", "content": "You summarise."}, {"role": "user", "content": "<<<ARTICLE\nx\nARTICLE>>>"}]
BASE: dict[str, Any] = {
    "messages": MESSAGES,
    "prompt_id": "summarise",
    "prompt_version": 1,
    "prompt_sha256": "a" * 64,
    "schema_sha256": "b" * 64,
    "model": "openai/gpt-4o-mini@default",
    "params": {"temperature": 0.0, "max_tokens": 1024, "seed": 0, "mode": "json_schema", "extra": {}},
}


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[ResponseCache]:
    store = ResponseCache(tmp_path / "responses")
    yield store
    store.close()


def raw_values(directory: Path) -> dict[str, Any]:
    """What diskcache holds, read without our wrapper."""
    with diskcache.Cache(str(directory)) as raw:
        return {key: raw.get(key) for key in raw.iterkeys()}


def test_cache_key_is_a_stable_sha256() -> None:
    # Pinned: the same request must find its answer across processes and releases (no hash() salt, no object
    # ids, no dict order). A change here orphans every cached answer, so it has to be a deliberate one.
    key = cache_key(**BASE)
    assert key == "9941ceb187f1090c2251e7509dd9d561da1902dbf8ac0cfe6774285e734d5384"
    assert cache_key(**{**BASE, "messages": tuple(MESSAGES)}) == key  # a RenderedPrompt passes a tuple


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("messages", [MESSAGES[0], {"role": "user", "content": "<<<ARTICLE\ny\nARTICLE>>>"}]),
        ("messages", [{"role": "system", "content": "You summarise!"}, MESSAGES[1]]),
        ("messages", [MESSAGES[1], MESSAGES[0]]),
        ("prompt_id", "claims"),
        ("prompt_version", 2),
        ("prompt_sha256", "c" * 64),
        ("schema_sha256", "d" * 64),
        ("model", "openai/gpt-4o@default"),
        ("model", "openai/gpt-4o-mini@http://127.0.0.1:11434"),
        ("params", {**BASE["params"], "temperature": 0.2}),
        ("params", {**BASE["params"], "max_tokens": 512}),
        ("params", {**BASE["params"], "seed": 1}),
        ("params", {**BASE["params"], "mode": "json_object_schema"}),
        ("params", {**BASE["params"], "extra": {"top_k": 40}}),
    ],
)
def test_cache_key_changes_with_every_input(field: str, value: Any) -> None:
    assert cache_key(**{**BASE, field: value}) != cache_key(**BASE)


def test_cache_key_ignores_dict_key_order() -> None:
    params = dict(reversed(list(BASE["params"].items())))
    messages = [{"content": m["content"], "role": m["role"]} for m in MESSAGES]
    assert list(params) != list(BASE["params"])
    assert cache_key(**{**BASE, "params": params, "messages": messages}) == cache_key(**BASE)


def test_schema_fingerprint_tells_schemas_apart_and_ignores_key_order() -> None:
    summary = SummaryDraft.model_json_schema()
    assert schema_fingerprint(summary) == schema_fingerprint(dict(reversed(list(summary.items()))))
    assert schema_fingerprint(summary) != schema_fingerprint(ClaimsDraft.model_json_schema())
    assert len(schema_fingerprint(summary)) == 64


def test_put_get_roundtrip_stores_a_json_string(cache: ResponseCache) -> None:
    answer = CachedAnswer(
        json='{"headline": "Zelenskyy in Brussels — “talks”"}', prompt_tokens=120, completion_tokens=30
    )
    cache.put("k1", answer)
    assert cache.get("k1") == answer
    cache.close()
    stored = raw_values(cache.directory)
    assert list(stored) == ["k1"]
    assert isinstance(stored["k1"], str)  # never a pickle: a str is stored as text by diskcache
    assert json.loads(stored["k1"]) == {
        "json": answer.json,
        "prompt_tokens": 120,
        "completion_tokens": 30,
    }


def test_missing_key_is_a_miss(cache: ResponseCache) -> None:
    assert cache.get("absent") is None


@pytest.mark.parametrize(
    "corrupt",
    [
        "not json at all {",
        json.dumps({"prompt_tokens": 1}),  # no "json" field
        json.dumps(["a", "list"]),
        json.dumps({"json": "{}", "prompt_tokens": "many"}),
        b'{"json": "{}"}',  # bytes, not str
        {"json": "{}"},  # a pickled object from some other writer
        42,
    ],
    ids=["not-json", "no-json-field", "list", "bad-tokens", "bytes", "pickled-dict", "int"],
)
def test_corrupt_entry_reads_as_a_miss(cache: ResponseCache, corrupt: Any) -> None:
    with diskcache.Cache(str(cache.directory)) as raw:
        raw.set("bad", corrupt)
    assert cache.get("bad") is None


def test_disabled_cache_never_writes_or_reads(tmp_path: Path) -> None:
    directory = tmp_path / "off"
    enabled = ResponseCache(directory)
    enabled.put("k", CachedAnswer(json="{}", prompt_tokens=1, completion_tokens=1))
    enabled.close()
    disabled = ResponseCache(directory, enabled=False)
    disabled.put("k2", CachedAnswer(json='{"a": 1}', prompt_tokens=1, completion_tokens=1))
    assert disabled.get("k") is None  # an existing entry is not served either
    disabled.close()
    assert set(raw_values(directory)) == {"k"}


def test_disabled_cache_does_not_create_its_directory(tmp_path: Path) -> None:
    directory = tmp_path / "never"
    disabled = ResponseCache(directory, enabled=False)
    disabled.put("k", CachedAnswer(json="{}", prompt_tokens=0, completion_tokens=0))
    assert disabled.get("k") is None
    assert not directory.exists()


def test_stats_count_entries_hits_and_misses(cache: ResponseCache) -> None:
    empty = cache.stats()
    assert (empty.directory, empty.entries, empty.hits, empty.misses) == (str(cache.directory), 0, 0, 0)
    cache.put("a", CachedAnswer(json='{"x": 1}', prompt_tokens=3, completion_tokens=4))
    cache.put("b", CachedAnswer(json='{"x": 2}', prompt_tokens=3, completion_tokens=4))
    assert cache.get("a") is not None
    assert cache.get("zzz") is None
    stats = cache.stats()
    assert (stats.entries, stats.hits, stats.misses) == (2, 1, 1)
    assert stats.size_bytes >= 0


def test_clear_removes_every_entry(cache: ResponseCache) -> None:
    for i in range(3):
        cache.put(f"k{i}", CachedAnswer(json="{}", prompt_tokens=i, completion_tokens=i))
    assert cache.clear() == 3
    assert cache.stats().entries == 0
    assert cache.get("k0") is None
    assert cache.clear() == 0


def test_put_overwrites_the_same_key(cache: ResponseCache) -> None:
    cache.put("k", CachedAnswer(json='{"v": 1}', prompt_tokens=1, completion_tokens=1))
    cache.put("k", CachedAnswer(json='{"v": 2}', prompt_tokens=2, completion_tokens=2))
    assert cache.get("k") == CachedAnswer(json='{"v": 2}', prompt_tokens=2, completion_tokens=2)
    assert cache.stats().entries == 1
