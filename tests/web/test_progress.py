"""Progress in the browser: streamed stages and model calls while the model works, and Cancel."""

import asyncio
import re
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
from playwright.sync_api import Page, expect
from pydantic import BaseModel

from service.llm.protocol import Generation
from service.prompts import RenderedPrompt
from tests.conftest import SEED_CLEAN, SEED_NOISY
from tests.fakes import FakeGateway
from tests.web.conftest import LiveServer
from tests.web.pagedriver import error_box, open_page, paste, paste_file, press, wait_for_result
from tests.web.scripted import ArticleCopier

T = TypeVar("T", bound=BaseModel)
ELAPSED = re.compile(r"^\d+(\.\d)? s$")  # the spinner's clock: "0.4 s", "12 s"


class GatedGateway(FakeGateway):
    """A fake model that holds every call until the test opens the gate, so the page is caught mid-request."""

    def __init__(self, gate: threading.Event) -> None:
        super().__init__(responder=ArticleCopier())
        self.gate = gate

    async def generate(self, prompt: RenderedPrompt, schema: type[T], *, role: str | None = None) -> Generation[T]:
        await asyncio.to_thread(self.gate.wait, 60)
        return await super().generate(prompt, schema, role=role)


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()  # release any call still held, so the server can stop


def test_progress_shows_the_streamed_stages_then_the_result(
    page: Page, serve: Callable[..., LiveServer], gate: threading.Event, js_errors: list[str]
) -> None:
    gateway = GatedGateway(gate)
    server = serve(gateway)
    open_page(page, server.url)
    paste_file(page, 0, SEED_CLEAN, source="VOA")
    press(page, "Summarise")

    status = page.locator("#status")
    expect(status).to_be_visible()
    expect(status.locator('[data-request="summary"]')).to_have_text("summary: finding key points · 0 model calls")
    expect(status.locator('[data-request="claims"]')).to_have_text("claims: extracting claims · 0 model calls")
    expect(status.locator(".elapsed")).to_have_text(ELAPSED)
    expect(page.get_by_role("button", name="Summarise", exact=True)).to_be_disabled()

    gate.set()
    wait_for_result(page, "article.single")
    expect(status).to_be_hidden()
    assert js_errors == []


def test_compare_progress_counts_articles_and_cancel_stops_waiting(
    page: Page, serve: Callable[..., LiveServer], gate: threading.Event, js_errors: list[str]
) -> None:
    server = serve(GatedGateway(gate))
    open_page(page, server.url)
    paste_file(page, 0, SEED_NOISY, source="Sky News")
    paste(page, 1, SEED_CLEAN.read_text(encoding="utf-8"), source="VOA")
    press(page, "Compare")

    status = page.locator("#status")
    expect(status.locator("progress")).to_have_js_property("value", 2)  # both articles read
    expect(status.locator("progress")).to_have_js_property("max", 2)
    expect(status.locator('[data-request="report"]')).to_contain_text("aligning claims across articles")

    page.get_by_role("button", name="Cancel").click()
    expect(error_box(page).locator(".message")).to_have_text("request cancelled; nothing was shown")
    expect(status).to_be_hidden()
    expect(page.locator("#result")).to_be_empty()
    expect(page.get_by_role("button", name="Compare", exact=True)).to_be_enabled()
    assert js_errors == []
