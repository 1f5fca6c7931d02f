"""Reading the reference as a reader does (issue 18): the code pane, what each level of detail
shows, switching levels, Try it, search, keyboard and the layout shared by every page.

Every test walks the reference pages found on the built site (tests/browser/conftest.py) and the
operations, parameters and samples found on each page; none names a page or an operation.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, expect

from vinr_docs.reader import PAGE_CONFIG

pytestmark = pytest.mark.browser

CLASSES = PAGE_CONFIG["classes"]
OPERATION = "." + CLASSES["operation"]
CODE_PANE = "." + CLASSES["operationCode"]
MODES = PAGE_CONFIG["modes"]

W1440 = {"width": 1440, "height": 900}
W1280 = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}


@contextmanager
def opened(
    browser: Browser, url: str, viewport: dict[str, int], phone: bool = False, **options: object
) -> Iterator[Page]:
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, **options)
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        yield page
    finally:
        context.close()


def scroll_to(page: Page, selector: str, index: int, offset: float = 120) -> None:
    page.locator(selector).nth(index).evaluate(
        f"el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - {offset})"
    )


# ---- 1. The code pane scrolls with the page ----------------------------------------------------


@pytest.mark.parametrize("viewport", [W1440, W1280], ids=["1440", "1280"])
@pytest.mark.parametrize("mode", MODES)
def test_the_wheel_over_the_code_pane_scrolls_the_page(
    browser: Browser, site_url: str, references: list[str], viewport: dict[str, int], mode: str
) -> None:
    for path in references:
        with opened(browser, f"{site_url}{path}?detail={mode}", viewport) as page:
            for i in range(page.locator(OPERATION).count()):
                operation = page.locator(OPERATION).nth(i)
                # Try it open: the pane at its tallest.
                operation.locator(".vinr-tryit__toggle").click()
                expect(operation.locator(".vinr-tryit__panel")).to_be_visible()
                scroll_to(page, OPERATION, i)
                pane = operation.locator(CODE_PANE).bounding_box()
                assert pane
                y = min(pane["y"] + 60, viewport["height"] - 40)
                page.mouse.move(pane["x"] + pane["width"] / 2, y)
                before = page.evaluate("scrollY")
                for _ in range(3):
                    page.mouse.wheel(0, 120)
                page.wait_for_function(f"scrollY > {before} + 300", timeout=3000)
                inner = operation.locator(CODE_PANE).evaluate(
                    "el => [el.scrollHeight - el.clientHeight, getComputedStyle(el).overflowY]"
                )
                assert inner[0] <= 1 or inner[1] == "visible", (
                    f"{path} operation {i}: the code pane scrolls inside itself"
                )


@pytest.mark.parametrize("viewport", [W1440, W1280], ids=["1440", "1280"])
def test_a_reply_is_never_under_the_next_operation(
    browser: Browser, site_url: str, references: list[str], viewport: dict[str, int]
) -> None:
    for path in references:
        with opened(browser, f"{site_url}{path}?detail=advanced", viewport) as page:
            count = page.locator(OPERATION).count()
            for i in range(count):
                operation = page.locator(OPERATION).nth(i)
                operation.locator(".vinr-tryit__toggle").click()
                panel = operation.locator(".vinr-tryit__panel")
                panel.get_by_role("button", name="Send").click()
                expect(panel.locator(".vinr-tryit__status")).to_have_attribute("data-sent", "1")
                # Scrolling the page alone (never the pane) brings the reply into view, inside
                # its own operation: nothing clips it or lays the next operation over it.
                reply = panel.locator(".vinr-tryit__response pre")
                seen = False
                top = operation.evaluate("el => el.getBoundingClientRect().top + scrollY")
                end = operation.evaluate("el => el.getBoundingClientRect().bottom + scrollY")
                for y in range(int(top) - 100, int(end), 150):
                    page.evaluate(f"window.scrollTo(0, {y})")
                    seen = reply.evaluate(
                        "el => { const r = el.getBoundingClientRect();"
                        " if (r.top < 60 || r.top + 20 > innerHeight) return false;"
                        " const hit = document.elementFromPoint(r.left + 20, r.top + 10);"
                        " return !!hit && el.contains(hit); }"
                    )
                    if seen:
                        break
                assert seen, f"{path} operation {i}: scrolling the page never shows the reply"
