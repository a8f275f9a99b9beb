"""The eval CLI on real logs (made with a fake model): compare shows deltas and flipped cases, rescore tells an
unchanged log from a tampered one, suite names route to ``run`` and modes are exclusive."""

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from typer.testing import CliRunner

from evals.cli import eval_app
from evals.log import write_log
from evals.runner import RunOptions
from service.prompts import RenderedPrompt
from tests.fakes import FakeGateway
from tests.unit.evals.test_runner import _answer, _run, _suite_file

runner = CliRunner()
METRIC = "consistency_balanced_accuracy"


def _better(prompt: RenderedPrompt, schema: type[BaseModel]) -> dict[str, Any]:
    """Right on both consistency cases (the plain ``_answer`` gets c2 wrong)."""
    text = json.dumps(prompt.messages)
    return {"label": "inconsistent", "sentence_ids": [2]} if "rejected" in text else _answer(prompt)


def _logs(tmp_path: Path) -> tuple[Path, Path]:
    path = _suite_file(tmp_path)
    options = RunOptions(mode="live", show_progress=False)
    before = write_log(_run(path, FakeGateway(responder=_answer), options), tmp_path / "before.json")
    after = write_log(_run(path, FakeGateway(responder=_better), options), tmp_path / "after.json")
    return before, after


def test_compare_shows_the_metric_delta_and_the_case_that_flipped(tmp_path: Path) -> None:
    before, after = _logs(tmp_path)
    result = runner.invoke(eval_app, ["compare", str(before), str(after)])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if METRIC in line and "model" in line)
    assert "0.500" in row and "1.000" in row and "+0.500" in row
    assert "fixed toy-dev/c2" in result.output
    backwards = runner.invoke(eval_app, ["compare", str(after), str(before)])
    assert "-0.500" in backwards.output and "broke toy-dev/c2" in backwards.output


def test_rescore_confirms_an_untouched_log_and_flags_a_tampered_one(tmp_path: Path) -> None:
    before, _ = _logs(tmp_path)
    same = runner.invoke(eval_app, ["rescore", str(before)])
    assert same.exit_code == 0, same.output
    assert "identical to the logged scores" in same.output
    data = json.loads(before.read_text(encoding="utf-8"))
    data["suites"][0]["metrics"]["consistency"]["model"][METRIC]["value"] = 0.99
    before.write_text(json.dumps(data), encoding="utf-8")
    tampered = runner.invoke(eval_app, ["rescore", str(before), "--out", str(tmp_path / "re")])
    assert "scores differ from the log" in tampered.output
    rewritten = json.loads((tmp_path / "re" / "log.json").read_text(encoding="utf-8"))
    assert rewritten["suites"][0]["metrics"]["consistency"]["model"][METRIC]["value"] == 0.5  # recomputed
    assert (tmp_path / "re" / "report.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_suite_names_route_to_run_and_modes_are_exclusive() -> None:
    result = runner.invoke(eval_app, ["seeds", "--record", "--live"])
    assert result.exit_code != 0 and "choose one of" in result.output
