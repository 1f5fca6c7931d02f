"""Browser-test helpers on top of the session fixtures in tests/conftest.py."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Route

LOC_ORIGIN = re.compile(r"<loc>https?://[^/<]+/")


@pytest.fixture
def instant_page(page: Page, site_url: str, built_site) -> Page:  # type: ignore[no-untyped-def]
    """A page on which Material's instant navigation is active.

    Material only intercepts links listed in sitemap.xml, whose URLs carry the production
    `site_url` (mkdocs.yml). It adopts their scheme and host but keeps their port, so on the test
    server's random port nothing would match. Serve the sitemap with the test origin instead, as
    `mkdocs serve` does for its own address.
    """
    sitemap = (built_site.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    local = LOC_ORIGIN.sub(f"<loc>{site_url}/", sitemap)

    def fulfil(route: Route) -> None:
        route.fulfill(body=local, content_type="application/xml")

    page.route(f"{site_url}/sitemap.xml", fulfil)
    return page

