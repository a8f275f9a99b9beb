"""The console script's quick path: a repeated ``summarise FILE --json`` is printed from the note the previous run
left, before typer or pydantic load; anything that could change the answer makes it take the ordinary path."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cache import requests
from service.cli import app, quick
from tests.cli.conftest import WIDE
from tests.conftest import ROOT, SEED_CLEAN
from tests.fakes import FakeGateway

LAUNCH = """
import sys
sys.argv = ["factalign", *sys.argv[1:]]
from service.cli.launch import main
main()
print("loaded=" + ",".join(m for m in ("typer", "pydantic", "litellm", "diskcache") if m in sys.modules))
"""


def launched(monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    """Run the typer command as the console script would after a quick-path miss (so it leaves a note)."""
    monkeypatch.setattr(quick, "LAUNCHED_ARGS", list(args))
    result = CliRunner().invoke(app, list(args), env=WIDE)
    assert result.exit_code == 0, result.output
    return result.stdout


def launch(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k.startswith("FACTALIGN_") or k in quick.ENV_NAMES}
    return subprocess.run([sys.executable, "-c", LAUNCH, *args], capture_output=True, text=True, cwd=os.getcwd(),
                          env={**env, "PATH": "/usr/bin:/bin"}, timeout=120)  # fmt: skip


def test_repeat_is_printed_from_the_note_without_loading_typer_or_pydantic(
    fake: FakeGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("summarise", str(SEED_CLEAN), "--json")
    launched(monkeypatch, *args)  # a miss: computed, stored, noted
    hit = launched(monkeypatch, *args)  # an ordinary cache hit: what a repeat prints
    quick_run = launch(*args)
    assert quick_run.returncode == 0, quick_run.stderr[-2000:]
    printed, loaded = quick_run.stdout.rsplit("loaded=", 1)
    assert printed == hit  # byte for byte what the typer command prints
    assert loaded.strip() == ""  # neither typer, pydantic, litellm nor the cache library


def test_anything_that_could_change_the_answer_misses(
    fake: FakeGateway, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    article = tmp_path / "article.txt"
    article.write_text(SEED_CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    args = ["summarise", str(article), "--json"]
    launched(monkeypatch, *args)
    assert quick.answer(args)
    assert not quick.answer([*args, "--keep-ungrounded"])  # other options
    assert not quick.answer(["claims", str(article), "--json"])  # other command
    monkeypatch.setenv("FACTALIGN_LIMITS__FUZZY_THRESHOLD", "0.9")  # other config
    assert not quick.answer(args)
    monkeypatch.delenv("FACTALIGN_LIMITS__FUZZY_THRESHOLD")
    assert quick.answer(args)
    article.write_text(article.read_text(encoding="utf-8") + " More.", encoding="utf-8")  # edited article
    assert not quick.answer(args)


def test_installing_a_package_misses(fake: FakeGateway, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    site.mkdir()
    monkeypatch.setattr(sys, "path", [*sys.path, str(site)])
    args = ["summarise", str(SEED_CLEAN), "--json"]
    launched(monkeypatch, *args)
    assert quick.answer(args)
    stamp = site.stat().st_mtime_ns
    (site / "pysbd-9.9.9.dist-info").mkdir()  # what an upgrade leaves behind
    os.utime(site, ns=(stamp + 10**9, stamp + 10**9))
    assert not quick.answer(args)


def test_stdin_urls_and_the_rich_view_are_never_quick(tmp_path: Path) -> None:
    assert quick.fingerprint(["summarise", "-", "--json"]) is None
    assert not quick.eligible(["summarise", str(SEED_CLEAN)])  # the rich view needs the app
    assert not quick.eligible(["align", "a.txt", "b.txt", "--json"])


def test_expired_note_and_changed_model_file_miss(
    fake: FakeGateway, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    args = ["summarise", str(SEED_CLEAN), "--json"]
    gguf = tmp_path / "model.gguf"
    gguf.write_bytes(b"weights")
    cache_dir = os.environ["FACTALIGN_CACHE__DIRECTORY"]
    monkeypatch.setattr(quick, "LAUNCHED_ARGS", args)
    quick.remember('{"a": 1}', cache_dir=cache_dir, ttl_s=None, files=[str(gguf)])
    assert quick.answer(args)
    gguf.write_bytes(b"other weights")
    assert not quick.answer(args)
    quick.remember('{"a": 1}', cache_dir=cache_dir, ttl_s=1e-9, files=[])
    assert not quick.answer(args)
    quick.remember('{"a": 1}', cache_dir=str(tmp_path / "elsewhere"), ttl_s=None, files=[])  # not where it looks
    assert not quick.answer(args)


def test_cache_clear_forgets_the_notes(fake: FakeGateway, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["summarise", str(SEED_CLEAN), "--json"]
    launched(monkeypatch, *args)
    assert quick.answer(args)
    result = CliRunner().invoke(app, ["cache", "clear", "--yes"])
    assert result.exit_code == 0, result.output
    assert not quick.answer(args)


def test_version_loads_nothing_and_sources_match_the_response_key() -> None:
    run = subprocess.run([sys.executable, "-c", LAUNCH, "--version"], capture_output=True, text=True, cwd=ROOT,
                         env={"PATH": "/usr/bin:/bin"}, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    from service import __version__

    assert run.stdout == f"factalign {__version__}\nloaded=\n"
    assert quick.SOURCE_ROOTS == requests.SOURCE_ROOTS and quick.SOURCE_SUFFIXES == requests.SOURCE_SUFFIXES
