"""The Standard / Advanced toggle in a real browser (Debian's Chromium through Playwright).

The control is a radio group in the header (`[data-detail-choice]` radios in `.vinr-detail-toggle`).
Every test runs on every reference page found by discovery. What it looks at comes from that page's
own source and the spec, never from a list: headings inside `/// advanced` blocks and the child
attributes of its object (shown only in Advanced), and its operations' headings (Standard).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from conftest import Build
from derived import ReferencePage, reference_pages
from vinr_docs.advanced import ADVANCED_CLASS
from vinr_docs.reader import PAGE_CONFIG

pytestmark = pytest.mark.browser

PAGES = reference_pages()
each_page = pytest.mark.parametrize("ref", PAGES, ids=[p.url.strip("/") for p in PAGES])
TOGGLE = "." + PAGE_CONFIG["classes"]["toggle"]
STANDARD_BUTTON = f'{TOGGLE} [data-detail-choice="standard"]'
ADVANCED_BUTTON = f'{TOGGLE} [data-detail-choice="advanced"]'
STORAGE_KEY = PAGE_CONFIG["storageKey"]


def open_ref(page: Page, site_url: str, ref: ReferencePage, query: str = "") -> Page:
    page.goto(f"{site_url}{ref.url}{query}")
    return page


def advanced_section(page: Page, ref: ReferencePage):  # type: ignore[no-untyped-def]
    """The page's first heading written inside a `/// advanced` block."""
    return page.locator(f"#{ref.advanced_heading().anchor}")


def nav_link(page: Page, url: str):  # type: ignore[no-untyped-def]
    """The primary navigation's link to the page at URL path `url`."""
    return page.locator(f'.md-sidebar--primary a.md-nav__link[href$="{Path(url).name}"]').first


def other_page(built_site: Build, url: str, *, advanced: bool | None = None) -> str:
    """A built page of the navigation other than `url` (without Advanced content, if asked)."""
    from browser.conftest import content_pages

    for other in content_pages(built_site.site_dir):
        html = (built_site.site_dir / other.lstrip("/")).read_text(encoding="utf-8")
        shows = re.search(rf'<div [^>]*class="[^"]*\b{ADVANCED_CLASS}\b', html) is not None
        if other != url and (advanced is None or shows == advanced):
            return other
    raise AssertionError(f"the site has no page besides {url} (advanced={advanced})")


def expect_mode(page: Page, ref: ReferencePage, mode: str) -> None:
    expect(page.locator("html")).to_have_attribute("data-detail", mode)
    for choice in ("standard", "advanced"):
        radio = page.locator(f'{TOGGLE} [data-detail-choice="{choice}"]')
        if choice == mode:
            expect(radio).to_be_checked()
        else:
            expect(radio).not_to_be_checked()
    advanced = [page.locator(ref.advanced_anchor()), advanced_section(page, ref)]
    for element in advanced:
        if mode == "advanced":
            expect(element).to_be_visible()
        else:
            expect(element).to_be_hidden()


def expect_scrolled_to(page: Page, selector: str) -> None:
    """`selector` is on screen and not covered by Material's sticky header."""
    target = page.locator(selector)
    expect(target).to_be_in_viewport()
    header_bottom = page.locator(".md-header").evaluate("el => el.getBoundingClientRect().bottom")
    top = target.evaluate("el => el.getBoundingClientRect().top")
    assert top >= header_bottom, f"{selector} at {top}px is under the header ({header_bottom}px)"


@each_page
def test_standard_is_the_default_and_the_toggle_is_labelled(
    page: Page, ref: ReferencePage, site_url: str
) -> None:
    open_ref(page, site_url, ref)
    expect_mode(page, ref, "standard")
    for heading in ref.operation_headings:
        expect(page.locator(f"#{heading.anchor}")).to_be_visible()
    group = page.get_by_role("radiogroup", name="Level of detail")
    expect(group).to_be_visible()
    expect(group.get_by_role("radio", name="Standard")).to_be_checked()
    expect(group.get_by_role("radio", name="Advanced")).not_to_be_checked()
    # In the header bar, where it covers no content (tests/browser/test_reader.py measures that).
    expect(page.locator(f".md-header {TOGGLE}")).to_be_visible()


@each_page
def test_toggle_switches_and_the_choice_survives_reload(
    page: Page, ref: ReferencePage, site_url: str
) -> None:
    open_ref(page, site_url, ref)
    page.click(ADVANCED_BUTTON)
    expect_mode(page, ref, "advanced")
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") == "advanced"
    # The reader's choice is in the URL too, so a copied link shows what they see.
    expect(page).to_have_url(f"{site_url}{ref.url}?detail=advanced")

    page.reload()
    expect_mode(page, ref, "advanced")

    page.click(STANDARD_BUTTON)
    expect_mode(page, ref, "standard")
    page.reload()
    expect_mode(page, ref, "standard")


@each_page
def test_query_parameter_opens_advanced(page: Page, ref: ReferencePage, site_url: str) -> None:
    open_ref(page, site_url, ref, "?detail=advanced")
    expect_mode(page, ref, "advanced")


@each_page
def test_switching_on_a_deep_link_updates_the_link(
    page: Page, ref: ReferencePage, site_url: str
) -> None:
    open_ref(page, site_url, ref, "?detail=advanced")
    page.click(STANDARD_BUTTON)
    expect(page).to_have_url(f"{site_url}{ref.url}?detail=standard")
    page.reload()
    expect_mode(page, ref, "standard")


@each_page
def test_query_parameter_standard_overrides_storage(
    page: Page, ref: ReferencePage, site_url: str
) -> None:
    open_ref(page, site_url, ref)
    page.evaluate(f"localStorage.setItem('{STORAGE_KEY}', 'advanced')")
    open_ref(page, site_url, ref, "?detail=standard")
    expect_mode(page, ref, "standard")


def saved_mode(page: Page) -> str | None:
    return page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')")


@each_page
@pytest.mark.parametrize("saved", [None, "standard", "advanced"])
@pytest.mark.parametrize("link", ["?detail=advanced", "?detail=standard", "an Advanced field"])
def test_a_mode_from_a_link_applies_to_that_visit_only(
    page: Page, ref: ReferencePage, site_url: str, saved: str | None, link: str
) -> None:
    open_ref(page, site_url, ref)
    if saved:
        page.evaluate(f"localStorage.setItem('{STORAGE_KEY}', '{saved}')")
    open_ref(page, site_url, ref, link if link.startswith("?") else ref.advanced_anchor())
    expect_mode(page, ref, "standard" if link == "?detail=standard" else "advanced")
    assert saved_mode(page) == saved, "a link overwrote the reader's saved choice"
    open_ref(page, site_url, ref)
    expect_mode(page, ref, saved or "standard")


@each_page
def test_hash_link_into_advanced_does_not_save(
    page: Page, ref: ReferencePage, site_url: str
) -> None:
    open_ref(page, site_url, ref)
    page.evaluate(f"location.hash = '{ref.advanced_anchor()}'")
    expect_mode(page, ref, "advanced")
    assert saved_mode(page) is None


@each_page
def test_link_to_advanced_only_anchor_opens_advanced_and_scrolls_there(
    page: Page, ref: ReferencePage, site_url: str
) -> None:
    open_ref(page, site_url, ref, ref.advanced_anchor())
    expect_mode(page, ref, "advanced")
    expect_scrolled_to(page, ref.advanced_anchor())


@each_page
def test_hash_change_to_advanced_anchor_while_standard(
    page: Page, ref: ReferencePage, site_url: str
) -> None:
    open_ref(page, site_url, ref)
    expect_mode(page, ref, "standard")
    page.evaluate(f"location.hash = '{ref.advanced_anchor()}'")
    expect_mode(page, ref, "advanced")
    expect_scrolled_to(page, ref.advanced_anchor())


@each_page
def test_clicking_in_page_link_to_advanced_anchor_while_standard(
    page: Page, ref: ReferencePage, site_url: str
) -> None:
    open_ref(page, site_url, ref)
    # A Standard paragraph linking into Advanced content, as an author might write.
    page.evaluate(
        """href => {
          const link = Object.assign(document.createElement('a'),
            {href, id: 'test-link', textContent: 'an Advanced field'});
          document.querySelector('.md-content__inner > p').append(' ', link);
        }""",
        ref.advanced_anchor(),
    )
    page.click("#test-link")
    expect_mode(page, ref, "advanced")
    expect_scrolled_to(page, ref.advanced_anchor())


@each_page
def test_table_of_contents_hides_advanced_only_entries_in_standard(
    page: Page, ref: ReferencePage, site_url: str
) -> None:
    open_ref(page, site_url, ref)
    toc = page.locator(".md-nav--secondary")
    advanced_entry = toc.locator(f'a[href$="#{ref.advanced_heading().anchor}"]')
    standard_entry = toc.locator(f'a[href$="#{ref.operation_headings[0].anchor}"]')
    expect(standard_entry).to_be_visible()
    expect(advanced_entry).to_be_hidden()
    page.click(ADVANCED_BUTTON)
    expect(advanced_entry).to_be_visible()


@each_page
@pytest.mark.parametrize("mode, hidden", [("standard", True), ("advanced", False)])
def test_table_of_contents_is_right_before_page_scripts_run(
    page: Page, ref: ReferencePage, site_url: str, mode: str, hidden: bool
) -> None:
    """No flash of Advanced TOC entries: the <head> stylesheet hides them without page JS."""
    page.route("**/detail-toggle.js", lambda route: route.abort())
    open_ref(page, site_url, ref, f"?detail={mode}")
    entry = page.locator(f'.md-nav--secondary a[href$="#{ref.advanced_headings[-1].anchor}"]')
    expect(page.locator("html")).to_have_attribute("data-detail", mode)
    if hidden:
        expect(entry).to_be_hidden()
    else:
        expect(entry).to_be_visible()
    standard = ref.operation_headings[0].anchor
    expect(page.locator(f'.md-nav--secondary a[href$="#{standard}"]')).to_be_visible()


@each_page
def test_keyboard_operation_and_visible_focus(
    page: Page, ref: ReferencePage, site_url: str
) -> None:
    """Three Tabs from page load at most (skip link, logo, control); one Tab stop; arrow keys."""
    open_ref(page, site_url, ref)
    standard = page.locator(STANDARD_BUTTON)
    for _ in range(3):
        page.keyboard.press("Tab")
        if standard.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("3 Tabs from page load did not reach the detail control")

    page.keyboard.press("ArrowRight")
    expect_mode(page, ref, "advanced")
    expect(page.locator(ADVANCED_BUTTON)).to_be_focused()
    assert saved_mode(page) == "advanced"
    page.keyboard.press("ArrowLeft")
    expect_mode(page, ref, "standard")

    # One Tab stop: the next Tab leaves the group.
    page.keyboard.press("Tab")
    expect(page.locator(ADVANCED_BUTTON)).not_to_be_focused()
    expect(standard).not_to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(standard).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect_mode(page, ref, "advanced")


def heading_top(page: Page, anchor: str) -> float:
    return page.locator(f"#{anchor}").evaluate("el => el.getBoundingClientRect().top")


@each_page
@pytest.mark.parametrize("how", ["click", "api"])
def test_switching_keeps_the_reading_position(
    page: Page, ref: ReferencePage, site_url: str, how: str
) -> None:
    open_ref(page, site_url, ref)
    # The page's last operation: below the Advanced content of all the others.
    last = ref.operation_headings[-1].anchor
    heading = page.locator(f"#{last}")
    heading.evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 120)")
    before, scroll_before = heading_top(page, last), page.evaluate("scrollY")

    for mode in ("advanced", "standard"):
        if how == "click":
            # The control is in the header, so it is on screen and clickable here.
            expect(page.locator(TOGGLE)).to_be_in_viewport()
            page.click(f'{TOGGLE} [data-detail-choice="{mode}"]')
        else:
            page.evaluate(f"window.vinrDetail.set('{mode}')")
        expect(page.locator("html")).to_have_attribute("data-detail", mode)
        assert abs(heading_top(page, last) - before) < 2
        if mode == "advanced":
            # Over a screen of Advanced content appeared above: the page had to scroll.
            assert page.evaluate("scrollY") - scroll_before > page.evaluate("innerHeight")


@each_page
def test_no_flash_of_the_wrong_mode(
    context: BrowserContext, ref: ReferencePage, site_url: str
) -> None:
    # Record data-detail the moment <body> exists (before anything in it can paint) and at
    # DOMContentLoaded — before detail-toggle.js could have run.
    context.add_init_script(
        """
        localStorage.setItem(STORAGE_KEY, 'advanced');
        window.__seen = {};
        new MutationObserver((_, observer) => {
          if (document.body) {
            window.__seen.body = document.documentElement.dataset.detail ?? null;
            observer.disconnect();
          }
        }).observe(document, {childList: true, subtree: true});
        document.addEventListener('DOMContentLoaded',
          () => { window.__seen.ready = document.documentElement.dataset.detail ?? null; });
        """.replace("STORAGE_KEY", repr(STORAGE_KEY))
    )
    page = context.new_page()
    open_ref(page, site_url, ref)
    expect_mode(page, ref, "advanced")
    assert page.evaluate("window.__seen") == {"body": "advanced", "ready": "advanced"}


@each_page
def test_toggle_works_after_instant_navigation(
    instant_page: Page, ref: ReferencePage, site_url: str, built_site: Build
) -> None:
    page = instant_page
    elsewhere = other_page(built_site, ref.url)
    page.goto(f"{site_url}{elsewhere}")
    # Material enables instant navigation once it has fetched sitemap.xml.
    page.wait_for_load_state("networkidle")
    expect(page.locator(TOGGLE)).to_be_visible()  # the same header on every page
    page.evaluate("window.__sameDocument = true")

    nav_link(page, ref.url).click()
    expect(page).to_have_url(f"{site_url}{ref.url}")
    assert page.evaluate("window.__sameDocument") is True, "expected instant navigation"
    expect_mode(page, ref, "standard")
    page.click(ADVANCED_BUTTON)
    expect_mode(page, ref, "advanced")

    nav_link(page, elsewhere).click()
    expect(page).to_have_url(f"{site_url}{elsewhere}")
    expect(page.locator(TOGGLE)).to_be_visible()
    nav_link(page, ref.url).click()
    expect_mode(page, ref, "advanced")
    assert page.evaluate("window.__sameDocument") is True


@each_page
def test_without_javascript_everything_shows_and_no_toggle(
    browser: Browser, ref: ReferencePage, site_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        open_ref(page, site_url, ref)
        expect(page.locator(ref.advanced_anchor())).to_be_visible()
        expect(advanced_section(page, ref)).to_be_visible()
        expect(page.locator(TOGGLE)).to_be_attached()
        expect(page.locator(TOGGLE)).to_be_hidden()
    finally:
        context.close()


@each_page
def test_print_shows_everything_and_no_toggle(
    page: Page, ref: ReferencePage, site_url: str
) -> None:
    open_ref(page, site_url, ref)
    expect_mode(page, ref, "standard")
    page.emulate_media(media="print")
    expect(page.locator(ref.advanced_anchor())).to_be_visible()
    expect(advanced_section(page, ref)).to_be_visible()
    expect(page.locator(TOGGLE)).to_be_hidden()


def test_pages_without_advanced_content_keep_the_control_and_say_so(
    page: Page, site_url: str, built_site: Build
) -> None:
    page.goto(f"{site_url}{other_page(built_site, '', advanced=False)}")
    expect(page.locator(TOGGLE)).to_be_visible()
    page.click(ADVANCED_BUTTON)
    expect(page.locator(f"{TOGGLE} [role=status]")).to_contain_text("no Advanced content")


@each_page
def test_link_from_another_page_into_advanced_content(
    instant_page: Page, ref: ReferencePage, site_url: str, built_site: Build
) -> None:
    page = instant_page
    page.goto(f"{site_url}{other_page(built_site, ref.url)}")
    page.wait_for_load_state("networkidle")  # Material enables instant navigation after this
    page.evaluate("window.__sameDocument = true")
    # As a search result or another page would link to it.
    page.evaluate(
        """href => {
          const link = Object.assign(document.createElement('a'),
            {href, id: 'test-link', textContent: 'an Advanced field'});
          document.querySelector('.md-content__inner > p').append(' ', link);
        }""",
        f"{site_url}{ref.url}{ref.advanced_anchor()}",
    )
    page.click("#test-link")
    expect(page).to_have_url(f"{site_url}{ref.url}{ref.advanced_anchor()}")
    expect_mode(page, ref, "advanced")
    expect_scrolled_to(page, ref.advanced_anchor())
    assert page.evaluate("window.__sameDocument") is True, "expected instant navigation"
