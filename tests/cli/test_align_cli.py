"""``factalign align`` through CliRunner with a fake gateway: the request layer's count limit, ids, JSON and HTML."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import service.runtime
from schemas.alignment import AlignmentResponse
from service.cli import app
from service.settings import Settings
from tests.fakes import FakeGateway
from tests.unit.alignment.claim_factory import story_model
from tests.unit.alignment.conftest import SEED_B

WIDE = {"COLUMNS": "400", "TERMINAL_WIDTH": "400"}
TEXT = SEED_B.read_text(encoding="utf-8")
EDITED = TEXT.replace("Russia occupies about 18% of Ukraine.", "Russia occupies about 25% of Ukraine.")


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeGateway:
    gateway = FakeGateway(responder=story_model("same"))

    @asynccontextmanager
    async def open_fake(settings: Settings | None = None, **_: Any) -> AsyncIterator[FakeGateway]:
        yield gateway

    monkeypatch.setattr(service.runtime, "open_gateway", open_fake)
    return gateway


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_align_json_finds_the_edited_number_under_safe_file_ids(tmp_path: Path, fake: FakeGateway) -> None:
    paths = [write(tmp_path, "voa report.txt", TEXT), write(tmp_path, "edited/voa report.txt", EDITED)]
    result = CliRunner().invoke(app, ["align", *paths, "--json"], env=WIDE)
    assert result.exit_code == 0, result.output
    resp = AlignmentResponse.model_validate_json(result.stdout)
    assert [a.id for a in resp.articles] == ["voa_report", "voa_report-2"]
    assert [(c.conflict_type, c.left_value, c.right_value) for c in resp.alignment.conflicts] == [
        ("numeric", "~18 %", "~25 %")
    ]
    assert resp.meta.calls == fake.calls > 0


def test_align_writes_an_html_page_that_names_both_articles(tmp_path: Path, fake: FakeGateway) -> None:
    page = tmp_path / "out.html"
    paths = [write(tmp_path, "voa.txt", TEXT), write(tmp_path, "copy.txt", EDITED)]
    result = CliRunner().invoke(app, ["align", *paths, "--html", str(page)], env=WIDE)
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "voa" in html and "copy" in html and "25%" in html


def test_one_article_is_an_input_error(tmp_path: Path, fake: FakeGateway) -> None:
    result = CliRunner().invoke(app, ["align", write(tmp_path, "a.txt", TEXT)], env=WIDE)
    assert result.exit_code == 2
    assert "at least 2" in result.output
    assert fake.calls == 0


def test_more_articles_than_the_limit_is_an_input_error(tmp_path: Path, fake: FakeGateway) -> None:
    paths = [write(tmp_path, f"{n}.txt", TEXT) for n in range(3)]
    result = CliRunner().invoke(app, ["align", *paths], env={**WIDE, "FACTALIGN_LIMITS__MAX_ARTICLES": "2"})
    assert result.exit_code == 2
    assert "limits.max_articles" in result.output
    assert fake.calls == 0
