"""Compare in the browser: the two seeds side by side, agreements linked across columns, conflicts on both sides."""

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.conftest import SEED_CLEAN, SEED_NOISY
from tests.web.conftest import LiveServer, screenshot
from tests.web.pagedriver import column, open_page, paste, paste_file, press, wait_for_result

VOA_TEXT = SEED_CLEAN.read_text(encoding="utf-8")
EDITED = VOA_TEXT.replace("Russia occupies about 18% of Ukraine.", "Russia occupies about 25% of Ukraine.")


def test_two_seeds_side_by_side_with_linked_agreements(page: Page, server: LiveServer, js_errors: list[str]) -> None:
    open_page(page, server.url)
    paste_file(page, 0, SEED_NOISY, source="Sky News")
    paste_file(page, 1, SEED_CLEAN, source="VOA")
    expect(page.get_by_role("button", name="Summarise", exact=True)).to_be_disabled()
    press(page, "Compare")
    wait_for_result(page, "article.compare")

    sky, voa = column(page, "sky-news"), column(page, "voa")
    expect(page.locator("section.column")).to_have_count(2)
    expect(sky.locator("header h3")).to_have_text("Sky News")
    expect(voa.locator("header h3")).to_have_text("VOA")

    # Every agreement is marked in both columns under one key; hovering one side lights up the other.
    agreed = sky.locator("mark.agree[data-keys]").first
    expect(agreed).to_be_visible()
    key = (agreed.get_attribute("data-keys") or "").split()[0]
    partner = voa.locator(f'mark[data-keys~="{key}"]')
    expect(partner.first).to_be_visible()
    expect(partner.first).not_to_contain_class("lit")
    agreed.hover()
    expect(partner.first).to_contain_class("lit")
    expect(page.locator("#inspector")).to_contain_text("Agreement")

    # The marked text is the article's own words: the span's text is inside the cleaned text it was cut from.
    assert agreed.inner_text() in SEED_NOISY.read_text(encoding="utf-8")

    # Keyboard: focusing a span does what hovering does.
    page.mouse.move(0, 0)
    voa.locator(f'mark[data-keys~="{key}"][tabindex="0"]').first.focus()
    expect(sky.locator(f'mark[data-keys~="{key}"]').first).to_contain_class("lit")

    # Unique claims are marked per article; the consensus sits on top and links into both columns.
    expect(sky.locator("mark.unique").first).to_be_visible()
    expect(voa.locator("mark.unique").first).to_be_visible()
    consensus = page.locator(".consensus-list button.link")
    expect(consensus.first).to_be_visible()
    consensus.first.click()
    expect(sky.locator("mark.active").first).to_be_in_viewport()
    expect(voa.locator("mark.active").first).to_be_visible()

    # Boilerplate the cleaner removed from the Sky scrape is there, folded.
    removed = sky.locator("details.removed")
    expect(removed).to_contain_text("boilerplate line")
    expect(removed).not_to_have_attribute("open", "")
    expect(voa.locator("details.removed")).to_have_count(0)

    meta = page.locator(".metas .meta")
    expect(meta).to_contain_text("fake/model")
    expect(meta).to_contain_text("cost")
    expect(meta).to_contain_text("unknown")
    screenshot(page, "compare-seeds")
    assert js_errors == []


def test_a_conflict_is_marked_on_both_sides_with_its_values(
    page: Page, server: LiveServer, js_errors: list[str]
) -> None:
    open_page(page, server.url)
    paste(page, 0, VOA_TEXT, source="VOA")
    paste(page, 1, EDITED, source="Copy")
    press(page, "Compare")
    wait_for_result(page, "article.compare")

    voa, copy = column(page, "voa"), column(page, "copy")
    left = voa.locator("mark.conflict")
    right = copy.locator("mark.conflict")
    expect(left).to_have_text("Russia occupies about 18% of Ukraine.")
    expect(right).to_have_text("Russia occupies about 25% of Ukraine.")
    expect(voa.locator(".cleaned-text .badge.conflict")).to_have_text("numeric conflict: ~18 % here, ~25 % in Copy")
    expect(copy.locator(".cleaned-text .badge.conflict")).to_have_text("numeric conflict: ~25 % here, ~18 % in VOA")

    disputed = page.locator(".disputed-list button.link")
    expect(disputed).to_have_count(1)
    expect(disputed).to_contain_text("numeric")
    page.mouse.move(0, 0)
    disputed.focus()
    page.keyboard.press("Enter")  # keyboard only: the mouse stays out of the way
    expect(left).to_contain_class("active")
    expect(right).to_contain_class("active")
    expect(page.locator("#inspector")).to_contain_text("Conflict: numeric")
    expect(voa.locator(".counts")).to_contain_text("1 in conflict")
    # The JSON behind the view can be downloaded: it is the API's answer, with the same conflict.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download JSON").click()
    saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    conflicts = saved["report"]["alignment"]["conflicts"]
    assert [(c["conflict_type"], c["left_value"], c["right_value"]) for c in conflicts] == [
        ("numeric", "~18 %", "~25 %")
    ]
    screenshot(page, "compare-conflict")
    assert js_errors == []
