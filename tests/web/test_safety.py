"""The page under hostile or failing input: article markup stays inert, API errors are shown as written."""

import hashlib
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect
from pydantic import BaseModel

from service.errors import ModelTimeout
from service.prompts import RenderedPrompt
from service.settings import AccessConfig, ApiKey, LimitsConfig, Settings
from tests.conftest import SEED_CLEAN
from tests.fakes import FakeGateway
from tests.web.conftest import LiveServer, model_down, screenshot
from tests.web.pagedriver import error_box, open_page, paste, press, wait_for_result
from tests.web.scripted import ArticleCopier

HOSTILE = (
    "Officials said the bridge over the river closed on Monday after inspectors found cracks. "
    '<script>window.__xss = "script"</script>\n'
    "<img src=x onerror=\"window.__xss = 'img'\"> The mayor said repairs would take three weeks and cost 2 million "
    "dollars.\n"
    "Residents <b onmouseover=\"window.__xss = 'hover'\">were told</b> to use the ferry until the work ends next month."
)
TIMEOUT_MESSAGE = "fake/model gave no valid answer within the 5s deadline (1 attempt(s))"
VOA_TEXT = SEED_CLEAN.read_text(encoding="utf-8")


def assert_inert(page: Page, js_errors: list[str]) -> None:
    result = page.locator("#result")
    for mark in result.locator("mark").all()[:20]:
        mark.dispatch_event("mouseover")  # would fire an injected onmouseover
    assert page.evaluate("window.__xss") is None
    expect(result.locator("script, img, b, iframe")).to_have_count(0)
    assert js_errors == []  # a blocked inline script would log a CSP error


def test_article_markup_renders_as_text_in_a_summary(page: Page, server: LiveServer, js_errors: list[str]) -> None:
    open_page(page, server.url)
    paste(page, 0, HOSTILE, source="<i>Gazette</i>", fmt="text")
    press(page, "Summarise")
    single = wait_for_result(page, "article.single")
    expect(single.locator(".cleaned-text")).to_contain_text('<script>window.__xss = "script"</script>')
    expect(single.locator("ol.claims")).to_contain_text("<img src=x onerror=")  # echoed by the model: still text
    expect(single.locator("h2.headline")).to_contain_text("Officials said the bridge")
    assert_inert(page, js_errors)


def test_article_markup_renders_as_text_in_a_comparison(page: Page, server: LiveServer, js_errors: list[str]) -> None:
    open_page(page, server.url)
    paste(page, 0, HOSTILE, source="<i>Gazette</i>", fmt="text").get_by_label("URL").fill(
        "javascript:window.__xss='url'"
    )
    herald = paste(page, 1, HOSTILE.replace("three weeks", "five weeks"), source="Herald", fmt="text")
    herald.get_by_label("URL").fill("https://herald.example/bridge")
    press(page, "Compare")
    compare = wait_for_result(page, "article.compare")
    expect(compare.locator("section.column header h3").first).to_have_text("<i>Gazette</i>")
    # Metadata URLs become links only when they are web addresses; a javascript: URL stays text.
    gazette, herald_column = compare.locator("section.column").nth(0), compare.locator("section.column").nth(1)
    expect(gazette.locator(".byline")).to_have_text("javascript:window.__xss='url'")
    expect(gazette.locator(".byline a")).to_have_count(0)
    expect(herald_column.locator(".byline a")).to_have_attribute("href", "https://herald.example/bridge")
    expect(compare.locator(".cleaned-text").first).to_contain_text("<b onmouseover=")
    assert_inert(page, js_errors)


@pytest.mark.parametrize("button", ["Summarise", "Compare"])
def test_model_down_shows_the_api_message_not_a_blank_page(
    page: Page, serve: Callable[..., LiveServer], button: str
) -> None:
    server = serve(FakeGateway(responder=model_down))
    open_page(page, server.url)
    paste(page, 0, VOA_TEXT, source="VOA")
    if button == "Compare":
        paste(page, 1, VOA_TEXT, source="Copy")
    press(page, button)
    box = error_box(page)
    expect(box.locator("h2")).to_have_text("Error 503: ModelUnavailable")
    expect(box.locator(".message")).to_have_text(
        "the model server at 127.0.0.1:8081 is not answering (connection refused)"
    )
    expect(box).to_contain_text("this is often temporary: try again shortly")  # streamed errors carry no Retry-After
    expect(box.get_by_role("link", name="the API docs")).to_have_attribute("href", "/docs")
    expect(page.locator("#status")).to_be_hidden()
    expect(page.get_by_role("button", name=button, exact=True)).to_be_enabled()  # the user can try again
    screenshot(page, f"model-down-{button.lower()}")


def test_a_failed_claims_request_keeps_the_summary_and_says_what_failed(
    page: Page, serve: Callable[..., LiveServer], js_errors: list[str]
) -> None:
    copier = ArticleCopier()

    def claims_time_out(prompt: RenderedPrompt, schema: type[BaseModel]) -> Any:
        if prompt.id == "claims":
            raise ModelTimeout(TIMEOUT_MESSAGE)
        return copier(prompt, schema)

    server = serve(FakeGateway(responder=claims_time_out))
    open_page(page, server.url)
    paste(page, 0, VOA_TEXT, source="VOA")
    press(page, "Summarise")
    single = wait_for_result(page, "article.single")
    expect(single.locator("ol.points button.link")).to_have_count(3)
    expect(single.locator("ol.claims")).to_have_count(0)
    box = error_box(page)
    expect(box.locator("h2")).to_have_text("Error 504: ModelTimeout")
    expect(box.locator(".context")).to_have_text("The summary below is complete; the claims request failed:")
    expect(box.locator(".message")).to_have_text(
        "fake/model gave no valid answer within the 5s deadline (1 attempt(s))"
    )
    assert js_errors == []


def test_a_server_with_api_keys_asks_for_one_and_accepts_it(
    page: Page, serve: Callable[..., LiveServer], js_errors: list[str]
) -> None:
    key = ApiKey(name="newsroom", sha256=hashlib.sha256(b"s3cret-key").hexdigest())
    server = serve(FakeGateway(responder=ArticleCopier()), Settings(access=AccessConfig(keys=[key])))
    open_page(page, server.url)  # the page itself is public; only /v1 needs the key
    paste(page, 0, VOA_TEXT, source="VOA")
    press(page, "Summarise")
    box = error_box(page)
    expect(box.locator("h2")).to_have_text(re.compile(r"^Error 401: "))
    expect(box.locator(".message")).to_have_text(
        "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"
    )
    expect(box).to_contain_text("Enter the key in the API key field")

    page.get_by_label("API key").fill("s3cret-key")
    press(page, "Summarise")
    wait_for_result(page, "article.single")
    expect(page.locator("#error")).to_be_hidden()
    assert js_errors == []


def test_server_limits_come_back_as_the_servers_own_message(page: Page, serve: Callable[..., LiveServer]) -> None:
    server = serve(FakeGateway(responder=ArticleCopier()), Settings(limits=LimitsConfig(max_articles=2)))
    open_page(page, server.url)
    for index, source in enumerate(["VOA", "Copy", "Third"]):
        paste(page, index, VOA_TEXT, source=source)
    press(page, "Compare")
    expect(error_box(page).locator(".message")).to_have_text(
        "3 articles sent; at most 2 per request (limits.max_articles)"
    )
    expect(page.locator("#result")).to_be_empty()


def api_error(server: LiveServer, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(server.url + path, json=body, timeout=60)
    assert response.status_code >= 400, response.text
    error: dict[str, Any] = response.json()["error"]
    return error


def test_a_url_the_server_refuses_shows_the_servers_message(
    page: Page, server: LiveServer, js_errors: list[str]
) -> None:
    url = "http://127.0.0.1:9/closed-port-story"  # nothing listens on the discard port
    expected = api_error(server, "/v1/summaries", {"url": url})
    open_page(page, server.url)
    page.locator("fieldset.slot").first.get_by_label("URL").fill(url)
    press(page, "Summarise")
    box = error_box(page)
    expect(box.locator(".message")).to_have_text(expected["message"])
    expect(box.locator("h2")).to_contain_text(expected["type"])
