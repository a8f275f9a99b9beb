"""The eval CLI: a suite name runs (default command), compare and rescore work on logs, bad flags are refused."""

from pathlib import Path

from typer.testing import CliRunner

from evals.cli import eval_app
from evals.log import RunLog, SuiteLog, write_log

runner = CliRunner()


def test_suite_names_route_to_run_and_modes_are_exclusive() -> None:
    result = runner.invoke(eval_app, ["seeds", "--record", "--live"])
    assert result.exit_code != 0 and "choose one of" in result.output


def test_compare_and_help(tmp_path: Path) -> None:
    log = RunLog(
        started="t", mode="replay", suites=[SuiteLog(name="s", source="x", sha256="0", restricted=False, cases=[])]
    )
    a = write_log(log, tmp_path / "a.json")
    result = runner.invoke(eval_app, ["compare", str(a), str(a)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(eval_app, ["--help"]).exit_code == 0
