"""Live tier: the real embedded model through the real server, HTTP API included. Run with ``--live``."""

import time

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.local_model import llama_server_available
from service.settings import ROLE_NAMES, RoleConfig, Settings
from tests.conftest import SEED_CLEAN, SEED_NOISY

# Correctness, not speed, is under test: a generous deadline keeps a busy 2-core machine from failing it.
SLOW_OK = {name: RoleConfig(timeout_s=900) for name in ROLE_NAMES}
pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not llama_server_available(), reason="llama-cpp-python is not installed (./scripts/setup)"),
]


def test_api_summary_of_the_noisy_seed_is_grounded_then_cached() -> None:
    app = create_app(Settings(roles=SLOW_OK))
    with TestClient(app) as client:
        ready = client.get("/readyz").json()
        assert ready["ready"] is True
        assert ready["cache"]["healthy"] is True
        body = {"text": SEED_NOISY.read_text(encoding="utf-8")}
        started = time.perf_counter()
        first = client.post("/v1/summaries", json=body)
        fresh_s = time.perf_counter() - started
        assert first.status_code == 200, first.text
        data = first.json()
        text = data["article"]["cleaned_text"]
        assert "Exit mobile version" not in text
        assert "Home NEWS TODAY" not in text
        assert data["meta"]["provider"] == "llama.cpp"
        assert data["meta"]["cached"] is False
        assert data["summary"]["key_points"], "sentence mode always yields grounded key points"
        for kp in data["summary"]["key_points"]:
            ev = kp["evidence"]
            assert kp["grounded"]
            assert text[ev["start"] : ev["end"]] == ev["quote"]
        started = time.perf_counter()
        second = client.post("/v1/summaries", json=body)
        cached_s = time.perf_counter() - started
        assert second.json()["meta"]["cached"] is True
        assert second.json()["summary"] == data["summary"]
        # Not a timing assertion on the machine's speed: a cache hit sends no model request at all.
        assert second.json()["meta"]["attempts"] == 0
        print(f"fresh {fresh_s:.2f}s, cached {cached_s * 1000:.1f}ms")


def test_claims_in_quote_mode_never_pass_off_unfound_quotes() -> None:
    app = create_app(Settings(roles=SLOW_OK))
    with TestClient(app) as client:
        resp = client.post(
            "/v1/claims?grounding=quotes", content=SEED_CLEAN.read_bytes(), headers={"content-type": "text/plain"}
        )
        assert resp.status_code == 200, resp.text
        data = resp.json()
        text = data["article"]["cleaned_text"]
        for claim in data["claims"]:
            ev = claim["evidence"]
            assert claim["grounded"]
            assert text[ev["start"] : ev["end"]] == ev["quote"]
        for claim in data["rejected"]:
            assert not claim["grounded"]
