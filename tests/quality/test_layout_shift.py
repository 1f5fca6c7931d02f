"""Switching the level of detail does not make the text the reader is looking at jump.

The reader is scrolled to a Standard block that has Advanced content above it (off screen) and
none in the rest of the window. Clicking the toggle then shows or hides content *above* the
viewport only: none of the blocks on screen may move (`sitecheck.layout_shift_around` says why
the browser's own `layout-shift` entries are reported but are not the verdict). The table of
contents, which lists Advanced sections only in Advanced mode, is hidden for the measurement.
The toggle's contract: radios `[data-detail-choice]` in `.vinr-detail-toggle`, mode in
`<html data-detail>`.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import CUSTOMERS
from .sitecheck import layout_shift_around

pytestmark = pytest.mark.browser

# Desktop layout, short window: a Standard section of the page fills it (see MARK_READING_BLOCK).
VIEWPORT = {"width": 1280, "height": 600}
# Marks the first block of the article (a direct child of .md-content__inner) that is Standard,
# starts below an Advanced block, and is followed by a full window of Standard content in both
# modes. Scrolled to the top of the window, only content above it can then change.
MARK_READING_BLOCK = """(viewport) => {
  const header = document.querySelector(".md-header").getBoundingClientRect().height;
  const blocks = [...document.querySelector(".md-content__inner").children];
  const advanced = (el) => el.matches(".vinr-advanced");
  const top = (el) => el.getBoundingClientRect().top + window.scrollY;
  for (let i = 1; i < blocks.length; i++) {
    const block = blocks[i];
    if (advanced(block) || !blocks.slice(0, i).some(advanced)) continue;
    const nextAdvanced = blocks.slice(i).find(advanced);
    const room = nextAdvanced ? top(nextAdvanced) - top(block) : Infinity;
    if (room > viewport - header) {
      block.setAttribute("data-reading", "");
      return true;
    }
  }
  return false;
}"""
SCROLL_TO_TOP = """(el) => {
  const header = document.querySelector(".md-header").getBoundingClientRect().height;
  window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - header);
}"""


def open_at_reading_block(browser: Browser, site_url: str, mode: str) -> Page:
    page = browser.new_context(viewport=VIEWPORT).new_page()
    # Advanced is the mode where the blocks are longest: the room test then holds in both modes.
    page.goto(f"{site_url}{CUSTOMERS}?detail=advanced", wait_until="networkidle")
    assert page.evaluate(MARK_READING_BLOCK, VIEWPORT["height"]), "no suitable Standard block"
    page.locator(f'.vinr-detail-toggle [data-detail-choice="{mode}"]').click()
    expect(page.locator("html")).to_have_attribute("data-detail", mode)
    page.locator("[data-reading]").evaluate(SCROLL_TO_TOP)
    # The table of contents gains or loses Advanced entries by design; it is not what is read.
    page.add_style_tag(content=".md-nav--secondary { visibility: hidden; }")
    return page


SWITCHES = [("standard", "advanced"), ("advanced", "standard")]


@pytest.mark.parametrize(("start", "switch_to"), SWITCHES)
def test_toggle_does_not_shift_what_the_reader_sees(
    browser: Browser, site_url: str, start: str, switch_to: str
) -> None:
    page = open_at_reading_block(browser, site_url, start)
    reading = page.locator("[data-reading]")
    before = reading.bounding_box()
    button = page.locator(f'.vinr-detail-toggle [data-detail-choice="{switch_to}"]')

    shift = layout_shift_around(page, button.click)

    expect(page.locator("html")).to_have_attribute("data-detail", switch_to)
    after = reading.bounding_box()
    page.context.close()
    assert shift.visible_before > 3, shift
    assert not shift.moved, f"switching to {switch_to} moved what the reader sees: {shift}"
    assert before and after and abs(after["y"] - before["y"]) < 1, (before, after)


def test_shift_measurement_sees_a_jump(browser: Browser, site_url: str) -> None:
    """The same measurement reports the jump when the mode changes without the toggle's care."""
    page = open_at_reading_block(browser, site_url, "standard")
    # No scroll anchoring either: the browser would otherwise hide the jump by itself.
    page.add_style_tag(content="html, body { overflow-anchor: none; }")

    def switch_behind_the_toggles_back() -> None:
        page.evaluate("() => { document.documentElement.dataset.detail = 'advanced'; }")

    shift = layout_shift_around(page, switch_behind_the_toggles_back)

    page.context.close()
    assert shift.moved and shift.api_score > 0.05, shift
