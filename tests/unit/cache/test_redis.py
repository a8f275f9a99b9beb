"""The Redis backend against a real redis-server on loopback: shared entries, JSON text, TTL, faults."""

import json
from pathlib import Path

import pytest
import redis

from service.cache import CachedAnswer, ResponseCache, open_cache
from service.cache.redis_store import PREFIX, RedisBackend, public_url
from service.settings import CacheConfig

ANSWER = CachedAnswer(json='{"headline": "Zelenskyy in Brussels — “talks”"}', prompt_tokens=120, completion_tokens=30)


def redis_cache(url: str, **kwargs: object) -> ResponseCache:
    config = CacheConfig.model_validate({"backend": "redis", "redis_url": url, **kwargs})
    return open_cache(config)


def test_two_workers_share_entries_stored_as_json_text(redis_url: str) -> None:
    first, second = redis_cache(redis_url), redis_cache(redis_url)
    first.put("k1", ANSWER)
    assert second.get("k1") == ANSWER  # another process (or machine) sees the same content-addressed key
    raw = redis.Redis.from_url(redis_url, decode_responses=True).get(PREFIX + "k1")
    assert isinstance(raw, str)
    assert json.loads(raw) == {"json": ANSWER.json, "prompt_tokens": 120, "completion_tokens": 30}
    stats = second.stats()
    assert (stats.backend, stats.entries, stats.hits) == ("redis", 1, 1)
    assert stats.size_bytes == len(raw.encode())


def test_ttl_is_set_when_configured_and_absent_otherwise(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    redis_cache(redis_url, ttl_s=3600).put("short", ANSWER)
    redis_cache(redis_url).put("forever", ANSWER)
    assert 3_500_000 < client.pttl(PREFIX + "short") <= 3_600_000
    assert client.pttl(PREFIX + "forever") == -1  # no expiry


def test_corrupt_value_is_deleted(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    client.set(PREFIX + "bad", b"\x80\x04not json")
    client.set(PREFIX + "list", "[1, 2]")
    cache = redis_cache(redis_url)
    assert cache.get("bad") is None
    assert cache.get("list") is None
    assert cache.corrupt_entries == 2
    assert client.exists(PREFIX + "bad", PREFIX + "list") == 0


def test_clear_removes_only_factalign_keys(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    client.set("someone-else", "keep")
    cache = redis_cache(redis_url)
    for i in range(3):
        cache.put(f"k{i}", ANSWER)
    assert cache.clear() == 3
    assert cache.stats().entries == 0
    assert client.get("someone-else") == b"keep"


def test_unreachable_redis_is_a_miss_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from tests.redis_server import free_port

    cache = redis_cache(f"redis://127.0.0.1:{free_port()}/0", redis_timeout_s=0.2)
    assert cache.get("k") is None
    cache.put("k", ANSWER)  # inside the cool-down: skipped, not raised
    health = cache.check()
    assert not health.healthy and health.errors == 1
    assert "continuing without the cache" in caplog.text


def test_redis_dying_mid_run_does_not_fail_requests(tmp_path: Path) -> None:
    from tests.redis_server import running_redis

    with running_redis(tmp_path / "r") as url:
        cache = redis_cache(url, redis_timeout_s=0.5)
        cache.put("k", ANSWER)
        assert cache.get("k") == ANSWER
    assert cache.get("k") is None  # the server is gone
    assert cache.errors == 1


def test_password_is_not_shown() -> None:
    assert public_url("redis://user:s3cret@cache.internal:6380/1") == "redis://user:***@cache.internal:6380/1"
    backend = RedisBackend("redis://:s3cret@127.0.0.1:6390/0")
    assert "s3cret" not in backend.location
    backend.close()
