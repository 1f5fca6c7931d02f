"""The built site works opened straight from disk (file://), with no server at all."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import Build

pytestmark = pytest.mark.browser


def test_site_works_from_file_url(page: Page, built_site: Build) -> None:
    failed: list[str] = []
    # Leaving a page aborts its pending loads (ERR_ABORTED); any other failure is a real one.
    page.on(
        "requestfailed",
        lambda request: (
            "ERR_ABORTED" not in (request.failure or "")
            and failed.append(f"{request.url} ({request.failure})")
        ),
    )
    page.goto((built_site.site_dir / "api-reference" / "customers.html").as_uri())

    page.click('.vinr-detail-toggle [data-detail-choice="advanced"]')
    expect(page.locator("#customer-object-card-brand")).to_be_visible()
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

    page.locator('.md-sidebar--primary a[href$="events.html"]').click()
    expect(page).to_have_url((built_site.site_dir / "api-reference" / "events.html").as_uri())
    expect(page.locator("article h1")).to_contain_text("Events")
    page.go_back()
    expect(page.locator("html")).to_have_attribute("data-detail", "advanced")
    assert failed == [], f"requests failed from file://: {failed}"
