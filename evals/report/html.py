"""Self-contained HTML report: inline CSS and SVG, metric bars vs baselines, confusion matrices, worst cases."""

from collections.abc import Callable, Mapping, Sequence
from html import escape

from evals.log import MODEL, CaseLog, RunLog
from evals.report.rows import fmt, metric_rows, worst_cases
from evals.suite import Case
from evals.tasks.windows import content_words
from evals.thresholds import Threshold

CSS = """body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}
.fail{color:#b00;font-weight:bold}.ok{color:#070}mark{background:#fdd}.case{border-left:3px solid #ccc;
padding-left:1em;margin:1em 0}code{background:#f4f4f4}"""


BAR_W = 260
ROW_H = 34


def metric_bars(rows: Sequence[tuple[str, float | None, str, float | None]]) -> str:
    """One group per metric: model bar above baseline bar, values in [0, 1]."""
    height = ROW_H * len(rows) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{220 + BAR_W + 120}" height="{height}" role="img">']
    for i, (label, model, baseline_name, baseline) in enumerate(rows):
        y = 5 + i * ROW_H
        parts.append(f'<text x="0" y="{y + 16}" font-size="12">{escape(label)}</text>')
        for j, (value, colour, name) in enumerate(((model, "#3366cc", "model"), (baseline, "#bbbbbb", baseline_name))):
            width = 0 if value is None else max(0.0, min(1.0, value)) * BAR_W
            shown = "n/a" if value is None else f"{value:.2f}"
            yy = y + j * 14
            parts.append(f'<rect x="220" y="{yy}" width="{width:.1f}" height="12" fill="{colour}"/>')
            parts.append(f'<text x="{225 + BAR_W}" y="{yy + 10}" font-size="10">{escape(name)} {shown}</text>')
    parts.append("</svg>")
    return "".join(parts)


def confusion_matrix(labels: Sequence[str], matrix: Sequence[Sequence[int]]) -> str:
    """Rows gold, columns predicted; cell shade by share of its row."""
    cell, left, top = 44, 130, 90
    n = len(labels)
    size_w, size_h = left + cell * n + 10, top + cell * n + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size_w}" height="{size_h}" role="img">']
    parts.append(f'<text x="{left}" y="12" font-size="11">predicted →</text>')
    for j, label in enumerate(labels):
        x = left + j * cell + cell / 2
        parts.append(
            f'<text x="{x}" y="{top - 6}" font-size="10" transform="rotate(-45 {x} {top - 6})">{escape(label)}</text>'
        )
    for i, label in enumerate(labels):
        y = top + i * cell
        parts.append(f'<text x="0" y="{y + cell / 2 + 4}" font-size="10">{escape(label)} (gold)</text>')
        total = sum(matrix[i]) or 1
        for j, count in enumerate(matrix[i]):
            shade = int(255 - 180 * count / total)
            fill = f"rgb({shade},{shade},255)" if i != j else f"rgb({shade},255,{shade})"
            x = left + j * cell
            parts.append(f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{fill}"/>')
            parts.append(f'<text x="{x + cell / 2 - 6}" y="{y + cell / 2 + 4}" font-size="11">{count}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _mark_unsupported(text: str, source: str) -> str:
    """Escape ``text`` and highlight its words that never occur in ``source`` (likely invented or edited)."""
    known = content_words(source)
    out = []
    for word in text.split(" "):
        core = word.strip(".,;:!?\"'()").lower()
        hit = core and core in content_words(core) and core not in known
        out.append(f"<mark>{escape(word)}</mark>" if hit else escape(word))
    return " ".join(out)


def _candidate(case: Case, log: CaseLog) -> str:
    text = str((case.candidate or {}).get("text", ""))
    label = (log.output or {}).get("label", "error")
    return f"<p>gold <b>{escape(str(case.gold.get('label')))}</b>, model <b>{escape(str(label))}</b>: " + (
        f"{_mark_unsupported(text, case.documents[0].text)}</p>"
    )


def _produced(case: Case, log: CaseLog) -> str:
    output = log.output or {}
    items = (output.get("summary") or {}).get("key_points") if "summary" in output else output.get("claims")
    rows = []
    for item in items or []:
        text = escape(str(item.get("text", "")))
        rows.append(f"<li>{text}</li>" if item.get("grounded", True) else f"<li><mark>{text}</mark> (ungrounded)</li>")
    return f"<ul>{''.join(rows)}</ul>" if rows else ""


HIGHLIGHTS: dict[str, Callable[[Case, CaseLog], str]] = {
    "consistency": _candidate,
    "support": _candidate,
    "summary": _produced,
    "extraction": _produced,
}


def html_report(log: RunLog, thresholds: list[Threshold], cases: Mapping[str, Mapping[str, Case]] | None = None) -> str:
    """``cases`` (suite -> case id -> case) adds the offending spans to the worst cases; text is always escaped."""
    rows = metric_rows(log, thresholds)
    body = [f"<h1>factalign eval</h1><p>{escape(log.started)} · mode <code>{escape(log.mode)}</code> · "
            f"models {escape(', '.join(log.models) or 'none')}</p>"]  # fmt: skip
    for suite in log.suites:
        body.append(
            f"<h2>{escape(suite.name)}</h2><p>source <code>{escape(suite.source)}</code>, {len(suite.cases)} cases</p>"
        )
        mine = [r for r in rows if r.suite == suite.name]
        body.append("<table><tr><th>task · metric</th><th>model</th><th>baseline</th><th>n</th><th>gate</th></tr>")
        for r in mine:
            gate = "" if r.passed is None else ('<span class="ok">ok</span>' if r.passed else
                                                 f'<span class="fail">FAIL (needs {r.threshold:g})</span>')  # fmt: skip
            body.append(
                f"<tr><td>{escape(r.task)} · {escape(r.metric)}</td><td>{fmt(r.model, r.metric)}</td>"
                f"<td>{fmt(r.baseline, r.metric)} ({escape(r.baseline_name)})</td><td>{r.n}</td><td>{gate}</td></tr>"
            )
        body.append("</table>")
        bars = [(f"{r.task} · {r.metric}", r.model, r.baseline_name, r.baseline) for r in mine
                if r.higher_is_better and (r.model is None or r.model <= 1.0)]  # fmt: skip
        if bars:
            body.append(metric_bars(bars))
        for task, systems in suite.metrics.items():
            for name, metric in systems.get(MODEL, {}).items():
                if "confusion" in metric.detail:
                    body.append(f"<h3>{escape(task)} · {escape(name)}: confusion (model)</h3>")
                    body.append(confusion_matrix(metric.detail["labels"], metric.detail["confusion"]))
        body.append("<h3>Worst cases</h3>")
        suite_cases = (cases or {}).get(suite.name, {})
        for case_log, score in worst_cases(suite):
            error = f'<p class="fail">{escape(case_log.error)}</p>' if case_log.error else ""
            case = suite_cases.get(case_log.case_id)
            extra = HIGHLIGHTS[case_log.task](case, case_log) if case and case_log.task in HIGHLIGHTS else ""
            body.append(
                f'<div class="case"><b>{escape(case_log.case_id)}</b> ({escape(case_log.task)}) '
                f"score {fmt(score)}{error}{extra}</div>"
            )
    if log.notes:
        body.append("<h2>Notes</h2><ul>" + "".join(f"<li>{escape(n)}</li>" for n in log.notes) + "</ul>")
    head = f"<head><meta charset='utf-8'><title>factalign eval</title><style>{CSS}</style></head>"
    return f"<!doctype html><html>{head}<body>{''.join(body)}</body></html>"
