"""Recorded tier: replay real HTTP from the embedded model. Replays run with record mode none; re-record with
``pytest tests/recorded --record-mode=all --inline-snapshot=fix`` (starts the local server) and review the
snapshot diffs."""

from pathlib import Path
from typing import Any

import pytest
import vcr as vcrpy
from inline_snapshot import external_file

from evals.recording.matching import register_matchers
from evals.recording.matching import vcr_config as factalign_vcr_config

HERE = Path(__file__).resolve().parent


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


@pytest.fixture
def snapshot(request: pytest.FixtureRequest) -> Any:
    """The stored JSON of this test's structured output (inline-snapshot's ``external_file``): compare with
    ``==``; ``--inline-snapshot=fix`` (or ``create`` for a new test) rewrites it after a re-record, for review."""
    name = request.node.name.replace("[", "-").replace("]", "").replace("/", "_")
    return external_file(HERE / "snapshots" / f"{name}.json")
