"""Switching the level of detail does not make the text the reader is looking at jump.

The reader is scrolled to a Standard block that has Advanced content above it (off screen).
Clicking the toggle shows or hides that content above the viewport, and the Advanced content
further down, where an operation's Standard text ends: the reading block and the Standard blocks
between it and that next Advanced block may not move on screen (blocks below the next Advanced
block move by design; `sitecheck.layout_shift_around` says why the browser's own `layout-shift`
entries are reported but are not the verdict). Blocks are read in reading order: an operation
(`.vinr-operation`) contributes the blocks of its text pane. The table of contents, which lists
Advanced sections only in Advanced mode, is hidden for the measurement.
The toggle's contract: radios `[data-detail-choice]` in `.vinr-detail-toggle`, mode in
`<html data-detail>`.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import WITH_ADVANCED
from .sitecheck import layout_shift_around

pytestmark = pytest.mark.browser

# Desktop layout, short window.
VIEWPORT = {"width": 1280, "height": 600}
# Marks (data-reading) the first block in reading order that is Standard, starts below an Advanced
# block and is followed by at least a third of a window of Standard content in both modes; marks
# (data-stable) it and the Standard blocks after it up to the next Advanced block.
MARK_READING_BLOCK = """(viewport) => {
  const header = document.querySelector(".md-header").getBoundingClientRect().height;
  const blocks = [...document.querySelector(".md-content__inner").children].flatMap((el) =>
    el.matches(".vinr-operation")
      ? [...el.querySelector(":scope > .vinr-operation__text").children] : [el]);
  const advanced = (el) => el.matches(".vinr-advanced");
  const top = (el) => el.getBoundingClientRect().top + window.scrollY;
  for (let i = 1; i < blocks.length; i++) {
    const block = blocks[i];
    if (advanced(block) || !blocks.slice(0, i).some(advanced)) continue;
    const nextAdvanced = blocks.slice(i).find(advanced);
    const room = nextAdvanced ? top(nextAdvanced) - top(block) : Infinity;
    if (room > (viewport - header) / 3) {
      block.setAttribute("data-reading", "");
      const end = nextAdvanced ? blocks.indexOf(nextAdvanced) : blocks.length;
      blocks.slice(i, end).forEach((b) => b.setAttribute("data-stable", ""));
      return true;
    }
  }
  return false;
}"""
STABLE_TOPS = """() => [...document.querySelectorAll("[data-stable]")]
  .map((el) => [el.tagName.toLowerCase() + (el.id ? "#" + el.id : ""),
                el.getBoundingClientRect().top])"""
SCROLL_TO_TOP = """(el) => {
  const header = document.querySelector(".md-header").getBoundingClientRect().height;
  window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - header);
}"""


def open_at_reading_block(browser: Browser, site_url: str, path: str, mode: str) -> Page:
    page = browser.new_context(viewport=VIEWPORT).new_page()
    # Advanced is the mode where the blocks are longest: the room test then holds in both modes.
    page.goto(f"{site_url}{path}?detail=advanced", wait_until="networkidle")
    assert page.evaluate(MARK_READING_BLOCK, VIEWPORT["height"]), "no suitable Standard block"
    page.locator(f'.vinr-detail-toggle [data-detail-choice="{mode}"]').click()
    expect(page.locator("html")).to_have_attribute("data-detail", mode)
    page.locator("[data-reading]").evaluate(SCROLL_TO_TOP)
    # The table of contents gains or loses Advanced entries by design; it is not what is read.
    page.add_style_tag(content=".md-nav--secondary { visibility: hidden; }")
    return page


SWITCHES = [("standard", "advanced"), ("advanced", "standard")]


@pytest.mark.parametrize(("start", "switch_to"), SWITCHES)
@pytest.mark.parametrize("path", WITH_ADVANCED)
def test_toggle_does_not_shift_what_the_reader_sees(
    browser: Browser, site_url: str, path: str, start: str, switch_to: str
) -> None:
    page = open_at_reading_block(browser, site_url, path, start)
    reading = page.locator("[data-reading]")
    before = reading.bounding_box()
    stable_before = page.evaluate(STABLE_TOPS)
    button = page.locator(f'.vinr-detail-toggle [data-detail-choice="{switch_to}"]')

    shift = layout_shift_around(page, button.click)

    expect(page.locator("html")).to_have_attribute("data-detail", switch_to)
    after = reading.bounding_box()
    stable_after = page.evaluate(STABLE_TOPS)
    page.context.close()
    assert shift.visible_before >= 3, shift  # an operation, its text and its code pane at least
    assert len(stable_before) >= 2, stable_before
    # Unrounded tops: the scroll position is a whole pixel and a block's top is not, so the same
    # block can land a fraction of a pixel away (197.4 → 197.6), never a whole pixel. Rounded
    # tops would turn that 0.2 px into 1 px (197 → 198), and a 1 px allowance on them would let
    # a real shift of up to 2 px pass.
    moved = [
        (b, a)
        for b, a in zip(stable_before, stable_after, strict=True)
        if b[0] != a[0] or abs(b[1] - a[1]) >= 1
    ]
    assert not moved, f"switching to {switch_to} moved what the reader sees: {moved} ({shift})"
    assert before and after and abs(after["y"] - before["y"]) < 1, (before, after)


def test_shift_measurement_sees_a_jump(browser: Browser, site_url: str) -> None:
    """The same measurement reports the jump when the mode changes without the toggle's care."""
    page = open_at_reading_block(browser, site_url, WITH_ADVANCED[0], "standard")
    # No scroll anchoring either: the browser would otherwise hide the jump by itself.
    page.add_style_tag(content="html, body { overflow-anchor: none; }")

    def switch_behind_the_toggles_back() -> None:
        page.evaluate("() => { document.documentElement.dataset.detail = 'advanced'; }")

    stable_before = page.evaluate(STABLE_TOPS)
    shift = layout_shift_around(page, switch_behind_the_toggles_back)
    stable_after = page.evaluate(STABLE_TOPS)

    page.context.close()
    assert shift.moved and shift.api_score > 0.05, shift
    assert stable_before != stable_after, "the stable blocks did not see the jump"
