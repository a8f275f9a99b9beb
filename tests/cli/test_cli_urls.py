"""``factalign summarise URL`` and ``factalign align URL URL`` against a page server on 127.0.0.1."""

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from typer.testing import CliRunner

import service.runtime
from service.cli import app
from service.settings import Settings
from tests.cli.test_cli import DRAFT, WIDE
from tests.conftest import SEED_CLEAN
from tests.fakes import FakeGateway
from tests.page_server import PageServer, Route, serve_pages
from tests.unit.alignment.claim_factory import story_model
from tests.unit.alignment.conftest import SEED_B


@pytest.fixture
def pages(monkeypatch: pytest.MonkeyPatch) -> Iterator[PageServer]:
    monkeypatch.setenv("FACTALIGN_FETCH__ALLOWED_NETWORKS", '["127.0.0.0/8"]')
    with serve_pages() as server:
        yield server


def use_fake(monkeypatch: pytest.MonkeyPatch, module: Any, gateway: FakeGateway) -> None:
    @asynccontextmanager
    async def open_fake(settings: Settings | None = None, **_: Any) -> AsyncIterator[FakeGateway]:
        yield gateway

    monkeypatch.setattr(module, "open_gateway", open_fake)


def serve_text(pages: PageServer, path: str, text: str) -> str:
    pages.routes[path] = Route(body=text.encode(), headers={"Content-Type": "text/plain; charset=utf-8"})
    return pages.url(path)


def test_summarise_a_url(pages: PageServer, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeGateway({"summarise": [DRAFT]})
    use_fake(monkeypatch, service.runtime, fake)
    url = serve_text(pages, "/a/story.txt", SEED_CLEAN.read_text(encoding="utf-8"))
    result = CliRunner().invoke(app, ["summarise", url, "--json"], env=WIDE)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["article"]["url"] == url
    assert data["summary"]["headline"] == DRAFT["headline"]
    assert fake.calls == 1


def test_refused_url_exits_2_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeGateway({})
    use_fake(monkeypatch, service.runtime, fake)
    result = CliRunner().invoke(app, ["claims", "http://169.254.169.254/latest/"], env=WIDE)
    assert result.exit_code == 2
    assert "link-local address" in result.stderr
    assert fake.calls == 0


def test_align_two_urls(pages: PageServer, monkeypatch: pytest.MonkeyPatch) -> None:
    text_b = SEED_B.read_text(encoding="utf-8")
    edited = text_b.replace("Russia occupies about 18% of Ukraine.", "Russia occupies about 25% of Ukraine.")
    fake = FakeGateway(responder=story_model("same"))
    use_fake(monkeypatch, service.runtime, fake)
    urls = [serve_text(pages, "/voa.txt", text_b), serve_text(pages, "/copy.txt", edited)]
    result = CliRunner().invoke(app, ["align", *urls, "--json"], env=WIDE)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [a["id"] for a in data["articles"]] == ["voa", "copy"]
    assert [(c["left_value"], c["right_value"]) for c in data["alignment"]["conflicts"]] == [("~18 %", "~25 %")]
