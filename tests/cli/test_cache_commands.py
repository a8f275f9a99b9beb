"""``factalign cache stats|clear`` on a damaged cache, and on the Redis backend."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cache import CachedAnswer, ResponseCache
from service.cli import app

WIDE = {"COLUMNS": "400", "TERMINAL_WIDTH": "400"}


def damaged(directory: Path) -> None:
    cache = ResponseCache(directory)
    for i in range(3):
        cache.put(f"k{i}", CachedAnswer(json="{}", prompt_tokens=i, completion_tokens=i))
    cache.close()
    (directory / "cache.db").write_bytes(b"file is not a database" * 300)


def test_stats_on_a_damaged_cache_reports_and_repairs(isolated_config: Path) -> None:
    directory = isolated_config / "cache"
    damaged(directory)
    result = CliRunner().invoke(app, ["cache", "stats", "--json"], env=WIDE)
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["entries"] == 0 and stats["errors"] == 1
    assert "moved aside" in stats["detail"]
    assert list(isolated_config.glob("cache.damaged-*"))


def test_clear_on_a_damaged_cache_recreates_it(isolated_config: Path) -> None:
    directory = isolated_config / "cache"
    damaged(directory)
    result = CliRunner().invoke(app, ["cache", "clear", "--yes"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "moved aside" in result.stdout
    again = CliRunner().invoke(app, ["cache", "stats"], env=WIDE)
    assert "entries:   0" in again.stdout and "health:    ok" in again.stdout


def test_stats_and_clear_on_redis(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTALIGN_CACHE__BACKEND", "redis")
    monkeypatch.setenv("FACTALIGN_CACHE__REDIS_URL", redis_url)
    from service.cache import open_cache
    from service.settings import Settings

    cache = open_cache(Settings().cache)
    cache.put("k", CachedAnswer(json="{}", prompt_tokens=1, completion_tokens=1))
    cache.close()
    stats = json.loads(CliRunner().invoke(app, ["cache", "stats", "--json"], env=WIDE).stdout)
    assert (stats["backend"], stats["entries"], stats["directory"]) == ("redis", 1, redis_url)
    cleared = CliRunner().invoke(app, ["cache", "clear", "--yes"], env=WIDE)
    assert "removed 1 entries" in cleared.stdout
