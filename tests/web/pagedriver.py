"""Drive the page like a user: fill article slots, press Summarise or Compare, wait for the outcome."""

from pathlib import Path

from playwright.sync_api import Locator, Page, expect


def open_page(page: Page, url: str) -> None:
    page.goto(url + "/")
    ready = page.locator("html[data-ready=true]")
    try:
        expect(ready).to_have_count(1)
    except AssertionError as exc:
        raise AssertionError("the page did not start: see the test's js_errors") from exc


def slot(page: Page, index: int) -> Locator:
    """Article slot ``index`` (0-based), adding slots as needed."""
    slots = page.locator("fieldset.slot")
    while slots.count() <= index:
        page.get_by_role("button", name="Add article").click()
    return slots.nth(index)


def paste(page: Page, index: int, text: str, *, source: str | None = None, fmt: str | None = None) -> Locator:
    target = slot(page, index)
    target.locator("textarea").fill(text)
    if source is not None:
        target.get_by_label("Source").fill(source)
    if fmt is not None:
        target.get_by_label("Format").select_option(fmt)
    return target


def paste_file(page: Page, index: int, path: Path, source: str) -> Locator:
    return paste(page, index, path.read_text(encoding="utf-8"), source=source)


def press(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def wait_for_result(page: Page, selector: str) -> Locator:
    """Wait until the request finished (spinner gone) and ``selector`` is in the results."""
    result = page.locator("#result").locator(selector)
    expect(result).to_have_count(1)
    expect(page.locator("#status")).to_be_hidden()
    return result


def error_box(page: Page) -> Locator:
    box = page.locator("#error")
    expect(box).to_be_visible()
    return box


def column(page: Page, article_id: str) -> Locator:
    return page.locator(f'section.column[data-article="{article_id}"]')
