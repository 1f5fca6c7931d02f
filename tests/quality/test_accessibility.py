"""axe-core (npm) on every built reference page in a real browser: zero violations in Standard and
Advanced mode, in the light (`default`) and dark (`slate`) palettes; and a low-contrast stylesheet
rule fails the check."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import REFERENCES, append
from .sitecheck import AxeViolation, run_axe

pytestmark = pytest.mark.browser

# Material follows prefers-color-scheme until the reader picks a palette (mkdocs.yml `palette`).
PALETTES = {"light": "default", "dark": "slate"}
MODES = ("standard", "advanced")


def open_page(browser: Browser, base_url: str, path: str, scheme: str, mode: str) -> Page:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base_url}{path}?detail={mode}", wait_until="networkidle")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", PALETTES[scheme])
    expect(page.locator("html")).to_have_attribute("data-detail", mode)
    return page


def report(violations: list[AxeViolation]) -> str:
    return f"{len(violations)} axe violation(s):\n" + "\n".join(map(str, violations))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("scheme", PALETTES)
@pytest.mark.parametrize("path", REFERENCES)
def test_reference_page_has_no_axe_violations(
    browser: Browser, site_url: str, path: str, scheme: str, mode: str
) -> None:
    page = open_page(browser, site_url, path, scheme, mode)
    advanced = page.locator(".vinr-advanced")
    # The check covers what the reader sees: Advanced content only in Advanced mode.
    if advanced.count():
        if mode == "advanced":
            expect(advanced.first).to_be_visible()
        else:
            expect(advanced.first).to_be_hidden()
    violations = run_axe(page)
    page.context.close()
    assert not violations, report(violations)


@pytest.mark.parametrize("scheme", PALETTES)
@pytest.mark.parametrize("path", REFERENCES)
def test_open_try_it_panels_have_no_axe_violations(
    browser: Browser, site_url: str, path: str, scheme: str
) -> None:
    """Every operation's panel open, each with a response shown (one an error)."""
    page = open_page(browser, site_url, path, scheme, "advanced")
    containers = page.locator(".vinr-tryit")
    assert containers.count() > 0
    for index in range(containers.count()):
        container = containers.nth(index)
        container.get_by_role("button", name="Try it").click()
        panel = container.locator(".vinr-tryit__panel")
        expect(panel).to_be_visible()
        if index == 0:
            panel.locator("input[type=text]").first.fill("")  # no key: a 401 and its message
        panel.get_by_role("button", name="Send").click()
        expect(panel.locator(".vinr-tryit__status")).to_have_attribute("data-sent", "1")
    violations = run_axe(page)
    page.context.close()
    assert not violations, report(violations)


@pytest.mark.slow
def test_low_contrast_rule_fails_the_check(browser: Browser, build_modified) -> None:  # type: ignore[no-untyped-def]
    def grey_inline_code(project):  # type: ignore[no-untyped-def]
        append(
            project / "docs/assets/stylesheets/vinr.css", "\n.md-typeset code { color: #a0a0a0; }\n"
        )

    with build_modified(grey_inline_code) as url:
        page = open_page(browser, url, REFERENCES[0], "light", "standard")
        violations = run_axe(page)
        page.context.close()
    contrast = [v for v in violations if v.rule == "color-contrast"]
    assert contrast, report(violations)
    assert any("code" in target for target in contrast[0].targets), contrast[0]
