"""Language tabs on the Customers page: linked, remembered, each with a copy button."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from vinr_docs.languages import LANGUAGES
from vinr_docs.spec import load

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CUSTOMERS = "/api-reference/customers.html"
SPEC = load(ROOT / "docs" / "openapi.yaml")
SOURCE = (ROOT / "docs/api-reference/customers.md").read_text(encoding="utf-8")
# What the author wrote: one `/// sample | folder` line per language tab block (a tab per language
# file in the folder), plus any hand-written `=== "…"` tabs (e.g. the event payloads).
FOLDERS = re.findall(r"^/// sample \| (\S+)\s*$", SOURCE, flags=re.MULTILINE)
PYTHON_TAB_BLOCKS = sum((ROOT / "snippets" / f / "python.py").is_file() for f in FOLDERS)
ALL_TABS = (
    len(re.findall(r'^\s*=== "', SOURCE, flags=re.MULTILINE))
    + sum(
        (ROOT / "snippets" / f / language.file).is_file() for f in FOLDERS for language in LANGUAGES
    )
    # `/// errors | op`: the success response and each documented error, as response variants.
    + sum(
        1 + len(SPEC.operation(op).error_examples)
        for op in re.findall(r"^/// errors \| (\S+)\s*$", SOURCE, flags=re.MULTILINE)
    )
)


def language_sets(page: Page) -> Locator:
    """Tab blocks offering a Python tab (the event-payload block has one tab per event instead)."""
    python_label = page.locator(".tabbed-labels > label", has_text=re.compile(r"^Python$"))
    return page.locator(".tabbed-set", has=python_label)


def expect_language_everywhere(page: Page, language: str) -> None:
    """Every language tab block, shown (Standard) or hidden (Advanced), has `language` selected."""
    sets = language_sets(page)
    expect(sets).to_have_count(PYTHON_TAB_BLOCKS)
    for index in range(PYTHON_TAB_BLOCKS):
        label = sets.nth(index).locator(".tabbed-labels > label", has_text=language)
        radio_id = label.get_attribute("for")
        expect(page.locator(f'input[id="{radio_id}"]')).to_be_checked()


def choose(page: Page, language: str) -> None:
    visible_sets(page).first.locator(".tabbed-labels > label", has_text=language).click()


def visible_sets(page: Page) -> Locator:
    """Language blocks on screen in the current mode (Advanced ones are hidden in Standard)."""
    return language_sets(page).filter(visible=True)


def test_choosing_a_language_switches_every_block(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}{CUSTOMERS}?detail=advanced")
    expect_language_everywhere(page, "curl")
    choose(page, "Python")
    expect_language_everywhere(page, "Python")
    # What readers see in the last block is that block's Python sample.
    last = page.locator(".vinr-sample").last
    folder = last.get_attribute("data-sample")
    expected = (ROOT / "snippets" / folder / "python.py").read_text(encoding="utf-8")
    visible = last.locator(".tabbed-block:visible code")
    assert visible.inner_text().strip() == expected.strip()


def test_language_choice_survives_reload(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}{CUSTOMERS}")
    choose(page, "Ruby")
    expect_language_everywhere(page, "Ruby")
    page.reload()
    expect_language_everywhere(page, "Ruby")


def test_language_choice_survives_navigation(instant_page: Page, site_url: str) -> None:
    page = instant_page
    page.goto(f"{site_url}{CUSTOMERS}")
    page.wait_for_load_state("networkidle")  # Material enables instant navigation after this
    choose(page, "JavaScript")
    expect_language_everywhere(page, "JavaScript")

    nav = page.locator(".md-sidebar--primary")
    nav.get_by_role("link", name="Events", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Events")
    nav.get_by_role("link", name="Customers", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Customers")
    expect_language_everywhere(page, "JavaScript")

    # And on a fresh full page load of another page and back.
    page.goto(f"{site_url}/index.html")
    page.goto(f"{site_url}{CUSTOMERS}")
    expect_language_everywhere(page, "JavaScript")


def test_every_tab_has_a_copy_button(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}{CUSTOMERS}?detail=advanced")
    expect(page.locator(".tabbed-block")).to_have_count(ALL_TABS)
    copy_buttons = page.locator(".tabbed-block > .highlight").get_by_role(
        "button",
        name="Copy to clipboard",
        include_hidden=True,  # tabs not selected are hidden
    )
    expect(copy_buttons).to_have_count(ALL_TABS)


def test_copy_button_copies_the_sample_file(context: BrowserContext, site_url: str) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site_url}{CUSTOMERS}")
    choose(page, "Python")
    first = visible_sets(page).first
    first.locator(".tabbed-block:visible").hover()
    first.locator(".tabbed-block:visible").get_by_role("button", name="Copy to clipboard").click()
    expected = (ROOT / "snippets/customers/create/python.py").read_text(encoding="utf-8")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == expected.strip()
