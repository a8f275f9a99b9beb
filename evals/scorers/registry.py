"""The scorer registry: pure functions from scored cases to one metric, registered by name and task."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from evals.suite import Case
from schemas.meta import CallMeta


@dataclass(frozen=True)
class Scored:
    """What a scorer sees of one case: the gold (in ``case``), the texts offsets refer to, and the output."""

    case: Case
    texts: tuple[str, ...]
    output: Mapping[str, Any] | None
    calls: Sequence[CallMeta] = ()
    error: str | None = None


class Metric(BaseModel):
    """One number over a set of cases, with per-case values (for worst cases and flips) and details."""

    name: str
    value: float | None
    n: int = Field(ge=0, description="Items the value is computed over (cases, facts, claims, calls...).")
    higher_is_better: bool = True
    per_case: dict[str, float] = Field(default_factory=dict)
    detail: dict[str, Any] = Field(default_factory=dict)


ScorerFn = Callable[[Sequence[Scored]], Metric]


@dataclass(frozen=True)
class ScorerSpec:
    name: str
    fn: ScorerFn
    tasks: frozenset[str]
    model_only: bool = False
    higher_is_better: bool = True
    description: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)


SCORERS: dict[str, ScorerSpec] = {}
ALL_TASKS = "*"


def scorer(
    name: str, *, tasks: Sequence[str], model_only: bool = False, higher_is_better: bool = True
) -> Callable[[ScorerFn], ScorerFn]:
    """Register ``fn`` under ``name`` for the given tasks (``"*"``: every task)."""

    def register(fn: ScorerFn) -> ScorerFn:
        if name in SCORERS:
            raise ValueError(f"scorer {name!r} registered twice")
        doc = (fn.__doc__ or "").strip().splitlines()
        SCORERS[name] = ScorerSpec(
            name, fn, frozenset(tasks), model_only, higher_is_better, description=doc[0] if doc else ""
        )
        return fn

    return register


def scorers_for(task: str, *, baseline: bool) -> list[ScorerSpec]:
    return [
        s for s in SCORERS.values() if (task in s.tasks or ALL_TASKS in s.tasks) and not (baseline and s.model_only)
    ]


def score_task(task: str, items: Sequence[Scored], *, baseline: bool = False) -> dict[str, Metric]:
    """Every registered metric that applies to ``task``, in registration order."""
    metrics: dict[str, Metric] = {}
    for spec in scorers_for(task, baseline=baseline):
        metric = spec.fn(items)
        metrics[spec.name] = metric.model_copy(update={"name": spec.name, "higher_is_better": spec.higher_is_better})
    return metrics


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None
