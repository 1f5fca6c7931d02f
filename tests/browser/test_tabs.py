"""Language tabs on every reference page found by discovery: linked, remembered, each with a
copy button."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from conftest import reference_sources
from vinr_docs.languages import LANGUAGES
from vinr_docs.spec import load

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SPEC = load(ROOT / "docs" / "openapi.yaml")
PAGES = {f"/{built}": source for built, source in reference_sources().items()}


class Tabs:
    """What the author wrote on one page: one `/// sample | folder` line per language tab block
    (a tab per language file in the folder), plus any hand-written `=== "…"` tabs (e.g. the
    event payloads), plus `/// errors | op` response variants."""

    def __init__(self, source: Path) -> None:
        text = source.read_text(encoding="utf-8")
        heading = re.search(r"^# (.+)$", text, flags=re.MULTILINE)
        assert heading, f"{source} has no `# Title`"
        self.title = heading.group(1).strip()
        folders = re.findall(r"^/// sample \| (\S+)\s*$", text, flags=re.MULTILINE)
        self.python_blocks = sum((ROOT / "snippets" / f / "python.py").is_file() for f in folders)
        self.all_tabs = (
            len(re.findall(r'^\s*=== "', text, flags=re.MULTILINE))
            + sum(
                (ROOT / "snippets" / f / language.file).is_file()
                for f in folders
                for language in LANGUAGES
            )
            # `/// errors | op`: the success response and each documented error.
            + sum(
                1 + len(SPEC.operation(op).error_examples)
                for op in re.findall(r"^/// errors \| (\S+)\s*$", text, flags=re.MULTILINE)
            )
        )


TABS = {url: Tabs(source) for url, source in PAGES.items()}
pages = pytest.mark.parametrize("url", sorted(PAGES), ids=lambda url: url.strip("/"))


def language_sets(page: Page) -> Locator:
    """Tab blocks offering a Python tab (the event-payload block has one tab per event instead)."""
    python_label = page.locator(".tabbed-labels > label", has_text=re.compile(r"^Python$"))
    return page.locator(".tabbed-set", has=python_label)


def expect_language_everywhere(page: Page, url: str, language: str) -> None:
    """Every language tab block, shown (Standard) or hidden (Advanced), has `language` selected."""
    sets = language_sets(page)
    expect(sets).to_have_count(TABS[url].python_blocks)
    for index in range(TABS[url].python_blocks):
        label = sets.nth(index).locator(".tabbed-labels > label", has_text=language)
        radio_id = label.get_attribute("for")
        expect(page.locator(f'input[id="{radio_id}"]')).to_be_checked()


def choose(page: Page, language: str) -> None:
    visible_sets(page).first.locator(".tabbed-labels > label", has_text=language).click()


def visible_sets(page: Page) -> Locator:
    """Language blocks on screen in the current mode (Advanced ones are hidden in Standard)."""
    return language_sets(page).filter(visible=True)


@pages
def test_choosing_a_language_switches_every_block(page: Page, site_url: str, url: str) -> None:
    page.goto(f"{site_url}{url}?detail=advanced")
    expect_language_everywhere(page, url, "curl")
    choose(page, "Python")
    expect_language_everywhere(page, url, "Python")
    # What readers see in the last block is that block's Python sample.
    last = language_sets(page).last
    folder = page.locator(".vinr-sample", has=last).last.get_attribute("data-sample")
    expected = (ROOT / "snippets" / str(folder) / "python.py").read_text(encoding="utf-8")
    visible = last.locator(".tabbed-block:visible code")
    assert visible.inner_text().strip() == expected.strip()


@pages
def test_language_choice_survives_reload(page: Page, site_url: str, url: str) -> None:
    page.goto(f"{site_url}{url}")
    choose(page, "Ruby")
    expect_language_everywhere(page, url, "Ruby")
    page.reload()
    expect_language_everywhere(page, url, "Ruby")


@pages
def test_language_choice_survives_navigation(instant_page: Page, site_url: str, url: str) -> None:
    page = instant_page
    page.goto(f"{site_url}{url}")
    page.wait_for_load_state("networkidle")  # Material enables instant navigation after this
    choose(page, "JavaScript")
    expect_language_everywhere(page, url, "JavaScript")

    # To another reference page (instant navigation) and back.
    others = [other for other in sorted(PAGES) if other != url]
    assert others, "one reference page only: nowhere to navigate to"
    nav = page.locator(".md-sidebar--primary")
    title = TABS[others[0]].title
    nav.get_by_role("link", name=title, exact=True).click()
    expect(page.locator("h1")).to_contain_text(title)
    nav.get_by_role("link", name=TABS[url].title, exact=True).click()
    expect(page.locator("h1")).to_contain_text(TABS[url].title)
    expect_language_everywhere(page, url, "JavaScript")

    # And on a fresh full page load of another page and back.
    page.goto(f"{site_url}/index.html")
    page.goto(f"{site_url}{url}")
    expect_language_everywhere(page, url, "JavaScript")


@pages
def test_every_tab_has_a_copy_button(page: Page, site_url: str, url: str) -> None:
    page.goto(f"{site_url}{url}?detail=advanced")
    expect(page.locator(".tabbed-block")).to_have_count(TABS[url].all_tabs)
    copy_buttons = page.locator(".tabbed-block > .highlight").get_by_role(
        "button",
        name="Copy to clipboard",
        include_hidden=True,  # tabs not selected are hidden
    )
    expect(copy_buttons).to_have_count(TABS[url].all_tabs)


@pages
def test_copy_button_copies_the_sample_file(
    context: BrowserContext, site_url: str, url: str
) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site_url}{url}")
    choose(page, "Python")
    first = visible_sets(page).first
    first.locator(".tabbed-block:visible").hover()
    first.locator(".tabbed-block:visible").get_by_role("button", name="Copy to clipboard").click()
    folder = page.locator(".vinr-sample", has=first).first.get_attribute("data-sample")
    expected = (ROOT / "snippets" / str(folder) / "python.py").read_text(encoding="utf-8")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == expected.strip()
