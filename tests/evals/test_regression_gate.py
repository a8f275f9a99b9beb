"""Regression gate: replay the seed suite from its cassettes (no model call) and hold it to the thresholds."""

import asyncio

import pytest

from evals.cli import eval_settings
from evals.datasets import load_suite
from evals.log import RunLog, rescore
from evals.runner import RunOptions, run_suites
from evals.thresholds import check, load_thresholds
from service.runtime import open_gateway

SUITES = ("seeds", "conflicts")


async def _replay(name: str) -> RunLog:
    async with open_gateway(eval_settings(), replay=True) as llm:
        return await run_suites([load_suite(name)], llm, RunOptions(mode="replay", show_progress=False))


@pytest.mark.recorded
@pytest.mark.parametrize("name", SUITES)
def test_suite_replays_within_thresholds(name: str) -> None:
    log = asyncio.run(_replay(name))
    misses = [n for n in log.notes if "--record" in n]
    assert misses == [], "\n".join(misses)
    thresholds = [t for t in load_thresholds() if t.suite == name]
    assert thresholds, f"evals/thresholds.toml has no [{name}] table"
    assert check(log, thresholds) == []
    fresh, warnings = rescore(log)
    assert warnings == []
    assert [s.metrics for s in fresh.suites] == [s.metrics for s in log.suites]
