"""A repeated CLI request is answered from the whole-response cache: no model call, no pipeline imports."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from service.cli import app
from tests.cli.conftest import WIDE
from tests.conftest import ROOT, SEED_CLEAN
from tests.fakes import FakeGateway


def summarise(*extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["summarise", str(SEED_CLEAN), "--json", *extra], env=WIDE)
    assert result.exit_code == 0, result.output
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def test_second_run_is_a_whole_response_hit(fake: FakeGateway) -> None:
    first = summarise()
    calls = fake.calls
    second = summarise()
    assert fake.calls == calls  # no model call, no pipeline run
    assert second["summary"] == first["summary"] and second["article"] == first["article"]
    assert first["meta"]["cached"] is False
    assert second["meta"]["cached"] is True
    assert second["meta"]["prompt_tokens"] == 0 and second["meta"]["cost_usd"] == 0.0


def test_a_different_option_or_title_is_a_miss(fake: FakeGateway) -> None:
    summarise()
    calls = fake.calls
    summarise("--title", "Another title")
    assert fake.calls > calls


def test_a_changed_config_is_a_miss(fake: FakeGateway, monkeypatch: pytest.MonkeyPatch) -> None:
    summarise()
    calls = fake.calls
    monkeypatch.setenv("FACTALIGN_LIMITS__FUZZY_THRESHOLD", "0.9")
    summarise()
    assert fake.calls > calls


HIT_SCRIPT = """
import sys
from service.cli import app
try:
    app(["summarise", sys.argv[1], "--json"])
except SystemExit as exit:
    assert not exit.code, exit.code
print("heavy=" + ",".join(sorted(m for m in ("litellm", "instructor", "trafilatura", "pysbd") if m in sys.modules)))
"""


VERSION_SCRIPT = """
import sys
from service.cli import app
try:
    app(["--version"])
except SystemExit:
    pass
print("heavy=", [m for m in ("litellm", "instructor", "trafilatura", "pysbd") if m in sys.modules])
"""


def test_cache_hit_and_version_import_none_of_the_heavy_libraries(fake: FakeGateway, isolated_config: Path) -> None:
    summarise()  # fills the cache in-process (with the fake model)
    env = {"FACTALIGN_CACHE__DIRECTORY": str(isolated_config / "cache"),
           "FACTALIGN_CONFIG": str(isolated_config / "absent.toml"), "PATH": "/usr/bin:/bin"}  # fmt: skip
    hit = subprocess.run([sys.executable, "-c", HIT_SCRIPT, str(SEED_CLEAN)], capture_output=True, text=True,
                         cwd=ROOT, env=env, timeout=120)  # fmt: skip
    assert hit.returncode == 0, hit.stderr[-2000:]
    assert '"cached":true' in hit.stdout.replace(" ", "")
    assert hit.stdout.strip().splitlines()[-1] == "heavy="  # none of HEAVY was imported
    version = subprocess.run([sys.executable, "-c", VERSION_SCRIPT], capture_output=True, text=True, cwd=ROOT,
                             env=env, timeout=120)  # fmt: skip
    assert version.returncode == 0, version.stderr[-2000:]
    assert version.stdout.split("\n")[0].startswith("factalign ")
    assert version.stdout.strip().splitlines()[-1] == "heavy= []"


def test_version_matches_the_package_metadata() -> None:
    from importlib.metadata import version

    from service import __version__

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"factalign {__version__}" == f"factalign {version('factalign')}"
