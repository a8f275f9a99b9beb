"""The run log: per case the input reference, outputs, calls and scores; ``rescore`` recomputes it offline."""

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from evals.datasets import load_suite
from evals.scorers import Metric, Scored, score_task
from evals.suite import Case
from evals.tasks import TASKS, prepare, texts
from schemas.meta import CallMeta

LOG_VERSION = 1
MODEL = "model"


class CaseLog(BaseModel):
    """One case: where its input is (never the text), what the model and the baseline produced, and scores."""

    case_id: str
    task: str
    source: str
    record_id: str
    texts_sha256: str = Field(description="Hash of the texts scored against; a re-score warns if it changed.")
    output: dict[str, Any] | None = None
    error: str | None = None
    calls: list[CallMeta] = Field(default_factory=list)
    prompts: dict[str, int] = Field(default_factory=dict, description="prompt id -> version used")
    baseline: dict[str, Any] | None = None
    baseline_error: str | None = None
    methods: dict[str, dict[str, Any] | None] = Field(
        default_factory=dict, description="The stage's non-LLM methods (classifier, rules ...): name -> output."
    )
    method_errors: dict[str, str] = Field(default_factory=dict)
    scores: dict[str, dict[str, float]] = Field(default_factory=dict, description="system -> metric -> value")


class SuiteLog(BaseModel):
    name: str
    source: str
    sha256: str
    restricted: bool
    cases: list[CaseLog]
    baselines: dict[str, str] = Field(default_factory=dict, description="task -> baseline name")
    methods: dict[str, list[str]] = Field(default_factory=dict, description="task -> non-LLM methods run")
    metrics: dict[str, dict[str, dict[str, Metric]]] = Field(
        default_factory=dict, description="task -> system ('model' or the baseline's name) -> metric name -> metric"
    )


class RunLog(BaseModel):
    version: int = LOG_VERSION
    started: str
    finished: str | None = None
    mode: str
    role: str | None = None
    models: list[str] = Field(default_factory=list)
    limit: int | None = None
    suites: list[SuiteLog]
    notes: list[str] = Field(default_factory=list, description="Cassette misses, unused recordings, warnings.")


def texts_digest(values: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for value in values:
        digest.update(hashlib.sha256(value.encode("utf-8")).digest())
    return digest.hexdigest()


def scored(
    case: Case, case_texts: tuple[str, ...], log: CaseLog, *, baseline: bool, method: str | None = None
) -> Scored:
    if method is not None:
        return Scored(case, case_texts, log.methods.get(method), error=log.method_errors.get(method))
    if baseline:
        return Scored(case, case_texts, log.baseline, error=log.baseline_error)
    return Scored(case, case_texts, log.output, log.calls, log.error)


def score_suite(suite: SuiteLog, cases: dict[str, Case], case_texts: dict[str, tuple[str, ...]]) -> None:
    """Fill ``suite.metrics`` and every case's ``scores`` from the stored outputs (no model involved)."""
    suite.metrics = {}
    for log in suite.cases:
        log.scores = {}
    for task in sorted({c.task for c in suite.cases}):
        logs = [c for c in suite.cases if c.task == task]
        systems: dict[str, tuple[bool, str | None]] = {
            MODEL: (False, None),
            suite.baselines.get(task, TASKS[task].baseline_name): (True, None),
        }
        systems |= {name: (True, name) for name in suite.methods.get(task, [])}
        suite.metrics[task] = {}
        for system, (is_baseline, method) in systems.items():
            items = [
                scored(cases[c.case_id], case_texts[c.case_id], c, baseline=is_baseline, method=method) for c in logs
            ]
            metrics = score_task(task, items, baseline=is_baseline)
            suite.metrics[task][system] = metrics
            for log in logs:
                log.scores[system] = {
                    name: m.per_case[log.case_id] for name, m in metrics.items() if log.case_id in m.per_case
                }


def rescore(log: RunLog) -> tuple[RunLog, list[str]]:
    """Re-score a run from its log: reload gold by reference, rebuild texts, apply today's scorers."""
    fresh = log.model_copy(deep=True)
    warnings: list[str] = []
    for suite_log in fresh.suites:
        suite = load_suite(suite_log.source)
        if suite.sha256 != suite_log.sha256:
            warnings.append(f"{suite_log.name}: {suite_log.source} changed since the run (gold may differ)")
        by_id = {c.case_id: c for c in suite.cases}
        missing = [c.case_id for c in suite_log.cases if c.case_id not in by_id]
        if missing:
            raise ValueError(f"{suite_log.name}: cases not in {suite_log.source}: {', '.join(missing[:5])}")
        case_texts: dict[str, tuple[str, ...]] = {}
        for case_log in suite_log.cases:
            case_texts[case_log.case_id] = texts(prepare(by_id[case_log.case_id]))
            if texts_digest(case_texts[case_log.case_id]) != case_log.texts_sha256:
                warnings.append(f"{suite_log.name}/{case_log.case_id}: cleaned text changed since the run")
        score_suite(suite_log, by_id, case_texts)
    return fresh, warnings


def write_log(log: RunLog, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(log.model_dump_json(indent=1), encoding="utf-8")
    return path


def read_log(path: Path) -> RunLog:
    return RunLog.model_validate_json(path.read_text(encoding="utf-8"))
