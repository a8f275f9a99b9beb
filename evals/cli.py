"""``factalign eval``: run suites (replay by default), re-score a log, compare two logs."""

import asyncio
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from evals.compare import deltas, flips
from evals.datasets import load_suite, select
from evals.log import RunLog, read_log, rescore, write_log
from evals.report import html_report, markdown_report, print_report
from evals.report.rows import fmt
from evals.runner import RunMode, RunOptions, run_suites
from evals.suite import Suite
from evals.thresholds import check, load_thresholds, parse_fail_under
from service.settings import ROLE_NAMES, Settings

console = Console(width=None if sys.stdout.isatty() else 160)  # full metric names in logs and CI


class _DefaultToRun(TyperGroup):
    """``factalign eval seeds`` means ``factalign eval run seeds``: anything not a subcommand goes to ``run``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer vendors click: its Context is private
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = ["run", *args]
        return super().parse_args(ctx, args)


eval_app = typer.Typer(
    cls=_DefaultToRun, help="Evaluate prompts/models offline against labelled suites.", pretty_exceptions_enable=False
)


def eval_settings(role: str | None = None) -> Settings:
    settings = Settings()
    roles = settings.roles
    if role is not None:  # evaluate one configured model in every role
        roles = {name: settings.role(role) for name in (*ROLE_NAMES, *settings.roles)}
    # The response cache would answer without HTTP, so nothing would be recorded; evals always ask the model.
    return settings.model_copy(update={"roles": roles, "cache": settings.cache.model_copy(update={"enabled": False})})


# What `factalign eval` with no suite runs: every suite, cut to the slice that is recorded in evals/cassettes.
RECORDED_SLICES: dict[str, int | None] = {"seeds": None, "conflicts": None, "summedits": 30, "wice": 30,
                                          "propsegment": 15}  # fmt: skip


def _suites(targets: list[str]) -> tuple[list[str], list[Suite]]:
    if targets:
        return targets, [load_suite(t) for t in targets]
    names = list(RECORDED_SLICES)
    suites = [load_suite(n) for n in names]
    return names, [replace(s, cases=select(s.cases, RECORDED_SLICES[n])) for n, s in zip(names, suites, strict=True)]


async def _run(targets: list[str], options: RunOptions, role: str | None) -> RunLog:
    from service.runtime import open_gateway

    targets, suites = _suites(targets)
    options.suite_args = {s.name: t for s, t in zip(suites, targets, strict=True)}
    async with open_gateway(eval_settings(role), replay=options.mode == "replay") as llm:
        return await run_suites(suites, llm, options, role=role)


def _write_reports(log: RunLog, out: Path, thresholds: Any) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    write_log(log, out / "log.json")
    (out / "report.md").write_text(markdown_report(log, thresholds), encoding="utf-8")
    cases = {s.name: {c.case_id: c for c in load_suite(s.source).cases} for s in log.suites}
    (out / "report.html").write_text(html_report(log, thresholds, cases), encoding="utf-8")
    return out


@eval_app.command("run")
def run_command(
    targets: Annotated[
        list[str] | None,
        typer.Argument(
            help="Suite names (seeds, summedits, wice, propsegment, conflicts) or .yaml/.jsonl paths; "
            "none: every suite's recorded slice."
        ),
    ] = None,
    role: Annotated[str | None, typer.Option(help="Use this configured role's model for every stage.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most N cases per task and suite.")] = None,
    record: Annotated[bool, typer.Option("--record", help="Call the model and (re)record cassettes.")] = False,
    replay: Annotated[bool, typer.Option("--replay", help="Replay cassettes only (the default).")] = False,
    live: Annotated[bool, typer.Option("--live", help="Call the model without cassettes.")] = False,
    record_mode: Annotated[str, typer.Option(help="vcrpy mode for --record: new_episodes or all.")] = "new_episodes",
    concurrency: Annotated[int, typer.Option(help="Parallel cases in --live mode (cassette modes use 1).")] = 1,
    fail_under: Annotated[list[str] | None, typer.Option(help="[suite:][task.]metric=value; exit 1 if missed.")] = None,
    out: Annotated[Path | None, typer.Option(help="Directory for log.json, report.md, report.html.")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Run suites; replay recorded model answers unless --record or --live."""
    if sum((record, replay, live)) > 1:
        raise typer.BadParameter("choose one of --record, --replay, --live")
    mode: RunMode = "record" if record else "live" if live else "replay"
    thresholds = load_thresholds() + parse_fail_under(fail_under or [])
    options = RunOptions(
        mode=mode, limit=limit, concurrency=concurrency, record_mode=record_mode, show_progress=progress
    )
    log = asyncio.run(_run(targets or [], options, role))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = _write_reports(log, out or Path("eval-runs") / stamp, thresholds)
    print_report(log, thresholds, console)
    console.print(f"log and reports: {folder}")
    if any(n.startswith(tuple(f"{s.name}/" for s in log.suites)) for n in log.notes):
        console.print("[red]some cases have no recording; see the notes above[/]")
        raise typer.Exit(2)
    failures = check(log, thresholds)
    for failure in failures:
        console.print(f"[red]gate failed:[/] {failure}")
    if failures:
        raise typer.Exit(1)


@eval_app.command("rescore")
def rescore_command(
    log_path: Annotated[Path, typer.Argument(help="A log.json written by a run.")],
    out: Annotated[Path | None, typer.Option(help="Write the re-scored log and reports here.")] = None,
) -> None:
    """Re-score a run from its log without any model call; says whether the numbers are unchanged."""
    original = read_log(log_path)
    fresh, warnings = rescore(original)
    for warning in warnings:
        console.print(f"[yellow]warning:[/] {warning}")
    thresholds = load_thresholds()
    print_report(fresh, thresholds, console)
    same = [s.metrics for s in fresh.suites] == [s.metrics for s in original.suites]
    console.print(
        "identical to the logged scores" if same else "[yellow]scores differ from the log (scorers changed?)[/]"
    )
    if out is not None:
        _write_reports(fresh, out, thresholds)


@eval_app.command("compare")
def compare_command(
    before: Annotated[Path, typer.Argument(help="Baseline run's log.json.")],
    after: Annotated[Path, typer.Argument(help="Candidate run's log.json.")],
) -> None:
    """Metric deltas (model and baselines) and the cases whose outcome flipped."""
    a, b = read_log(before), read_log(after)
    table = Table(title=f"{before} → {after}")
    for column in ("suite", "task", "system", "metric", "before", "after", "Δ"):
        table.add_column(column)
    for d in deltas(a, b):
        change = d.change
        colour = {True: "green", False: "red", None: "white"}[d.better]
        shown = "" if change is None else f"[{colour}]{change:+.3f}[/]"
        table.add_row(d.suite, d.task, d.system, d.metric, fmt(d.before, d.metric), fmt(d.after, d.metric), shown)
    console.print(table)
    for flip in flips(a, b):
        direction = "[green]fixed[/]" if flip.after > flip.before else "[red]broke[/]"
        console.print(f"{direction} {flip.suite}/{flip.case_id} {flip.metric}: {flip.before:.2f} → {flip.after:.2f}")
