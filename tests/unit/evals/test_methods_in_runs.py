"""Non-LLM methods are run and scored beside the model and the baseline, re-scored from the log, and gated."""

import asyncio
from pathlib import Path

from evals.datasets import load_suite
from evals.log import read_log, rescore, write_log
from evals.report import markdown_report
from evals.runner import RunOptions, run_suites
from evals.thresholds import check, load_thresholds, parse_fail_under
from tests.fakes import FakeGateway
from tests.unit.evals.test_runner import _answer, _suite_file


def test_the_classifier_is_scored_beside_model_and_baseline_and_rescored(tmp_path: Path) -> None:
    options = RunOptions(mode="live", show_progress=False)
    log = asyncio.run(run_suites([load_suite(str(_suite_file(tmp_path)))], FakeGateway(responder=_answer), options))
    suite = log.suites[0]
    assert suite.methods == {"consistency": ["classifier"], "support": ["classifier"]}
    classifier = suite.metrics["consistency"]["classifier"]["consistency_balanced_accuracy"]
    assert classifier.value is not None and classifier.n == 2
    assert "schema_validity" not in suite.metrics["consistency"]["classifier"]  # no model call to score
    outputs = {c.case_id: c.methods["classifier"] or {} for c in suite.cases if c.task == "consistency"}
    assert outputs["c2"]["p"] < outputs["c1"]["p"]  # the invented "90 million" budget scores lower
    write_log(log, tmp_path / "log.json")
    fresh, _ = rescore(read_log(tmp_path / "log.json"))
    assert fresh.suites[0].metrics == suite.metrics
    assert "| consistency | consistency_balanced_accuracy | 0.500 |" in markdown_report(log, [])
    assert f"classifier {classifier.value:.3f}" in markdown_report(log, [])
    spec = f"consistency.consistency_balanced_accuracy@classifier={classifier.value}"
    failures = check(log, parse_fail_under([spec]))
    assert failures == []
    failures = check(log, parse_fail_under(["support.evidence_f1@classifier=1.1"]))
    assert failures == ["toy-dev:support.evidence_f1@classifier = 1.000, needs >= 1.1"]


def test_the_shipped_gate_names_methods_it_checks() -> None:
    on_methods = [t for t in load_thresholds() if t.system != "model"]
    assert {t.system for t in on_methods} == {"classifier", "rules_only"}
