"""Hand-made cases for scorer tests (no datasets, no model)."""

from collections.abc import Mapping
from typing import Any

from evals.scorers.registry import Scored
from evals.suite import Case, CaseRef, Document
from schemas.meta import CallMeta


def case(task: str, gold: Mapping[str, Any], *, case_id: str = "c1", text: str = "", candidate: Any = None) -> Case:
    return Case("unit", case_id, task, CaseRef("unit.jsonl", case_id), (Document("d1", text),), candidate, gold)


def scored(
    task: str,
    gold: Mapping[str, Any],
    output: Mapping[str, Any] | None,
    *,
    case_id: str = "c1",
    text: str = "",
    calls: tuple[CallMeta, ...] = (),
    error: str | None = None,
) -> Scored:
    return Scored(case(task, gold, case_id=case_id, text=text), (text,), output, calls, error)


def call(*, attempts: int = 1, cached: bool = False, cost: float | None = None, latency_ms: float = 100.0) -> CallMeta:
    return CallMeta(
        role="judge", provider="fake", model="fake/model", prompt_id="support", prompt_version=1,
        prompt_sha256="x", schema_name="SupportVerdict", cached=cached, attempts=attempts,
        prompt_tokens=100, completion_tokens=10, cost_usd=cost, latency_ms=latency_ms,
    )  # fmt: skip
