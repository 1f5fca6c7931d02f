"""The "Copy page as Markdown" button: on every page, reached with the keyboard, it puts the
page's Markdown copy on the clipboard, from a server and from file:// (Chromium, Playwright)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .published import published_pages

pytestmark = pytest.mark.browser
PAGES = published_pages()
BUTTON = "Copy page as Markdown"


def copy_with_keyboard(page, url: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(url)
    button = page.get_by_role("button", name=BUTTON)
    expect(button).to_have_count(1)
    # Reachable with Tab (from the element just before it) and pressed with Enter.
    button.evaluate("b => b.previousElementSibling.focus()")
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="copied")).to_have_count(1)
    return page.evaluate("navigator.clipboard.readText()")


@pytest.mark.parametrize("published", PAGES, ids=[p.copy for p in PAGES])
def test_copy_from_a_server(context, site_url: str, built_site, published) -> None:  # type: ignore[no-untyped-def]
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    html = published.copy.removesuffix(".md") + ".html"
    text = copy_with_keyboard(context.new_page(), f"{site_url}/{html}")
    assert text == (built_site.site_dir / published.copy).read_text(encoding="utf-8")


def test_copy_from_file_url(context, built_site) -> None:  # type: ignore[no-untyped-def]
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    published = max(PAGES, key=lambda p: len(p.markdown))
    html = built_site.site_dir / (published.copy.removesuffix(".md") + ".html")
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    text = copy_with_keyboard(page, html.as_uri())
    assert text == (built_site.site_dir / published.copy).read_text(encoding="utf-8")
    assert failed == []
