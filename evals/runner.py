"""Run suites with an injected ``ModelGateway``: replay/record cassettes per case, baselines, JSON log."""

import asyncio
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from evals.datasets import select
from evals.log import CaseLog, RunLog, SuiteLog, score_suite, texts_digest
from evals.recording.matching import CASSETTE_ROOT, cassette_path, miss_message
from evals.recording.session import CaseCassette
from evals.suite import Case, Suite
from evals.tasks import TASKS, TaskResult, prepare, texts
from service.errors import CassetteMiss, FactalignError
from service.llm.protocol import ModelGateway

RunMode = Literal["replay", "record", "live"]


@dataclass
class RunOptions:
    mode: RunMode = "replay"
    limit: int | None = None
    concurrency: int = 1
    record_mode: str = "new_episodes"
    cassette_root: Path = CASSETTE_ROOT
    suite_args: dict[str, str] = field(default_factory=dict)  # suite name -> what the user typed
    show_progress: bool = True


@dataclass
class CaseRun:
    log: CaseLog
    texts: tuple[str, ...]
    miss: str | None = None
    unused: int = 0


def _prompts(result: TaskResult) -> dict[str, int]:
    return {c.prompt_id: c.prompt_version for c in result.calls}


async def _model_result(case: Case, suite: Suite, llm: ModelGateway, options: RunOptions) -> CaseRun:
    articles = prepare(case)
    case_texts = texts(articles)
    spec = TASKS[case.task]
    miss: str | None = None
    unused = 0
    if options.mode == "live":
        result = await _guarded(spec.run(case, articles, llm))
    else:
        path = cassette_path(suite.name, case.slug, options.cassette_root)
        with CaseCassette(
            path, mode=options.mode, restricted=suite.restricted, record_mode=options.record_mode
        ) as tape:
            result = await _guarded(spec.run(case, articles, llm))
            if result.error is None:
                tape.stamp(result.calls, suite=suite.name, case_id=case.case_id)
        unused = tape.unused
        if options.mode == "replay" and result.error is not None and tape.misses():
            miss = miss_message(suite.name, options.suite_args.get(suite.name, suite.name), case.case_id, path)
            result = TaskResult(None, result.calls, f"{CassetteMiss.__name__}: {miss}")
    baseline_error: str | None = None
    try:
        baseline: dict[str, Any] | None = await spec.baseline(case, articles)
    except Exception as exc:  # a baseline bug is reported, the model's result is still logged
        baseline, baseline_error = None, f"{type(exc).__name__}: {exc}"
    methods: dict[str, dict[str, Any] | None] = {}
    method_errors: dict[str, str] = {}
    for name, method in spec.methods.items():
        try:
            methods[name] = await method(case, articles)
        except Exception as exc:  # one method's bug is reported on its own row
            methods[name], method_errors[name] = None, f"{type(exc).__name__}: {exc}"
    log = CaseLog(
        case_id=case.case_id,
        task=case.task,
        source=suite.source,
        record_id=case.ref.record_id,
        texts_sha256=texts_digest(case_texts),
        output=result.output,
        error=result.error,
        calls=result.calls,
        prompts=_prompts(result),
        baseline=baseline,
        baseline_error=baseline_error,
        methods=methods,
        method_errors=method_errors,
    )
    return CaseRun(log, case_texts, miss, unused)


async def _guarded(run: Awaitable[TaskResult]) -> TaskResult:
    """A failed case is logged with its error (scored as a failure), never aborts the run."""
    try:
        return await run
    except FactalignError as exc:
        return TaskResult(None, [], f"{type(exc).__name__}: {exc.message}")
    except Exception as exc:
        return TaskResult(None, [], f"{type(exc).__name__}: {exc}")


async def run_suite(
    suite: Suite, llm: ModelGateway, options: RunOptions, progress: Progress | None = None
) -> tuple[SuiteLog, list[str]]:
    """Every selected case of one suite; cassette modes play one case at a time (vcrpy patches globally)."""
    cases = select(suite.cases, options.limit)
    limit = 1 if options.mode != "live" else max(1, options.concurrency)
    gate = asyncio.Semaphore(limit)
    task_id = progress.add_task(suite.name, total=len(cases)) if progress else None

    async def one(case: Case) -> CaseRun:
        async with gate:
            run = await _model_result(case, suite, llm, options)
        if progress is not None and task_id is not None:
            progress.advance(task_id)
        return run

    runs = await asyncio.gather(*(one(c) for c in cases))
    suite_log = SuiteLog(
        name=suite.name,
        source=suite.source,
        sha256=suite.sha256,
        restricted=suite.restricted,
        cases=[r.log for r in runs],
        baselines={c.task: TASKS[c.task].baseline_name for c in cases},
        methods={c.task: list(TASKS[c.task].methods) for c in cases if TASKS[c.task].methods},
    )
    score_suite(suite_log, {c.case_id: c for c in cases}, {r.log.case_id: r.texts for r in runs})
    notes = [r.miss for r in runs if r.miss]
    unused = sum(r.unused for r in runs)
    if unused:
        notes.append(f"{suite.name}: {unused} recorded interaction(s) were not used (stale recordings?)")
    return suite_log, notes


async def run_suites(
    suites: Sequence[Suite], llm: ModelGateway, options: RunOptions, *, role: str | None = None
) -> RunLog:
    started = datetime.now(UTC).isoformat(timespec="seconds")
    logs: list[SuiteLog] = []
    notes: list[str] = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, disable=not options.show_progress, transient=True) as progress:
        for suite in suites:
            suite_log, suite_notes = await run_suite(suite, llm, options, progress)
            logs.append(suite_log)
            notes.extend(suite_notes)
    models = sorted({c.model for s in logs for case in s.cases for c in case.calls})
    return RunLog(
        started=started,
        finished=datetime.now(UTC).isoformat(timespec="seconds"),
        mode=options.mode,
        role=role,
        models=models,
        limit=options.limit,
        suites=logs,
        notes=notes,
    )
