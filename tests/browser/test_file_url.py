"""The built site works opened straight from disk (file://), with no server at all."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import Build, reference_sources

pytestmark = pytest.mark.browser
PAGES = sorted(reference_sources())  # built paths of the reference pages


@pytest.mark.parametrize("built", PAGES)
def test_site_works_from_file_url(page: Page, built_site: Build, built: str) -> None:
    failed: list[str] = []
    # Leaving a page aborts its pending loads (ERR_ABORTED); any other failure is a real one.
    page.on(
        "requestfailed",
        lambda request: (
            "ERR_ABORTED" not in (request.failure or "")
            and failed.append(f"{request.url} ({request.failure})")
        ),
    )
    page.goto((built_site.site_dir / built).as_uri())

    advanced = page.locator(".vinr-advanced").first
    expect(advanced).to_be_hidden()
    page.click('.vinr-detail-toggle [data-detail-choice="advanced"]')
    expect(advanced).to_be_visible()
    page.locator(".tabbed-labels label", has_text="Ruby").first.click()
    # Linked tabs: every other language tab set follows (Ruby is the 4th tab).
    languages = page.locator(".tabbed-set").filter(
        has=page.locator(":scope > .tabbed-labels > label", has_text="Ruby")
    )
    expect(languages.nth(1).locator(":scope > input").nth(3)).to_be_checked()
    expect(page.get_by_role("button", name="Copy to clipboard").first).to_be_visible()

    # Search runs from disk too (offline plugin + vendored iframe-worker shim, no CDN).
    page.keyboard.press("/")
    page.keyboard.type("idempotency")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.keyboard.press("Escape")

    # To another reference page through the navigation, and back.
    others = [other for other in PAGES if other != built]
    assert others, "one reference page only: nowhere to navigate to"
    source = reference_sources()[others[0]].read_text(encoding="utf-8")
    title = re.search(r"^# (.+)$", source, flags=re.MULTILINE).group(1).strip()  # type: ignore[union-attr]
    name = others[0].split("/")[-1]
    page.locator(f'.md-sidebar--primary a[href$="{name}"]').first.click()
    expect(page).to_have_url((built_site.site_dir / others[0]).as_uri())
    expect(page.locator("article h1")).to_contain_text(title)
    page.go_back()
    expect(page.locator("html")).to_have_attribute("data-detail", "advanced")
    assert failed == [], f"requests failed from file://: {failed}"
