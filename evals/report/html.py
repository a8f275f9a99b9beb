"""Self-contained HTML report (Jinja2, autoescaped): metric bars vs baselines, confusion matrices, worst cases."""

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from evals.log import MODEL, CaseLog, RunLog, SuiteLog
from evals.report.rows import fmt, metric_rows, worst_cases
from evals.suite import Case
from evals.tasks.windows import content_words
from evals.thresholds import Threshold

BAR_W = 260
ROW_H = 34
_PAGE = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
).get_template("report.html.j2")


def metric_bars(rows: Sequence[tuple[str, float | None, str, float | None]]) -> dict[str, Any]:
    """Geometry of one group per metric: model bar above baseline bar, values in [0, 1]."""
    groups = []
    for i, (label, model, baseline_name, baseline) in enumerate(rows):
        y = 5 + i * ROW_H
        bars = []
        for j, (value, colour, name) in enumerate(((model, "#3366cc", "model"), (baseline, "#bbbbbb", baseline_name))):
            width = 0 if value is None else max(0.0, min(1.0, value)) * BAR_W
            shown = "n/a" if value is None else f"{value:.2f}"
            bars.append({"y": y + j * 14, "width": width, "colour": colour, "caption": f"{name} {shown}"})
        groups.append({"label": label, "y": y, "bars": bars})
    return {"width": 220 + BAR_W + 120, "height": ROW_H * len(rows) + 10, "caption_x": 225 + BAR_W, "groups": groups}


def confusion_matrix(labels: Sequence[str], matrix: Sequence[Sequence[int]]) -> dict[str, Any]:
    """Geometry of the matrix: rows gold, columns predicted; cell shade by share of its row."""
    cell, left, top = 44, 130, 90
    n = len(labels)
    rows = []
    for i, label in enumerate(labels):
        total = sum(matrix[i]) or 1
        cells = []
        for j, count in enumerate(matrix[i]):
            shade = int(255 - 180 * count / total)
            fill = f"rgb({shade},{shade},255)" if i != j else f"rgb({shade},255,{shade})"
            cells.append({"x": left + j * cell, "fill": fill, "count": count})
        rows.append({"label": label, "y": top + i * cell, "cells": cells})
    columns = [{"label": label, "x": left + j * cell + cell / 2} for j, label in enumerate(labels)]
    return {"width": left + cell * n + 10, "height": top + cell * n + 10, "left": left, "top": top, "cell": cell,
            "columns": columns, "rows": rows}  # fmt: skip


def _unsupported_words(text: str, source: str) -> list[tuple[str, bool]]:
    """The words of ``text``, each flagged when it never occurs in ``source`` (likely invented or edited)."""
    known = content_words(source)
    out = []
    for word in text.split(" "):
        core = word.strip(".,;:!?\"'()")
        words = content_words(core) if core.isalnum() else set()  # one word; a stopword yields none
        out.append((word, bool(words) and not words <= known))
    return out


def _candidate(case: Case, log: CaseLog) -> dict[str, Any]:
    text = str((case.candidate or {}).get("text", ""))
    label = (log.output or {}).get("label", "error")
    words = _unsupported_words(text, case.documents[0].text)
    return {"kind": "candidate", "gold": str(case.gold.get("label")), "label": str(label), "words": words}


def _produced(case: Case, log: CaseLog) -> dict[str, Any]:
    output = log.output or {}
    items = (output.get("summary") or {}).get("key_points") if "summary" in output else output.get("claims")
    return {"kind": "points", "points": [(str(i.get("text", "")), bool(i.get("grounded", True))) for i in items or []]}


HIGHLIGHTS: dict[str, Callable[[Case, CaseLog], dict[str, Any]]] = {
    "consistency": _candidate,
    "support": _candidate,
    "summary": _produced,
    "extraction": _produced,
}


def _suite_view(suite: SuiteLog, thresholds: list[Threshold], log: RunLog, cases: Mapping[str, Case]) -> dict[str, Any]:
    mine = [r for r in metric_rows(log, thresholds) if r.suite == suite.name]
    rows = [{"task": r.task, "metric": r.metric, "model": fmt(r.model, r.metric), "baseline_name": r.baseline_name,
             "baseline": fmt(r.baseline, r.metric), "n": r.n, "passed": r.passed,
             "threshold": "" if r.threshold is None else f"{r.threshold:g}"} for r in mine]  # fmt: skip
    bars = [(f"{r.task} · {r.metric}", r.model, r.baseline_name, r.baseline) for r in mine
            if r.higher_is_better and (r.model is None or r.model <= 1.0)]  # fmt: skip
    confusions = [
        (f"{task} · {name}", confusion_matrix(metric.detail["labels"], metric.detail["confusion"]))
        for task, systems in suite.metrics.items()
        for name, metric in systems.get(MODEL, {}).items()
        if "confusion" in metric.detail
    ]
    worst = []
    for case_log, score in worst_cases(suite):
        case = cases.get(case_log.case_id)
        highlight = HIGHLIGHTS[case_log.task](case, case_log) if case and case_log.task in HIGHLIGHTS else None
        worst.append({"case_id": case_log.case_id, "task": case_log.task, "score": fmt(score),
                      "error": case_log.error, "highlight": highlight})  # fmt: skip
    return {"name": suite.name, "source": suite.source, "case_count": len(suite.cases), "rows": rows,
            "bars": metric_bars(bars) if bars else None, "confusions": confusions, "worst": worst}  # fmt: skip


def html_report(log: RunLog, thresholds: list[Threshold], cases: Mapping[str, Mapping[str, Case]] | None = None) -> str:
    """``cases`` (suite -> case id -> case) adds the offending spans to the worst cases; text is always escaped."""
    suites = [_suite_view(s, thresholds, log, (cases or {}).get(s.name, {})) for s in log.suites]
    return _PAGE.render(log=log, suites=suites)
