"""Issue 10 items 1-2: a damaged, unwritable or vanished cache costs a miss and a warning, never the process."""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import diskcache
import pytest

from service.cache import CachedAnswer, ResponseCache

ANSWER = CachedAnswer(json='{"v": 1}', prompt_tokens=5, completion_tokens=2)


def filled(directory: Path, count: int, size: int = 2000) -> None:
    cache = ResponseCache(directory)
    for i in range(count):
        cache.put(f"k{i}", CachedAnswer(json=json.dumps({"v": "x" * size}), prompt_tokens=i, completion_tokens=i))
    cache.close()


def damaged_dirs(directory: Path) -> list[Path]:
    return sorted(directory.parent.glob(f"{directory.name}.damaged-*"))


def test_corrupt_entry_is_deleted_so_it_is_recomputed(tmp_path: Path) -> None:
    directory = tmp_path / "c"
    with diskcache.Cache(str(directory)) as raw:
        raw.set("bad", "{not json")
    cache = ResponseCache(directory)
    assert cache.get("bad") is None
    assert cache.corrupt_entries == 1
    cache.put("bad", ANSWER)
    assert cache.get("bad") == ANSWER
    cache.close()


def test_pickled_value_is_never_unpickled(tmp_path: Path) -> None:
    class Boom:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, ("touch " + str(tmp_path / "pwned"),))

    directory = tmp_path / "c"
    with diskcache.Cache(str(directory)) as raw:
        raw.set("evil", Boom())
    cache = ResponseCache(directory)
    assert cache.get("evil") is None
    assert not (tmp_path / "pwned").exists()
    cache.close()


def test_damaged_header_is_moved_aside_and_the_cache_recreated(tmp_path: Path) -> None:
    directory = tmp_path / "c"
    filled(directory, 5)
    (directory / "cache.db").write_bytes(b"this is not sqlite at all" * 100)
    cache = ResponseCache(directory)
    assert cache.get("k1") is None  # "file is not a database": a miss, not a 500
    assert cache.errors == 1
    assert len(damaged_dirs(directory)) == 1
    cache.put("k1", ANSWER)
    assert cache.get("k1") == ANSWER
    assert cache.stats().entries == 1
    assert cache.health().healthy
    cache.close()


def test_damaged_pages_do_not_answer_errors_forever(tmp_path: Path) -> None:
    directory = tmp_path / "c"
    filled(directory, 300)
    db = directory / "cache.db"
    size = db.stat().st_size
    with db.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(bytes(range(256)) * 32)
    cache = ResponseCache(directory)
    results = [cache.get(f"k{i}") for i in range(300)]  # some read "database disk image is malformed"
    assert cache.errors >= 1, "the damage should have been noticed"
    assert any(r is None for r in results)
    cache.put("fresh", ANSWER)
    assert cache.get("fresh") == ANSWER  # recreated: works again, not an error per request forever
    cache.close()


def test_directory_that_cannot_be_created_means_uncached_not_crashed(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cache = ResponseCache(blocker / "responses", cooldown_s=60)
    assert cache.get("k") is None
    cache.put("k", ANSWER)
    health = cache.health()
    assert not health.healthy and health.errors == 1 and "get" in health.detail
    assert cache.get("k") is None  # inside the cool-down the backend is not even asked
    assert cache.errors == 1


def test_stats_and_clear_work_on_a_damaged_cache(tmp_path: Path) -> None:
    directory = tmp_path / "c"
    filled(directory, 3)
    (directory / "cache.db").write_bytes(b"\x00garbage" * 512)
    cache = ResponseCache(directory)
    stats = cache.stats()
    assert stats.entries == 0 and "moved aside" in stats.detail
    cache.close()
    (directory / "cache.db").write_bytes(b"\x00garbage" * 512)
    cache = ResponseCache(directory)
    assert cache.clear() == 0
    assert "moved aside" in cache.last_recovery
    cache.put("k", ANSWER)
    assert cache.get("k") == ANSWER
    cache.close()


IMMUTABLE_SCRIPT = textwrap.dedent(
    """
    import subprocess, sys
    from pathlib import Path
    from service.cache import CachedAnswer, ResponseCache

    directory = Path(sys.argv[1])
    cache = ResponseCache(directory, cooldown_s=0)
    for i in range(50):
        cache.put(f"k{i}", CachedAnswer(json='{"v": 1}', prompt_tokens=i, completion_tokens=i))
    subprocess.run(["chattr", "-R", "+i", str(directory)], check=True)
    for i in range(50, 400):
        cache.put(f"k{i}", CachedAnswer(json='{"v": "' + "y" * 3000 + '"}', prompt_tokens=i, completion_tokens=i))
    hits = sum(cache.get(f"k{i}") is not None for i in range(400))
    print("survived", hits, cache.errors)
    """
)


@pytest.mark.skipif(shutil.which("chattr") is None or os.geteuid() != 0, reason="needs chattr and root")
def test_immutable_open_cache_does_not_kill_the_process(tmp_path: Path) -> None:
    """Issue 10.1: `chattr +i` on the open cache was SIGBUS (exit 135) inside sqlite's memory map."""
    directory = tmp_path / "c"
    probe = tmp_path / "probe"
    probe.write_text("x")
    if subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode != 0:
        pytest.skip("this filesystem does not support chattr +i")
    subprocess.run(["chattr", "-i", str(probe)], check=True)
    try:
        done = subprocess.run([sys.executable, "-c", IMMUTABLE_SCRIPT, str(directory)], capture_output=True,
                              text=True, timeout=120, cwd=Path(__file__).resolve().parents[3])  # fmt: skip
    finally:
        subprocess.run(["chattr", "-R", "-i", str(directory)], check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    survived, hits, errors = done.stdout.split()
    assert survived == "survived" and int(hits) >= 50 and int(errors) >= 1
