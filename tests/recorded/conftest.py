"""Recorded tier: replay real HTTP from the embedded model. Replays run with record mode none; re-record with
``pytest tests/recorded --record-mode=all`` (starts the local server) and review the snapshot diffs."""

import json
from pathlib import Path
from typing import Any

import pytest
import vcr as vcrpy

from evals.recording.matching import register_matchers
from evals.recording.matching import vcr_config as factalign_vcr_config

HERE = Path(__file__).resolve().parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--snapshot-update", action="store_true", help="rewrite recorded-output snapshots")


def pytest_recording_configure(config: pytest.Config, vcr: vcrpy.VCR) -> None:
    register_matchers(vcr)


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return factalign_vcr_config()


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(HERE.parent / "cassettes")


@pytest.fixture
def recording(record_mode: str) -> bool:
    return record_mode != "none"


class Snapshot:
    """Stored JSON of a structured output; a prompt or model change shows as a readable diff."""

    def __init__(self, path: Path, update: bool) -> None:
        self.path, self.update = path, update

    def assert_matches(self, value: Any) -> None:
        text = json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        if self.update:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(text, encoding="utf-8")
            return
        assert self.path.exists(), f"no snapshot {self.path.name}: run with --snapshot-update and review it"
        assert json.loads(text) == json.loads(self.path.read_text(encoding="utf-8"))


@pytest.fixture
def snapshot(request: pytest.FixtureRequest) -> Snapshot:
    name = request.node.name.replace("[", "-").replace("]", "").replace("/", "_")
    return Snapshot(HERE / "snapshots" / f"{name}.json", bool(request.config.getoption("--snapshot-update")))
