"""Both seeds through the real pipeline on recorded embedded-model HTTP: schema-valid, grounded, stable.

The ``model`` method of every stage is covered explicitly (so a stronger model configured later is measured by
the same tests with one re-record); the embedded model's defaults (hybrid key points, rules claims) too.
"""

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from schemas.article import ArticleInput
from schemas.claims import ClaimsResponse
from schemas.methods import MethodName, Stage
from schemas.summary import SummaryResponse
from service.pipeline.responses import RequestOptions, claims_response, summary_response
from service.runtime import open_gateway
from service.settings import ROLE_NAMES, GroundingMode, RoleConfig, Settings
from tests.conftest import SEED_CLEAN, SEED_NOISY

pytestmark = [pytest.mark.recorded, pytest.mark.vcr]
SEEDS = {"000": SEED_NOISY, "003": SEED_CLEAN}
MODES: list[GroundingMode] = ["sentences", "quotes"]
MODEL: dict[Stage, MethodName] = {"key_points": "model", "headline": "model", "claims": "model"}


def run_stage(
    stage: Any, path: Path, mode: GroundingMode | None, recording: bool, methods: dict[Stage, MethodName] | None = None
) -> Any:
    # A generous deadline: it is not part of the request body, so it does not affect matching, and a
    # recording on a busy 2-core machine must not fail for being slow. ``methods`` None: the embedded defaults.
    role = RoleConfig(timeout_s=900, methods=MODEL if methods is None and mode is not None else methods or {})
    settings = Settings(cache={"enabled": False}, roles=dict.fromkeys(ROLE_NAMES, role))
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
    assert resp.meta.methods == {"key_points": "model", "headline": resp.summary.headline_method}
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
    assert resp.meta.methods == {"claims": "model"}
    check_offsets(resp.article.cleaned_text, resp.claims)
    for claim in resp.claims:
        assert claim.grounded
        assert claim.kind in ("fact", "quote", "opinion", "prediction")
    assert stable(resp.model_dump(mode="json")) == snapshot


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_default_summary(seed: str, recording: bool, snapshot: Any) -> None:
    """What a newcomer sees: the model only picks among the extractive ranking; 5-7 key points, the article's
    own words, no "the model wrote ..." notes."""
    resp: SummaryResponse = run_stage(summary_response, SEEDS[seed], None, recording)
    assert resp.meta.methods == {"key_points": "hybrid", "headline": "hybrid"}
    assert resp.meta.calls == 1 and resp.meta.prompts == {"keypoints_choose": 1}
    points = resp.summary.key_points
    assert 5 <= len(points) <= 7 and resp.summary.rejected == []
    assert all(kp.method == "hybrid" and kp.text_source == "evidence" and kp.model_text is None for kp in points)
    check_offsets(resp.article.cleaned_text, points)
    assert resp.summary.headline and resp.summary.model_headline is None and resp.summary.model_summary is None
    assert stable(resp.model_dump(mode="json")) == snapshot


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_default_claims(seed: str, recording: bool, snapshot: Any) -> None:
    """Rules claims: no model call, every clause's span exact, quotes attributed."""
    resp: ClaimsResponse = run_stage(claims_response, SEEDS[seed], None, recording)
    assert resp.meta.methods == {"claims": "rules"} and resp.meta.calls == 0
    assert len(resp.claims) >= 20
    check_offsets(resp.article.cleaned_text, resp.claims)
    assert any(c.kind == "quote" and c.attribution for c in resp.claims)
    assert stable(resp.model_dump(mode="json")) == snapshot
