"""Both seeds through the real pipeline on recorded embedded-model HTTP: schema-valid, grounded, stable."""

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from schemas.article import ArticleInput
from schemas.claims import ClaimsResponse
from schemas.summary import SummaryResponse
from service.pipeline.responses import RequestOptions, claims_response, summary_response
from service.runtime import open_gateway
from service.settings import ROLE_NAMES, GroundingMode, RoleConfig, Settings
from tests.conftest import SEED_CLEAN, SEED_NOISY

pytestmark = [pytest.mark.recorded, pytest.mark.vcr]
SEEDS = {"000": SEED_NOISY, "003": SEED_CLEAN}
MODES: list[GroundingMode] = ["sentences", "quotes"]


def run_stage(stage: Any, path: Path, mode: GroundingMode, recording: bool) -> Any:
    # A generous deadline: it is not part of the request body, so it does not affect matching, and a
    # recording on a busy 2-core machine must not fail for being slow.
    settings = Settings(cache={"enabled": False}, roles={name: RoleConfig(timeout_s=900) for name in ROLE_NAMES})
    inp = ArticleInput(text=path.read_text(encoding="utf-8"))

    async def go() -> Any:
        async with open_gateway(settings, replay=not recording) as llm:
            return await stage(inp, llm, settings.limits, options=RequestOptions(grounding=mode))

    return asyncio.run(go())


def stable(value: dict[str, Any]) -> dict[str, Any]:
    """Drop what legitimately varies between runs (timings) before snapshotting."""
    meta = value["meta"]
    meta.pop("latency_ms")
    for call in meta["call_log"]:
        call.pop("latency_ms")
    value.pop("article")
    return json.loads(json.dumps(value, sort_keys=True))  # sorted keys: a re-record diffs only what changed


def check_offsets(text: str, items: list[Any]) -> None:
    for item in items:
        ev = item.evidence
        assert ev.grounded, item
        assert text[ev.start : ev.end] == ev.quote


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_summary(seed: str, mode: GroundingMode, recording: bool, snapshot: Any) -> None:
    resp: SummaryResponse = run_stage(summary_response, SEEDS[seed], mode, recording)
    assert resp.meta.provider == "llama.cpp"
    assert resp.meta.calls == 1
    assert resp.meta.grounding_mode == mode
    assert resp.summary.headline
    check_offsets(resp.article.cleaned_text, resp.summary.key_points)
    assert all(kp.grounded for kp in resp.summary.key_points)
    assert all(not kp.grounded for kp in resp.summary.rejected)
    if mode == "sentences":
        # evidence by construction: the model can only cite sentences that exist
        assert resp.summary.key_points
        assert not any(kp.evidence.match == "none" for kp in resp.summary.rejected)
    assert stable(resp.model_dump(mode="json")) == snapshot


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_claims(seed: str, mode: GroundingMode, recording: bool, snapshot: Any) -> None:
    resp: ClaimsResponse = run_stage(claims_response, SEEDS[seed], mode, recording)
    assert resp.meta.calls == 1
    check_offsets(resp.article.cleaned_text, resp.claims)
    for claim in resp.claims:
        assert claim.grounded
        assert claim.kind in ("fact", "quote", "opinion", "prediction")
    assert stable(resp.model_dump(mode="json")) == snapshot
