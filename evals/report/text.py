"""Text reports of a run: the rich terminal table and the Markdown page."""

from rich.console import Console
from rich.table import Table

from evals.log import RunLog
from evals.report.rows import fmt, metric_rows, worst_cases
from evals.thresholds import Threshold


def print_report(log: RunLog, thresholds: list[Threshold], console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title=f"factalign eval ({log.mode}; {', '.join(log.models) or 'no model calls'})")
    for column in ("suite", "task", "metric", "model", "baseline", "methods", "n", "gate"):
        table.add_column(column, justify="right" if column in ("model", "baseline", "methods", "n") else "left")
    for row in metric_rows(log, thresholds):
        gate = "" if row.passed is None else ("[green]ok[/]" if row.passed else f"[red]FAIL[/] ({row.threshold:g})")
        baseline = "" if row.baseline is None else f"{fmt(row.baseline, row.metric)} ({row.baseline_name})"
        table.add_row(
            row.suite, row.task, row.metric, fmt(row.model, row.metric), baseline, row.methods_text(), str(row.n), gate
        )
    console.print(table)
    for note in log.notes:
        console.print(f"[yellow]note:[/] {note}", highlight=False)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_report(log: RunLog, thresholds: list[Threshold]) -> str:
    lines = [f"# factalign eval — {log.started}", "", f"Mode: `{log.mode}`; models: {', '.join(log.models) or 'none'}."]
    rows = metric_rows(log, thresholds)
    for suite in log.suites:
        lines += ["", f"## {suite.name}", "", f"Source: `{suite.source}` ({len(suite.cases)} cases)", ""]
        lines += ["| task | metric | model | baseline | methods | n | gate |", "|---|---|---:|---:|---:|---:|---|"]
        for row in (r for r in rows if r.suite == suite.name):
            gate = "" if row.passed is None else ("ok" if row.passed else f"**FAIL** (needs {row.threshold:g})")
            baseline = "" if row.baseline is None else f"{fmt(row.baseline, row.metric)} ({row.baseline_name})"
            lines.append(
                f"| {row.task} | {row.metric} | {fmt(row.model, row.metric)} | {baseline} | {row.methods_text()} "
                f"| {row.n} | {gate} |"
            )
        lines += ["", "Worst cases:", ""]
        for case, score in worst_cases(suite):
            problem = f" — error: {_cell(case.error)}" if case.error else ""
            lines.append(f"- `{case.case_id}` ({case.task}): {fmt(score)}{problem}")
    if log.notes:
        lines += ["", "## Notes", ""] + [f"- {_cell(n)}" for n in log.notes]
    return "\n".join(lines) + "\n"
