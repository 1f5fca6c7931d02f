"""What pages ask the network for, in a real browser: nothing outside the site's own server (every
page of the built site), and at most 120 KB over the wire (gzip) for each reference page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .conftest import FIGURE, REFERENCES, append
from .sitecheck import PAGE_WEIGHT_BUDGET, load_page, page_weight

pytestmark = pytest.mark.browser


def site_pages(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


def external_requests(browser: Browser, base_url: str, pages: list[str]) -> dict[str, list[str]]:
    """Page -> the requests it made to any other host (aborted, never sent)."""
    context = browser.new_context()
    try:
        loads = {page: load_page(context, f"{base_url}/{page}") for page in pages}
    finally:
        context.close()
    assert all(load.requested for load in loads.values()), "a page loaded without any request"
    return {page: load.external for page, load in loads.items() if load.external}


def test_no_page_requests_another_host(browser: Browser, site_url: str, built_site) -> None:  # type: ignore[no-untyped-def]
    pages = site_pages(built_site.site_dir)
    assert {path.lstrip("/") for path in REFERENCES} <= set(pages), pages
    assert external_requests(browser, site_url, pages) == {}


@pytest.mark.slow
def test_external_image_is_reported(browser: Browser, build_modified) -> None:  # type: ignore[no-untyped-def]
    tracker = "https://images.example.com/pixel.png"

    target = REFERENCES[0].lstrip("/")

    def add_image(project: Path) -> None:
        source = project / "docs" / Path(target).with_suffix(".md")
        append(source, f'\n\n<img src="{tracker}" alt="">\n')

    with build_modified(add_image) as url:
        found = external_requests(browser, url, [target, "index.html"])
    assert found == {target: [tracker]}


@pytest.mark.parametrize("path", REFERENCES)
def test_reference_page_weight_within_budget(
    browser: Browser, site_url: str, path: str, record_property: Callable[[str, object], None]
) -> None:
    context = browser.new_context()
    try:
        weight = page_weight(context, f"{site_url}{path}")
    finally:
        context.close()
    types = weight.by_type()
    # The measurement saw the page itself, its styles and its scripts, not an empty load.
    assert {"document", "stylesheet", "script"} <= set(types), weight.table()
    record_property(
        f"{FIGURE}page weight {path}",
        f"{weight.gzip / 1024:.1f} KB gzip ({weight.raw / 1024:.1f} KB raw), "
        f"{weight.ratio:.0%} of budget",
    )
    assert weight.gzip <= PAGE_WEIGHT_BUDGET, f"over the page-weight budget:\n{weight.table()}"
