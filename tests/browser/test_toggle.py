"""The Standard / Advanced toggle in a real browser (Debian's Chromium through Playwright).

The control is a radio group in the header (`[data-detail-choice]` radios in `.vinr-detail-toggle`).
Known elements on the Customers page: the `card.brand` field and the "Create a customer" idempotency
section are Advanced; the "List customers" heading is Standard.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from vinr_docs.reader import PAGE_CONFIG

pytestmark = pytest.mark.browser

CUSTOMERS = "/api-reference/customers.html"
CARD_BRAND = "#customer-object-card-brand"
TOGGLE = "." + PAGE_CONFIG["classes"]["toggle"]
STANDARD_BUTTON = f'{TOGGLE} [data-detail-choice="standard"]'
ADVANCED_BUTTON = f'{TOGGLE} [data-detail-choice="advanced"]'
STORAGE_KEY = PAGE_CONFIG["storageKey"]


def open_customers(page: Page, site_url: str, query: str = "") -> Page:
    page.goto(f"{site_url}{CUSTOMERS}{query}")
    return page


def parameter_table(page: Page):  # type: ignore[no-untyped-def]
    """The Advanced heading of the "Create a customer" idempotency section."""
    return page.locator("#create-a-customer-idempotency")


def expect_mode(page: Page, mode: str) -> None:
    expect(page.locator("html")).to_have_attribute("data-detail", mode)
    for choice in ("standard", "advanced"):
        radio = page.locator(f'{TOGGLE} [data-detail-choice="{choice}"]')
        if choice == mode:
            expect(radio).to_be_checked()
        else:
            expect(radio).not_to_be_checked()
    advanced = [page.locator(CARD_BRAND), parameter_table(page)]
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


def test_standard_is_the_default_and_the_toggle_is_labelled(page: Page, site_url: str) -> None:
    open_customers(page, site_url)
    expect_mode(page, "standard")
    expect(page.get_by_role("heading", name="List customers")).to_be_visible()
    group = page.get_by_role("radiogroup", name="Level of detail")
    expect(group).to_be_visible()
    expect(group.get_by_role("radio", name="Standard")).to_be_checked()
    expect(group.get_by_role("radio", name="Advanced")).not_to_be_checked()
    # In the header bar, where it covers no content (tests/browser/test_reader.py measures that).
    expect(page.locator(f".md-header {TOGGLE}")).to_be_visible()


def test_toggle_switches_and_the_choice_survives_reload(page: Page, site_url: str) -> None:
    open_customers(page, site_url)
    page.click(ADVANCED_BUTTON)
    expect_mode(page, "advanced")
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") == "advanced"
    # The reader's choice is in the URL too, so a copied link shows what they see.
    expect(page).to_have_url(f"{site_url}{CUSTOMERS}?detail=advanced")

    page.reload()
    expect_mode(page, "advanced")

    page.click(STANDARD_BUTTON)
    expect_mode(page, "standard")
    page.reload()
    expect_mode(page, "standard")


def test_query_parameter_opens_advanced(page: Page, site_url: str) -> None:
    open_customers(page, site_url, "?detail=advanced")
    expect_mode(page, "advanced")


def test_switching_on_a_deep_link_updates_the_link(page: Page, site_url: str) -> None:
    open_customers(page, site_url, "?detail=advanced")
    page.click(STANDARD_BUTTON)
    expect(page).to_have_url(f"{site_url}{CUSTOMERS}?detail=standard")
    page.reload()
    expect_mode(page, "standard")


def test_query_parameter_standard_overrides_storage(page: Page, site_url: str) -> None:
    open_customers(page, site_url)
    page.evaluate(f"localStorage.setItem('{STORAGE_KEY}', 'advanced')")
    open_customers(page, site_url, "?detail=standard")
    expect_mode(page, "standard")


def saved_mode(page: Page) -> str | None:
    return page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')")


@pytest.mark.parametrize("saved", [None, "standard", "advanced"])
@pytest.mark.parametrize("link", ["?detail=advanced", "?detail=standard", CARD_BRAND])
def test_a_mode_from_a_link_applies_to_that_visit_only(
    page: Page, site_url: str, saved: str | None, link: str
) -> None:
    open_customers(page, site_url)
    if saved:
        page.evaluate(f"localStorage.setItem('{STORAGE_KEY}', '{saved}')")
    open_customers(page, site_url, link)
    expect_mode(page, "standard" if link == "?detail=standard" else "advanced")
    assert saved_mode(page) == saved, "a link overwrote the reader's saved choice"
    open_customers(page, site_url)
    expect_mode(page, saved or "standard")


def test_hash_link_into_advanced_does_not_save(page: Page, site_url: str) -> None:
    open_customers(page, site_url)
    page.evaluate(f"location.hash = '{CARD_BRAND}'")
    expect_mode(page, "advanced")
    assert saved_mode(page) is None


def test_link_to_advanced_only_anchor_opens_advanced_and_scrolls_there(
    page: Page, site_url: str
) -> None:
    open_customers(page, site_url, CARD_BRAND)
    expect_mode(page, "advanced")
    expect_scrolled_to(page, CARD_BRAND)


def test_hash_change_to_advanced_anchor_while_standard(page: Page, site_url: str) -> None:
    open_customers(page, site_url)
    expect_mode(page, "standard")
    page.evaluate(f"location.hash = '{CARD_BRAND}'")
    expect_mode(page, "advanced")
    expect_scrolled_to(page, CARD_BRAND)


def test_clicking_in_page_link_to_advanced_anchor_while_standard(page: Page, site_url: str) -> None:
    open_customers(page, site_url)
    # A Standard paragraph linking into Advanced content, as an author might write.
    page.evaluate(
        """() => {
          const link = Object.assign(document.createElement('a'),
            {href: '#customer-object-card-brand', id: 'test-link', textContent: 'card brand'});
          document.querySelector('.md-content__inner > p').append(' ', link);
        }"""
    )
    page.click("#test-link")
    expect_mode(page, "advanced")
    expect_scrolled_to(page, CARD_BRAND)


def test_table_of_contents_hides_advanced_only_entries_in_standard(
    page: Page, site_url: str
) -> None:
    open_customers(page, site_url)
    toc = page.locator(".md-nav--secondary")
    advanced_entry = toc.locator('a[href$="#create-a-customer-idempotency"]')
    standard_entry = toc.locator('a[href$="#create-a-customer"]')
    expect(standard_entry).to_be_visible()
    expect(advanced_entry).to_be_hidden()
    page.click(ADVANCED_BUTTON)
    expect(advanced_entry).to_be_visible()


@pytest.mark.parametrize("mode, hidden", [("standard", True), ("advanced", False)])
def test_table_of_contents_is_right_before_page_scripts_run(
    page: Page, site_url: str, mode: str, hidden: bool
) -> None:
    """No flash of Advanced TOC entries: the <head> stylesheet hides them without page JS."""
    page.route("**/detail-toggle.js", lambda route: route.abort())
    open_customers(page, site_url, f"?detail={mode}")
    entry = page.locator('.md-nav--secondary a[href$="#create-a-customer-errors"]')
    expect(page.locator("html")).to_have_attribute("data-detail", mode)
    if hidden:
        expect(entry).to_be_hidden()
    else:
        expect(entry).to_be_visible()
    expect(page.locator('.md-nav--secondary a[href$="#create-a-customer"]')).to_be_visible()


def test_keyboard_operation_and_visible_focus(page: Page, site_url: str) -> None:
    """Three Tabs from page load at most (skip link, logo, control); one Tab stop; arrow keys."""
    open_customers(page, site_url)
    standard = page.locator(STANDARD_BUTTON)
    for _ in range(3):
        page.keyboard.press("Tab")
        if standard.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("3 Tabs from page load did not reach the detail control")

    page.keyboard.press("ArrowRight")
    expect_mode(page, "advanced")
    expect(page.locator(ADVANCED_BUTTON)).to_be_focused()
    assert saved_mode(page) == "advanced"
    page.keyboard.press("ArrowLeft")
    expect_mode(page, "standard")

    # One Tab stop: the next Tab leaves the group.
    page.keyboard.press("Tab")
    expect(page.locator(ADVANCED_BUTTON)).not_to_be_focused()
    expect(standard).not_to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(standard).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect_mode(page, "advanced")


def heading_top(page: Page, name: str) -> float:
    return page.get_by_role("heading", name=name).evaluate("el => el.getBoundingClientRect().top")


@pytest.mark.parametrize("how", ["click", "api"])
def test_switching_keeps_the_reading_position(page: Page, site_url: str, how: str) -> None:
    open_customers(page, site_url)
    heading = page.get_by_role("heading", name="List customers")
    heading.evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 120)")
    before, scroll_before = heading_top(page, "List customers"), page.evaluate("scrollY")

    for mode in ("advanced", "standard"):
        if how == "click":
            # The control is in the header, so it is on screen and clickable here.
            expect(page.locator(TOGGLE)).to_be_in_viewport()
            page.click(f'{TOGGLE} [data-detail-choice="{mode}"]')
        else:
            page.evaluate(f"window.vinrDetail.set('{mode}')")
        expect(page.locator("html")).to_have_attribute("data-detail", mode)
        assert abs(heading_top(page, "List customers") - before) < 2
        if mode == "advanced":
            # Several screens of Advanced content appeared above: the page had to scroll.
            assert page.evaluate("scrollY") - scroll_before > 1000


def test_no_flash_of_the_wrong_mode(context: BrowserContext, site_url: str) -> None:
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
    open_customers(page, site_url)
    expect_mode(page, "advanced")
    assert page.evaluate("window.__seen") == {"body": "advanced", "ready": "advanced"}


def test_toggle_works_after_instant_navigation(instant_page: Page, site_url: str) -> None:
    page = instant_page
    page.goto(f"{site_url}/index.html")
    # Material enables instant navigation once it has fetched sitemap.xml.
    page.wait_for_load_state("networkidle")
    expect(page.locator(TOGGLE)).to_be_visible()  # the same header on every page
    page.evaluate("window.__sameDocument = true")

    page.locator(".md-sidebar--primary").get_by_role("link", name="Customers", exact=True).click()
    expect(page).to_have_url(f"{site_url}{CUSTOMERS}")
    assert page.evaluate("window.__sameDocument") is True, "expected instant navigation"
    expect_mode(page, "standard")
    page.click(ADVANCED_BUTTON)
    expect_mode(page, "advanced")

    page.locator(".md-sidebar--primary").get_by_role("link", name="Events", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Events")
    expect(page.locator(TOGGLE)).to_be_visible()
    page.locator(".md-sidebar--primary").get_by_role("link", name="Customers", exact=True).click()
    expect_mode(page, "advanced")
    assert page.evaluate("window.__sameDocument") is True


def test_without_javascript_everything_shows_and_no_toggle(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        open_customers(page, site_url)
        expect(page.locator(CARD_BRAND)).to_be_visible()
        expect(parameter_table(page)).to_be_visible()
        expect(page.locator(TOGGLE)).to_be_attached()
        expect(page.locator(TOGGLE)).to_be_hidden()
    finally:
        context.close()


def test_print_shows_everything_and_no_toggle(page: Page, site_url: str) -> None:
    open_customers(page, site_url)
    expect_mode(page, "standard")
    page.emulate_media(media="print")
    expect(page.locator(CARD_BRAND)).to_be_visible()
    expect(parameter_table(page)).to_be_visible()
    expect(page.locator(TOGGLE)).to_be_hidden()


def test_pages_without_advanced_content_keep_the_control_and_say_so(
    page: Page, site_url: str
) -> None:
    page.goto(f"{site_url}/index.html")
    expect(page.locator(TOGGLE)).to_be_visible()
    page.click(ADVANCED_BUTTON)
    expect(page.locator(f"{TOGGLE} [role=status]")).to_contain_text("no Advanced content")


def test_link_from_another_page_into_advanced_content(instant_page: Page, site_url: str) -> None:
    page = instant_page
    page.goto(f"{site_url}/api-reference/events.html")
    page.wait_for_load_state("networkidle")  # Material enables instant navigation after this
    page.evaluate("window.__sameDocument = true")
    # As a search result or another page would link to it.
    page.evaluate(
        """() => {
          const link = Object.assign(document.createElement('a'), {
            href: 'customers.html#customer-object-card-brand', id: 'test-link',
            textContent: 'brand'});
          document.querySelector('.md-content__inner > p').append(' ', link);
        }"""
    )
    page.click("#test-link")
    expect(page).to_have_url(f"{site_url}{CUSTOMERS}{CARD_BRAND}")
    expect_mode(page, "advanced")
    expect_scrolled_to(page, CARD_BRAND)
    assert page.evaluate("window.__sameDocument") is True, "expected instant navigation"
