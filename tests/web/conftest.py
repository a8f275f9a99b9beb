"""Browser test fixtures: a uvicorn server on 127.0.0.1 backed by a fake model, driven by headless Chromium."""

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect, sync_playwright

from service.api import create_app
from service.errors import ModelUnavailable
from service.prompts import RenderedPrompt
from service.settings import Settings
from tests.conftest import ROOT
from tests.fakes import FakeGateway
from tests.web.scripted import ArticleCopier

CHROMIUM = Path(os.environ.get("FACTALIGN_CHROMIUM", "/usr/bin/chromium"))
# Playwright's own browser download does not work here: drive the distribution's Chromium, isolated and quiet.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "artifacts" / "web"  # gitignored: screenshots of each run
TIMEOUT_MS = 60_000  # generous: the CI machine runs the whole suite on 2 busy cores


def model_down(prompt: RenderedPrompt, schema: Any) -> Any:
    raise ModelUnavailable("the model server at 127.0.0.1:8081 is not answering (connection refused)")


class LiveServer:
    """uvicorn serving the real app on a free loopback port, in a thread of the test process."""

    def __init__(self, gateway: Any, settings: Settings | None = None) -> None:
        self.gateway = gateway
        app = create_app(settings or Settings(), gateway=gateway)
        self.server = uvicorn.Server(
            uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=5)
        )
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def start(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.sock.close()


@pytest.fixture
def serve(browser: BrowserContext) -> Iterator[Callable[..., LiveServer]]:
    """Start a server around the given gateway (and settings); every server started is stopped after the test.

    It needs ``browser`` so the browser closes first: uvicorn then has no keep-alive connection to wait for."""
    started: list[LiveServer] = []

    def start(gateway: Any, settings: Settings | None = None) -> LiveServer:
        server = LiveServer(gateway, settings).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def server(serve: Callable[..., LiveServer]) -> LiveServer:
    """The app backed by a model that answers by copying the article's own sentences (deterministic)."""
    return serve(FakeGateway(responder=ArticleCopier()))


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, launched once per session with a fresh temporary profile."""
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM}: ./scripts/setup installs Debian's chromium (or set FACTALIGN_CHROMIUM)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser(chromium: Browser) -> Iterator[BrowserContext]:
    """A fresh browser context per test: no cookies, storage or cache carry over between tests."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, reduced_motion="reduce")
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def js_errors() -> list[str]:
    """JavaScript errors and console errors (a CSP violation is one) of the test's tab; tests assert it stays empty."""
    return []


@pytest.fixture
def page(browser: BrowserContext, js_errors: list[str]) -> Page:
    tab = browser.new_page()

    def on_console(msg: ConsoleMessage) -> None:
        if console_error(msg.type, msg.text):
            js_errors.append(f"console: {msg.text}")

    tab.on("pageerror", lambda exc: js_errors.append(f"page error: {exc}"))
    tab.on("console", on_console)
    return tab


def console_error(kind: str, text: str) -> bool:
    """Console errors other than Chromium's own note on a 4xx/5xx answer (the error tests ask for those)."""
    return kind == "error" and not text.startswith("Failed to load resource: the server responded with a status")


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under artifacts/web/ (a test artefact, not committed)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
