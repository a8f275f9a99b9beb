"""``factalign batch`` locally: JSONL out, N at a time, resumable, bad input refused with the line named."""

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner, Result

import service.runtime
from service.cli import app
from service.prompts import RenderedPrompt
from service.settings import Settings
from tests.batch.articles import article, write_articles
from tests.fake_openai import quoting_summary
from tests.fakes import FakeGateway


def responder(prompt: RenderedPrompt, schema: type[BaseModel]) -> str:
    return quoting_summary({"messages": list(prompt.messages)})


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeGateway:
    gateway = FakeGateway(responder=responder)

    @asynccontextmanager
    async def open_fake(settings: Settings | None = None, **_: Any) -> AsyncIterator[FakeGateway]:
        yield gateway

    monkeypatch.setattr(service.runtime, "open_gateway", open_fake)
    return gateway


def batch(*args: str) -> Result:
    return CliRunner().invoke(app, ["batch", *args])


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_directory_batch_writes_one_line_per_article(tmp_path: Path, fake: FakeGateway) -> None:
    names = write_articles(tmp_path / "in", 6)
    out = tmp_path / "out.jsonl"
    result = batch(str(tmp_path / "in"), "--out", str(out), "-n", "3")
    assert result.exit_code == 0, result.output
    records = lines(out)
    assert sorted(r["id"] for r in records) == names
    assert all(r["ok"] and r["kind"] == "summary" for r in records)
    for record in records:
        assert record["response"]["article"]["cleaned_text"] == article(names.index(record["id"]))
        evidence = record["response"]["summary"]["key_points"][0]["evidence"]
        assert article(names.index(record["id"]))[evidence["start"] : evidence["end"]] == evidence["quote"]
    assert "6 done, 0 failed" in result.stdout


def test_second_run_resumes_skipping_finished_items(tmp_path: Path, fake: FakeGateway) -> None:
    write_articles(tmp_path / "in", 5)
    out = tmp_path / "out.jsonl"
    assert batch(str(tmp_path / "in"), "--out", str(out)).exit_code == 0
    kept = out.read_text(encoding="utf-8").splitlines()
    out.write_text("\n".join(kept[:3]) + "\n" + kept[3][:25], encoding="utf-8")  # died while writing line 4
    calls = fake.calls
    result = batch(str(tmp_path / "in"), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "already in" in result.stdout and "3 already" in result.stdout
    assert fake.calls - calls <= 2  # only the two unfinished articles (fewer if the response cache had them)
    ids = [r["id"] for r in lines_tolerant(out)]
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 5


def lines_tolerant(path: Path) -> list[dict[str, Any]]:
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records


def test_jsonl_input_keeps_ids_and_reports_failures(tmp_path: Path, fake: FakeGateway) -> None:
    source = tmp_path / "in.jsonl"
    rows = [{"id": "a", "text": article(1), "title": "Ferry"}, {"id": "b", "text": article(2)},
            {"id": "empty", "text": "   \n  "}]  # fmt: skip
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = batch(str(source), "--out", str(out), "--kind", "summary")
    assert result.exit_code == 1  # one item failed: said, and written as an error line
    by_id = {r["id"]: r for r in lines(out)}
    assert by_id["a"]["ok"] and by_id["b"]["ok"]
    assert by_id["empty"]["ok"] is False and by_id["empty"]["error"]["status"] == 422


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a", "text": "x"}\n{"text": 5}\n', ":2:"),
        ('{"id": "a", "text": "x y z"}\n{"id": "a", "text": "q"}\n', "twice"),
    ],
)
def test_bad_jsonl_is_refused_naming_the_line(tmp_path: Path, fake: FakeGateway, content: str, message: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", str(source), "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2
    assert message in result.output
    assert fake.calls == 0
