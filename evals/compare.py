"""Compare two run logs: metric deltas per suite/task/system, and the cases whose per-case outcome flipped."""

from dataclasses import dataclass

from evals.log import MODEL, RunLog

FLIP_AT = 0.5  # a per-case value at or above this counts as a pass (labels are 0/1; recalls are fractions)


@dataclass(frozen=True)
class Delta:
    suite: str
    task: str
    system: str
    metric: str
    before: float | None
    after: float | None
    higher_is_better: bool

    @property
    def change(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before

    @property
    def better(self) -> bool | None:
        change = self.change
        if change is None or change == 0:
            return None
        return change > 0 if self.higher_is_better else change < 0


@dataclass(frozen=True)
class Flip:
    suite: str
    case_id: str
    metric: str
    before: float
    after: float


def deltas(a: RunLog, b: RunLog) -> list[Delta]:
    rows: list[Delta] = []
    before = {
        (s.name, task, system, name): metric
        for s in a.suites
        for task, systems in s.metrics.items()
        for system, metrics in systems.items()
        for name, metric in metrics.items()
    }
    for suite in b.suites:
        for task, systems in suite.metrics.items():
            for system, metrics in systems.items():
                for name, metric in metrics.items():
                    old = before.get((suite.name, task, system, name))
                    previous = old.value if old else None
                    rows.append(Delta(suite.name, task, system, name, previous, metric.value, metric.higher_is_better))
    return rows


def flips(a: RunLog, b: RunLog) -> list[Flip]:
    """Model per-case scores that crossed ``FLIP_AT`` between the runs (cases present in both)."""
    old = {(s.name, c.case_id): c.scores.get(MODEL, {}) for s in a.suites for c in s.cases}
    found: list[Flip] = []
    for suite in b.suites:
        # Only quality metrics flip; token counts and latencies are not pass/fail per case.
        quality = {n for ss in suite.metrics.values() for n, m in ss.get(MODEL, {}).items() if m.higher_is_better}
        for case in suite.cases:
            previous = old.get((suite.name, case.case_id))
            if previous is None:
                continue
            for metric, value in case.scores.get(MODEL, {}).items():
                if metric in quality and metric in previous and (previous[metric] >= FLIP_AT) != (value >= FLIP_AT):
                    found.append(Flip(suite.name, case.case_id, metric, previous[metric], value))
    return found
