"""What every report shows: one row per suite/task/metric (model vs baseline vs threshold) and the worst cases."""

from dataclasses import dataclass

from evals.log import MODEL, CaseLog, RunLog, SuiteLog
from evals.thresholds import Threshold

# The per-case value that ranks a task's worst cases.
PRIMARY = {
    "summary": "key_fact_recall",
    "extraction": "extraction_f1",
    "consistency": "consistency_balanced_accuracy",
    "support": "support_balanced_accuracy",
    "alignment": "alignment_macro_f1",
    "alignment_hybrid": "alignment_macro_f1",
    "conflict": "conflict_type_balanced_accuracy",
    "match": "match_balanced_accuracy",
}


@dataclass(frozen=True)
class Row:
    suite: str
    task: str
    metric: str
    model: float | None
    baseline_name: str
    baseline: float | None
    n: int
    higher_is_better: bool
    threshold: float | None
    passed: bool | None
    methods: tuple[tuple[str, float | None], ...] = ()  # the stage's non-LLM methods on the same metric

    def methods_text(self) -> str:
        return ", ".join(f"{name} {fmt(value, self.metric)}" for name, value in self.methods if value is not None)


def _bound(thresholds: list[Threshold], suite: str, task: str, metric: str) -> float | None:
    for t in thresholds:
        if t.system == MODEL and t.metric == metric and t.suite in (None, suite) and t.task in (None, task):
            return t.bound
    return None


def metric_rows(log: RunLog, thresholds: list[Threshold]) -> list[Row]:
    rows: list[Row] = []
    for suite in log.suites:
        for task, systems in suite.metrics.items():
            baseline_name = suite.baselines.get(task, "baseline")
            baseline = systems.get(baseline_name, {})
            for name, metric in systems.get(MODEL, {}).items():
                bound = _bound(thresholds, suite.name, task, name)
                passed = None
                if bound is not None:
                    value = metric.value
                    passed = value is not None and (value >= bound if metric.higher_is_better else value <= bound)
                other = baseline.get(name)
                value_b = other.value if other else None
                methods = tuple(
                    (m, found.value if (found := systems.get(m, {}).get(name)) else None)
                    for m in suite.methods.get(task, [])
                )
                row = Row(suite.name, task, name, metric.value, baseline_name, value_b, metric.n,
                          metric.higher_is_better, bound, passed, methods)  # fmt: skip
                rows.append(row)
    return rows


def worst_cases(suite: SuiteLog, per_task: int = 3) -> list[tuple[CaseLog, float | None]]:
    """Errors first, then the lowest primary per-case score of each task."""
    chosen: list[tuple[CaseLog, float | None]] = []
    for task in sorted({c.task for c in suite.cases}):
        metric = PRIMARY.get(task, "")
        ranked = sorted(
            (c for c in suite.cases if c.task == task),
            key=lambda c: (c.error is None, c.scores.get(MODEL, {}).get(metric, 0.0)),
        )
        chosen.extend((c, c.scores.get(MODEL, {}).get(metric)) for c in ranked[:per_task])
    return chosen


def fmt(value: float | None, metric: str = "") -> str:
    if value is None:
        return "n/a"
    if metric in ("prompt_tokens", "completion_tokens"):
        return f"{value:,.0f}"
    if metric == "latency_s":
        return f"{value:.1f}s"
    return f"{value:.3f}"
