"""The regression gate: per-suite metric bounds from ``evals/thresholds.toml`` and ``--fail-under``."""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from evals.log import MODEL, RunLog
from evals.scorers import Metric

THRESHOLDS_FILE = Path(__file__).resolve().parent / "thresholds.toml"


@dataclass(frozen=True)
class Threshold:
    """``suite`` / ``task`` None match any. Higher-is-better metrics fail under the bound, others over it.
    ``system`` is whose score is gated: the model (default) or a named non-LLM method (``@classifier``).
    ``case`` gates one case's own value (the metric's ``per_case`` entry) instead of the whole task's: the seeds'
    English pair is held to its own alignment score, not the mean with the cross-language pair."""

    metric: str
    bound: float
    suite: str | None = None
    task: str | None = None
    system: str = MODEL
    case: str | None = None

    def label(self) -> str:
        where = ":".join(p for p in (self.suite, self.task) if p)
        on = "" if self.system == MODEL else f"@{self.system}"
        only = f"[{self.case}]" if self.case else ""
        return f"{where + ':' if where else ''}{self.metric}{only}{on}"

    def value(self, metric: Metric) -> tuple[bool, float | None]:
        """Whether the metric holds what this threshold gates, and that value."""
        if self.case is None:
            return True, metric.value
        found = [v for k, v in metric.per_case.items() if k == self.case or k.startswith(f"{self.case}/")]
        return bool(found), min(found) if found else None


_CASE = re.compile(r"^(?P<spec>[^\[]+)\[(?P<case>[^\]]+)\]$")


def parse_spec(spec: str, bound: float, suite: str | None = None) -> Threshold:
    """``metric``, ``task.metric`` or ``suite:task.metric``, each optionally ``[case]`` (one case's value: its id,
    or the part before ``/<task>``) and ``@system`` (e.g. ``@classifier``)."""
    if ":" in spec:
        suite, spec = spec.split(":", 1)
    spec, _, system = spec.partition("@")
    case = None
    selected = _CASE.match(spec)
    if selected:
        spec, case = selected["spec"], selected["case"]
    task, _, metric = spec.rpartition(".")
    return Threshold(metric=metric, bound=bound, suite=suite, task=task or None, system=system or MODEL, case=case)


def parse_fail_under(items: list[str]) -> list[Threshold]:
    thresholds = []
    for item in items:
        spec, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"--fail-under expects metric=value, got {item!r}")
        thresholds.append(parse_spec(spec.strip(), float(value)))
    return thresholds


def load_thresholds(path: Path = THRESHOLDS_FILE) -> list[Threshold]:
    """Tables are suite names (``[seeds]``, ``[summedits_news-dev]``); keys are ``task.metric`` or ``metric``."""
    if not path.exists():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [parse_spec(key, float(value), suite) for suite, table in data.items() for key, value in table.items()]


def check(log: RunLog, thresholds: list[Threshold]) -> list[str]:
    """Failures, one line each; a metric the run did not compute fails only if it names its suite."""
    failures: list[str] = []
    for t in thresholds:
        found = False
        for suite in log.suites:
            if t.suite not in (None, suite.name):
                continue
            for task, systems in suite.metrics.items():
                metric = systems.get(t.system, {}).get(t.metric)
                if t.task not in (None, task) or metric is None:
                    continue
                holds, value = t.value(metric)
                if not holds:
                    continue
                found = True
                bad = value is None or (value < t.bound if metric.higher_is_better else value > t.bound)
                if bad:
                    shown = "n/a" if value is None else f"{value:.3f}"
                    side = ">=" if metric.higher_is_better else "<="
                    on = "" if t.system == MODEL else f"@{t.system}"
                    only = f"[{t.case}]" if t.case else ""
                    failures.append(f"{suite.name}:{task}.{t.metric}{only}{on} = {shown}, needs {side} {t.bound:g}")
        if not found and t.suite is not None and any(s.name == t.suite for s in log.suites):
            failures.append(f"{t.label()}: not computed in this run")
    return failures
