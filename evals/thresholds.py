"""The regression gate: per-suite metric bounds from ``evals/thresholds.toml`` and ``--fail-under``."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from evals.log import MODEL, RunLog

THRESHOLDS_FILE = Path(__file__).resolve().parent / "thresholds.toml"


@dataclass(frozen=True)
class Threshold:
    """``suite`` / ``task`` None match any. Higher-is-better metrics fail under the bound, others over it.
    ``system`` is whose score is gated: the model (default) or a named non-LLM method (``@classifier``)."""

    metric: str
    bound: float
    suite: str | None = None
    task: str | None = None
    system: str = MODEL

    def label(self) -> str:
        where = ":".join(p for p in (self.suite, self.task) if p)
        on = "" if self.system == MODEL else f"@{self.system}"
        return f"{where + ':' if where else ''}{self.metric}{on}"


def parse_spec(spec: str, bound: float, suite: str | None = None) -> Threshold:
    """``metric``, ``task.metric`` or ``suite:task.metric``, each optionally ``@system`` (e.g. ``@classifier``)."""
    if ":" in spec:
        suite, spec = spec.split(":", 1)
    spec, _, system = spec.partition("@")
    task, _, metric = spec.rpartition(".")
    return Threshold(metric=metric, bound=bound, suite=suite, task=task or None, system=system or MODEL)


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
                found = True
                value = metric.value
                bad = value is None or (value < t.bound if metric.higher_is_better else value > t.bound)
                if bad:
                    shown = "n/a" if value is None else f"{value:.3f}"
                    side = ">=" if metric.higher_is_better else "<="
                    on = "" if t.system == MODEL else f"@{t.system}"
                    failures.append(f"{suite.name}:{task}.{t.metric}{on} = {shown}, needs {side} {t.bound:g}")
        if not found and t.suite is not None and any(s.name == t.suite for s in log.suites):
            failures.append(f"{t.label()}: not computed in this run")
    return failures
