"""Runner end to end with fakes: logs, re-scoring without a model, record/replay, misses, compare, gate, reports."""

import asyncio
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from evals.compare import deltas, flips
from evals.datasets import load_suite
from evals.log import RunLog, read_log, rescore, write_log
from evals.report import html_report, markdown_report
from evals.runner import RunOptions, run_suites
from evals.thresholds import check, parse_fail_under
from service.prompts import RenderedPrompt
from tests.fakes import FakeGateway
from tests.unit.evals.http_gateway import HttpGateway, answering, refusing

DOC = "The council met on Monday. It approved a budget of 40 million euros. <script>alert(1)</script>"
RECORDS = [
    {"id": "c1", "task": "summary_consistency", "articles": [{"doc_id": "d1", "text": DOC}],
     "candidate": {"text": "The council approved a budget of 40 million euros."}, "gold": {"label": "consistent"}},
    {"id": "c2", "task": "summary_consistency", "articles": [{"doc_id": "d1", "text": DOC}],
     "candidate": {"text": "The council rejected a 90 million euro budget."}, "gold": {"label": "inconsistent"}},
    {"id": "w1", "task": "claim_grounding",
     "articles": [{"doc_id": "d2", "text": "A met.\nB left.", "sentence_char_offsets": [[0, 6], [7, 14]]}],
     "candidate": {"text": "A met."}, "gold": {"label": "supported", "evidence_sets": [[0]]}},
]  # fmt: skip


def _suite_file(tmp_path: Path, records: list[dict[str, Any]] = RECORDS) -> Path:
    folder = tmp_path / "toy"
    folder.mkdir(exist_ok=True)
    path = folder / "dev.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    return path


def _answer(prompt: RenderedPrompt | dict[str, Any], schema: type[BaseModel] | None = None) -> dict[str, Any]:
    text = json.dumps(prompt.messages if isinstance(prompt, RenderedPrompt) else prompt["messages"])
    if "SUPPORT" in text or "CLAIM" in text:
        return {"label": "supported", "sentence_ids": [1]}
    return {"label": "consistent", "sentence_ids": [2]}  # always "consistent": right on c1, wrong on c2


def _run(path: Path, llm: Any, options: RunOptions) -> RunLog:
    return asyncio.run(run_suites([load_suite(str(path))], llm, options))


def test_live_run_logs_references_and_rescore_is_identical(tmp_path: Path) -> None:
    log = _run(_suite_file(tmp_path), FakeGateway(responder=_answer), RunOptions(mode="live", show_progress=False))
    suite = log.suites[0]
    consistency = suite.metrics["consistency"]
    assert consistency["model"]["consistency_balanced_accuracy"].value == 0.5
    assert consistency["lexical_overlap"]["consistency_balanced_accuracy"].value == 1.0
    assert "schema_validity" not in consistency["lexical_overlap"]  # call metrics are model-only
    assert suite.metrics["support"]["model"]["evidence_f1"].value == 1.0
    raw = write_log(log, tmp_path / "out" / "log.json").read_text(encoding="utf-8")
    assert "council met" not in raw  # the log references inputs, never copies them
    fresh, warnings = rescore(read_log(tmp_path / "out" / "log.json"))
    assert warnings == []
    assert [s.metrics for s in fresh.suites] == [s.metrics for s in log.suites]


def test_record_then_replay_gives_identical_scores_without_network(tmp_path: Path) -> None:
    path = _suite_file(tmp_path)
    root = tmp_path / "cassettes"
    recorded = _run(path, HttpGateway(answering(_answer), "http://127.0.0.1:5001/v1"),
                    RunOptions(mode="record", cassette_root=root, show_progress=False))  # fmt: skip
    files = sorted(p.name for p in (root / "toy-dev").iterdir())
    assert files == ["c1-summary_conflict.yaml", "c1.yaml", "c2-summary_conflict.yaml", "c2.yaml", "w1.yaml"]
    assert "council" not in (root / "toy-dev" / "c1.yaml").read_text(encoding="utf-8")  # restricted: digests only
    replayed = _run(path, HttpGateway(refusing(), "http://127.0.0.1:6002/v1"),
                    RunOptions(mode="replay", cassette_root=root, show_progress=False))  # fmt: skip
    assert replayed.notes == []
    for a, b in zip(recorded.suites, replayed.suites, strict=True):
        assert (
            a.metrics["consistency"]["model"]["consistency_balanced_accuracy"]
            == b.metrics["consistency"]["model"]["consistency_balanced_accuracy"]
        )
        assert [c.output for c in a.cases] == [c.output for c in b.cases]


def test_replay_miss_names_the_case_and_the_command(tmp_path: Path) -> None:
    root = tmp_path / "cassettes"
    path = _suite_file(tmp_path, RECORDS[:1])
    _run(path, HttpGateway(answering(_answer), "http://h/v1"), RunOptions(mode="record", cassette_root=root,
                                                                         show_progress=False))  # fmt: skip
    changed = [{**RECORDS[0], "candidate": {"text": "Edited summary."}}, RECORDS[2]]
    log = _run(_suite_file(tmp_path, changed), HttpGateway(refusing(), "http://h/v1"),
               RunOptions(mode="replay", cassette_root=root, show_progress=False,
                          suite_args={"toy-dev": "toy/dev.jsonl"}))  # fmt: skip
    assert any("toy-dev/c1: a request differs" in n and "--record" in n for n in log.notes)
    assert any("toy-dev/w1: never recorded" in n for n in log.notes)
    assert log.suites[0].cases[0].error is not None


def test_compare_gate_and_reports(tmp_path: Path) -> None:
    path = _suite_file(tmp_path)
    before = _run(path, FakeGateway(responder=_answer), RunOptions(mode="live", show_progress=False))

    def better(prompt: RenderedPrompt, schema: type[BaseModel]) -> dict[str, Any]:
        text = json.dumps(prompt.messages)
        return {"label": "inconsistent"} if "rejected" in text else _answer(prompt)

    after = _run(path, FakeGateway(responder=better), RunOptions(mode="live", show_progress=False))
    delta = next(
        d for d in deltas(before, after) if d.metric == "consistency_balanced_accuracy" and d.system == "model"
    )
    assert delta.change == 0.5 and delta.better
    assert [(f.case_id, f.before, f.after) for f in flips(before, after)] == [("c2", 0.0, 1.0)]
    assert check(after, parse_fail_under(["consistency_balanced_accuracy=0.9"])) == []
    assert check(before, parse_fail_under(["consistency.consistency_balanced_accuracy=0.9"]))
    suite = load_suite(str(path))
    page = html_report(before, [], {suite.name: {c.case_id: c for c in suite.cases}})
    assert "<svg" in page and "<script>" not in page
    assert "consistency_balanced_accuracy" in markdown_report(before, [])
