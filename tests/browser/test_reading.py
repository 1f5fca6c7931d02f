"""Reading the reference as a reader does (issue 18): the code pane, what each level of detail
shows, switching levels, Try it, search, keyboard and the layout shared by every page.

Every test walks the reference pages found on the built site (tests/browser/conftest.py) and the
operations, parameters and samples found on each page; none names a page or an operation.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import markdown
import pytest
import yaml
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import ROOT, Build, reference_sources, serve_directory
from vinr_docs.engine.report import html_banner
from vinr_docs.languages import LANGUAGES
from vinr_docs.markdown.directives import scan
from vinr_docs.markdown.extension import DirectivePreprocessor
from vinr_docs.reader import PAGE_CONFIG
from vinr_docs.spec import load as load_spec
from vinr_docs.spec.schemas import merge_all_of, object_part
from vinr_docs.tryit.generate import load_config

pytestmark = pytest.mark.browser

CLASSES = PAGE_CONFIG["classes"]
OPERATION = "." + CLASSES["operation"]
CODE_PANE = "." + CLASSES["operationCode"]
MODES = PAGE_CONFIG["modes"]

W1440 = {"width": 1440, "height": 900}
W1280 = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}


@contextmanager
def opened(
    browser: Browser, url: str, viewport: dict[str, int], phone: bool = False, **options: object
) -> Iterator[Page]:
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, **options)
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        yield page
    finally:
        context.close()


def scroll_to(page: Page, selector: str, index: int, offset: float = 120) -> None:
    page.locator(selector).nth(index).evaluate(
        f"el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - {offset})"
    )


# ---- 1. The code pane scrolls with the page ----------------------------------------------------


@pytest.mark.parametrize("viewport", [W1440, W1280], ids=["1440", "1280"])
@pytest.mark.parametrize("mode", MODES)
def test_the_wheel_over_the_code_pane_scrolls_the_page(
    browser: Browser, site_url: str, references: list[str], viewport: dict[str, int], mode: str
) -> None:
    for path in references:
        with opened(browser, f"{site_url}{path}?detail={mode}", viewport) as page:
            for i in range(page.locator(OPERATION).count()):
                operation = page.locator(OPERATION).nth(i)
                # Try it open: the pane at its tallest.
                operation.locator(".vinr-tryit__toggle").click()
                expect(operation.locator(".vinr-tryit__panel")).to_be_visible()
                scroll_to(page, OPERATION, i)
                pane = operation.locator(CODE_PANE).bounding_box()
                assert pane
                y = min(pane["y"] + 60, viewport["height"] - 40)
                page.mouse.move(pane["x"] + pane["width"] / 2, y)
                before = page.evaluate("scrollY")
                for _ in range(3):
                    page.mouse.wheel(0, 120)
                page.wait_for_function(f"scrollY > {before} + 300", timeout=3000)
                inner = operation.locator(CODE_PANE).evaluate(
                    "el => [el.scrollHeight - el.clientHeight, getComputedStyle(el).overflowY]"
                )
                assert inner[0] <= 1 or inner[1] == "visible", (
                    f"{path} operation {i}: the code pane scrolls inside itself"
                )


@pytest.mark.parametrize("viewport", [W1440, W1280], ids=["1440", "1280"])
def test_a_reply_is_never_under_the_next_operation(
    browser: Browser, site_url: str, references: list[str], viewport: dict[str, int]
) -> None:
    for path in references:
        with opened(browser, f"{site_url}{path}?detail=advanced", viewport) as page:
            count = page.locator(OPERATION).count()
            for i in range(count):
                operation = page.locator(OPERATION).nth(i)
                operation.locator(".vinr-tryit__toggle").click()
                panel = operation.locator(".vinr-tryit__panel")
                panel.get_by_role("button", name="Send").click()
                expect(panel.locator(".vinr-tryit__status")).to_have_attribute("data-sent", "1")
                # Scrolling the page alone (never the pane) brings the reply into view, inside
                # its own operation: nothing clips it or lays the next operation over it.
                reply = panel.locator(".vinr-tryit__response pre")
                seen = False
                top = operation.evaluate("el => el.getBoundingClientRect().top + scrollY")
                end = operation.evaluate("el => el.getBoundingClientRect().bottom + scrollY")
                for y in range(int(top) - 100, int(end), 150):
                    page.evaluate(f"window.scrollTo(0, {y})")
                    seen = reply.evaluate(
                        "el => { const r = el.getBoundingClientRect();"
                        " if (r.top < 60 || r.top + 20 > innerHeight) return false;"
                        " const hit = document.elementFromPoint(r.left + 20, r.top + 10);"
                        " return !!hit && el.contains(hit); }"
                    )
                    if seen:
                        break
                assert seen, f"{path} operation {i}: scrolling the page never shows the reply"


# ---- 2, 3. Standard is enough to make the call; Advanced adds without repeating ------------------

PARAMETER_ITEMS = f"{OPERATION} > {OPERATION}__text li[id]:has(> .vinr-anchor)"


def test_advanced_is_at_most_two_and_a_half_standard_heights(
    browser: Browser, site_url: str, references: list[str]
) -> None:
    for path in references:
        heights = {}
        for mode in MODES:
            with opened(browser, f"{site_url}{path}?detail={mode}", W1440) as page:
                heights[mode] = page.evaluate("document.documentElement.scrollHeight")
        ratio = heights["advanced"] / heights["standard"]
        assert ratio <= 2.5, f"{path}: Advanced is {ratio:.2f}× Standard at 1440 ({heights})"


def test_standard_says_what_each_parameter_needs(
    browser: Browser, site_url: str, references: list[str]
) -> None:
    for path in references:
        with opened(browser, f"{site_url}{path}?detail=standard", W1440) as page:
            items = page.locator(PARAMETER_ITEMS)
            assert items.count(), f"{path}: no parameter found in any operation"
            for i in range(items.count()):
                item = items.nth(i)
                if not item.is_visible():
                    continue
                shown = " ".join(item.inner_text().split())
                name = shown.split(" ")[0]
                assert re.search(r"\bin (path|query|body|header)\b", shown), f"{path} {name}: where"
                assert re.search(r"\b(required|optional)\b", shown), f"{path} {name}: required?"
                words = re.sub(r"^.*?\b(required|optional)\b", "", shown).strip()
                assert len(words.split()) >= 3, f"{path} {name}: no description: {shown!r}"


SPEC = load_spec(ROOT / "docs" / "openapi.yaml")


def patterned(schema: dict, parent: str = "") -> Iterator[tuple[str, str]]:
    """(shown name, pattern) of each attribute of an object schema with a `pattern`, children
    included as the page shows them: under their parent's name (`card.last4`)."""
    for name, prop in schema.get("properties", {}).items():
        full = f"{parent}.{name}" if parent else name
        if "pattern" in prop:
            yield full, prop["pattern"]
        child = object_part(prop)
        if child is not None:
            yield from patterned(child, name)


def definition_sources(docs: Path = ROOT / "docs") -> dict[str, Path]:
    """Built path → source of each page that defines fields or parameters (reference pages,
    events)."""
    kinds = {"parameters", "object", "event"}
    return {
        page.relative_to(docs).with_suffix(".html").as_posix(): page
        for page in sorted(docs.rglob("*.md"))
        if any(d.name in kinds for d in scan(page.read_text(encoding="utf-8").splitlines()))
    }


def patterns_documented(source: Path) -> set[tuple[str, str]]:
    """From the page's directives and the spec: every parameter and field it defines that has a
    `pattern`, by the name the page shows."""
    found: set[tuple[str, str]] = set()
    for d in scan(source.read_text(encoding="utf-8").splitlines()):
        if d.name == "parameters" and (op := SPEC.operation(d.arg)):
            found |= {(p.name, p.schema["pattern"]) for p in op.parameters if "pattern" in p.schema}
        elif d.name == "object" and (schema := SPEC.schema(d.arg)):
            found |= set(patterned(merge_all_of(schema)))
        elif d.name == "event" and (hook := SPEC.webhook(d.arg)):
            found |= set(patterned(merge_all_of(hook.schema)))
    return found


# The text each visible definition (a field or parameter item) shows, by the name leading it.
DEFINITIONS = """() => [...document.querySelectorAll('.md-content li[id]:has(> .vinr-anchor)')]
  .filter(li => li.getClientRects().length)
  .map(li => {
    const lead = li.querySelector(':scope > code, :scope > strong');
    return [lead ? lead.textContent.trim() : '', li.innerText];
  })"""
RAW_REGEX = re.compile(r"\^\S+\$")


def test_standard_says_patterns_in_words_and_advanced_shows_them_exactly(
    browser: Browser, site_url: str
) -> None:
    pages = {
        f"/{built}": patterns_documented(source) for built, source in definition_sources().items()
    }
    checked = 0
    for path, documented in pages.items():
        shown = {}
        for mode in MODES:
            with opened(browser, f"{site_url}{path}?detail={mode}", W1440) as page:
                shown[mode] = page.evaluate(DEFINITIONS)
        for name, pattern in sorted(documented):
            for text in (text for lead, text in shown["standard"] if lead == name):
                assert pattern not in text, f"{path}: Standard shows {name}'s raw {pattern}"
            advanced = [text for lead, text in shown["advanced"] if lead == name]
            if advanced:  # (a nested named object is documented by its own section instead)
                checked += 1
                assert any(pattern in text for text in advanced), (
                    f"{path}: Advanced does not show {name}'s pattern {pattern}: {advanced}"
                )
        for lead, text in shown["standard"]:
            raw = RAW_REGEX.search(text)
            assert raw is None, f"{path}: Standard shows a regex for {lead}: {raw and raw[0]}"
    assert checked, "no page shows a field or parameter with a pattern"


def what_every_request_needs(raw: dict) -> list[str]:
    """From the spec: each global security scheme's header (or parameter) name and each request
    body content type."""
    schemes = raw["components"]["securitySchemes"]
    names = [schemes[name]["name"] for rule in raw["security"] for name in rule]
    kinds = {
        kind
        for item in raw["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict)
        for kind in operation.get("requestBody", {}).get("content", {})
    }
    return names + sorted(kinds)


def test_standard_states_authentication_once_at_the_top_of_every_reference_page(
    browser: Browser, site_url: str, references: list[str]
) -> None:
    needs = what_every_request_needs(SPEC.raw)
    assert needs, "the spec declares no security scheme"
    for path in references:
        with opened(browser, f"{site_url}{path}?detail=standard", W1440) as page:
            said = page.locator(".md-content__inner > p:has(#authentication)")
            expect(said).to_have_count(1)
            expect(said).to_be_visible()
            for need in needs:
                expect(said).to_contain_text(need)
            before = said.evaluate(
                f"el => !!(el.compareDocumentPosition(document.querySelector('{OPERATION}'))"
                " & Node.DOCUMENT_POSITION_FOLLOWING)"
            )
            assert before, f"{path}: authentication is stated after the first operation"


def test_the_authentication_paragraph_is_written_from_the_spec(tmp_path: Path) -> None:
    """Renaming the key's header in a copy of the spec changes every reference page's text: the
    paragraph is the spec's, not prose kept on each page."""
    raw = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text(encoding="utf-8"))
    for scheme in raw["components"]["securitySchemes"].values():
        scheme["name"] = f"X-Renamed-{scheme['name']}"
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    renamed, original = what_every_request_needs(raw), what_every_request_needs(SPEC.raw)
    for source in reference_sources().values():
        lines = source.read_text(encoding="utf-8").splitlines()
        md = markdown.Markdown()
        out = DirectivePreprocessor(md, str(spec), str(ROOT / "snippets")).run(lines)
        said = [line for line in out if "{ #authentication }" in line]
        assert len(said) == 1, f"{source.name}: {len(said)} authentication paragraphs"
        for new, old in zip(renamed, original, strict=True):
            assert new in said[0], f"{source.name}: {new} not said: {said[0]}"
            if new != old:
                assert f"`{old}`" not in said[0], f"{source.name}: still says {old}"


def test_advanced_never_lists_a_parameter_twice(
    browser: Browser, site_url: str, references: list[str]
) -> None:
    for path in references:
        with opened(browser, f"{site_url}{path}?detail=advanced", W1440) as page:
            for i in range(page.locator(OPERATION).count()):
                text_pane = page.locator(OPERATION).nth(i).locator(f"{OPERATION}__text")
                names = text_pane.locator("li[id]:has(> .vinr-anchor) > code:first-of-type")
                for name in names.all_inner_texts():
                    # Anything visible that defines this name again: a row or an item led by it.
                    count = text_pane.evaluate(
                        """(pane, name) => [...pane.querySelectorAll("tr, li")].filter(el => {
                            const lead = el.tagName === "TR" ? el.cells[0]
                                : el.querySelector(":scope > code, :scope > strong");
                            return lead && lead.textContent.trim() === name
                                && el.getClientRects().length > 0;
                        }).length""",
                        name,
                    )
                    assert count == 1, f"{path} operation {i}: {name} defined {count}×"


@pytest.mark.parametrize("mode", MODES)
def test_samples_and_error_bodies_live_in_the_code_pane(
    browser: Browser, site_url: str, references: list[str], mode: str
) -> None:
    for path in references:
        with opened(browser, f"{site_url}{path}?detail={mode}", W1440) as page:
            for i in range(page.locator(OPERATION).count()):
                operation = page.locator(OPERATION).nth(i)
                in_text = operation.locator(f"{OPERATION}__text pre")
                assert not [k for k in range(in_text.count()) if in_text.nth(k).is_visible()], (
                    f"{path} operation {i}: code in the text column"
                )
                labels = operation.locator(f"{CODE_PANE} .tabbed-labels > label")
                statuses = [t for t in labels.all_inner_texts() if re.match(r"^\d{3}\b", t)]
                assert len(statuses) >= 2, f"{path} operation {i}: no response variants: {statuses}"
                # Each variant shows its own body when chosen.
                bodies = set()
                for label in statuses:
                    tab = operation.locator(
                        f"{CODE_PANE} .tabbed-labels > label", has_text=label
                    ).first
                    tab.click()
                    tabs = tab.locator("xpath=ancestor::div[contains(@class,'tabbed-set')][1]")
                    shown = tabs.locator(":scope > .tabbed-content > .tabbed-block:visible pre")
                    bodies.add(shown.inner_text())
                assert len(bodies) == len(statuses), f"{path} operation {i}: variants share a body"


# Rows of each visible tab-label strip, and whether every label can be reached where it overflows.
TAB_ROWS = """() => [...document.querySelectorAll('.md-content .tabbed-labels')]
  .filter(strip => strip.getClientRects().length)
  .map(strip => {
    const labels = [...strip.children].filter(l => l.getClientRects().length);
    const rows = new Set(labels.map(l => Math.round(l.getBoundingClientRect().top)));
    const style = getComputedStyle(strip);
    const overflows = strip.scrollWidth > strip.clientWidth + 1;
    return {
      labels: labels.map(l => l.textContent.trim()).join(' · '),
      rows: rows.size,
      reachable: !overflows || ['auto', 'scroll'].includes(style.overflowX),
      right: Math.max(...labels.map(l => l.getBoundingClientRect().right)),
      box: strip.getBoundingClientRect().right,
    };
  })"""


@pytest.mark.parametrize("viewport", [PHONE, NARROW], ids=["390", "320"])
@pytest.mark.parametrize("mode", MODES)
def test_tab_labels_take_at_most_two_rows_on_phones(
    browser: Browser, site_url: str, references: list[str], viewport: dict[str, int], mode: str
) -> None:
    """Languages and response variants (200 · 400 … · 404) stay a strip, not a block of six rows
    of labels: one scrollable row (or two), every label reachable, none past the screen."""
    for path in references:
        with opened(browser, f"{site_url}{path}?detail={mode}", viewport, True) as page:
            strips = page.evaluate(TAB_ROWS)
            assert strips, f"{path}: no tab labels"
            for strip in strips:
                rows = strip["rows"]
                assert rows <= 2, f"{path}: {rows} rows of tabs: {strip['labels']}"
                assert strip["reachable"], f"{path}: labels cut off: {strip['labels']}"
                assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), path


def test_each_object_shows_an_example_beside_its_fields(
    browser: Browser, site_url: str, all_pages: list[str]
) -> None:
    """An object section (an h2 whose first list is a field list) shows JSON beside the fields."""
    checked = 0
    for path in all_pages:
        with opened(browser, f"{site_url}{path}?detail=standard", W1440) as page:
            found = page.evaluate(
                """() => [...document.querySelectorAll('.md-content ul.vinr-fields')]
                  .filter(list => !list.parentElement.closest('ul'))
                  .filter(list => {
                    let el = list;
                    while (!el.previousElementSibling
                           && !el.parentElement.matches('.md-content__inner')) {
                      el = el.parentElement;
                    }
                    for (let p = el.previousElementSibling; p; p = p.previousElementSibling) {
                      if (/^H[2-6]$/.test(p.tagName)) return p.tagName === 'H2';
                    }
                    return false;
                  })
                  .map(list => {
                    const box = list.getBoundingClientRect();
                    const wrap = list.closest('[class*="__text"]')?.parentElement;
                    const pre = wrap && wrap.querySelector(':scope > [class*="__code"] pre');
                    const code = pre && pre.getBoundingClientRect();
                    return {right: box.right, code: code ? code.left : null};
                  })"""
            )
            for i, item in enumerate(found):
                assert item["code"] is not None, f"{path}: object {i} has no example beside it"
                assert item["code"] >= item["right"], f"{path}: object {i}: example not beside"
                checked += 1
    assert checked, "no object section found on any page"


EVENT_TYPES = [hook.name for hook in SPEC.webhooks]
# Every shown JSON block that is an event payload (its "type" is one of the spec's webhooks): is
# it in a code pane, and where it starts against the text pane beside it.
PAYLOADS = """(types) => [...document.querySelectorAll('.md-content pre')]
  .filter(pre => pre.getClientRects().length)
  .map(pre => { try { return [pre, JSON.parse(pre.innerText)]; } catch { return null; } })
  .filter(pair => pair && types.includes(pair[1]?.type))
  .map(([pre, payload]) => {
    const pane = pre.closest('[class*="__code"]');
    const text = pane && pane.parentElement.querySelector(':scope > [class*="__text"]');
    return {type: payload.type, left: pre.getBoundingClientRect().left,
            textRight: text ? text.getBoundingClientRect().right : null};
  })"""


def test_event_payloads_sit_beside_what_they_document(
    browser: Browser, site_url: str, all_pages: list[str]
) -> None:
    """An event's payload is in the code pane beside its description (the Events page) or beside
    the section listing an object's events (a reference page), never stacked in the text."""
    shown: set[str] = set()
    for path in all_pages:
        with opened(browser, f"{site_url}{path}?detail=advanced", W1440) as page:
            for tab in page.locator(".md-content .tabbed-labels > label").all():
                if tab.inner_text().strip() in EVENT_TYPES and tab.is_visible():
                    tab.click()  # every payload tab shown once
                    for payload in page.evaluate(PAYLOADS, EVENT_TYPES):
                        where = f"{path}: the {payload['type']} payload"
                        assert payload["textRight"] is not None, f"{where} is not in a code pane"
                        assert payload["left"] >= payload["textRight"], f"{where} is not beside"
                        shown.add(payload["type"])
            for payload in page.evaluate(PAYLOADS, EVENT_TYPES):
                where = f"{path}: the {payload['type']} payload"
                assert payload["textRight"] is not None, f"{where} is not in a code pane"
                assert payload["left"] >= payload["textRight"], f"{where} is not beside"
                shown.add(payload["type"])
    assert shown == set(EVENT_TYPES), f"payloads never shown: {set(EVENT_TYPES) - shown}"


# ---- 4. A mode switch keeps the reading position -------------------------------------------------

TOGGLE = "." + CLASSES["toggle"]
ADVANCED = "." + CLASSES["advanced"]
LAYOUT = (
    ".md-content__inner, .md-typeset, .vinr-operation, .vinr-object, [class*='__text'],"
    " .vinr-advanced"
)
# Marks the element under a line just below the header (in the text column) and returns its top.
# The line is 12 px down: a block showing less under the header is one the reader has scrolled
# past (detail-toggle.js reads from 4 px below the header and skips slivers under 8 px), so a
# probe nearer the header would mark a block the switch rightly lets move.
PROBE = f"""(x) => {{
  document.querySelectorAll('[data-probe]').forEach(el => el.removeAttribute('data-probe'));
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  for (let y = header + 12; y < innerHeight; y += 4) {{
    const el = document.elementFromPoint(x, y);
    if (el && el.closest('.md-content__inner') && !el.matches("{LAYOUT}")) {{
      el.setAttribute('data-probe', '1');
      return {{top: el.getBoundingClientRect().top, header, advanced: !!el.closest('{ADVANCED}')}};
    }}
  }}
  return null;
}}"""
# The first block after the probed one that Standard shows: where it is now.
NEXT_STANDARD = f"""() => {{
  const probe = document.querySelector('[data-probe]');
  const all = [...document.querySelectorAll(
    '.md-content__inner :is(p, li, h2, h3, pre, tr, .tabbed-labels)')];
  const next = all.find(el => (probe.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
    && !el.closest('{ADVANCED}') && el.getClientRects().length
    && getComputedStyle(el.closest('.vinr-operation__code') || el).position !== 'sticky');
  return next ? next.getBoundingClientRect().top : null;
}}"""


def switch(page: Page, mode: str) -> None:
    page.click(f'{TOGGLE} [data-detail-choice="{mode}"]')
    expect(page.locator("html")).to_have_attribute("data-detail", mode)


@pytest.mark.parametrize("viewport, phone", [(W1440, False), (PHONE, True)], ids=["1440", "390"])
def test_a_mode_switch_keeps_what_is_at_the_top_of_the_window(
    browser: Browser, site_url: str, references: list[str], viewport: dict[str, int], phone: bool
) -> None:
    for path in references:
        with opened(browser, f"{site_url}{path}?detail=standard", viewport, phone) as page:
            x = page.locator(".md-content__inner").evaluate(
                "el => el.getBoundingClientRect().left + 30"
            )
            height = page.evaluate("document.documentElement.scrollHeight")
            for y in range(200, height - 2 * viewport["height"], max(300, height // 12)):
                page.evaluate(f"window.scrollTo(0, {y})")
                for mode in ("advanced", "standard"):
                    before = page.evaluate(PROBE, x)
                    assert before, f"{path} at {y}: nothing under the top of the window"
                    switch(page, mode)
                    after = page.locator("[data-probe]").evaluate(
                        "el => el.getBoundingClientRect().top"
                    )
                    assert abs(after - before["top"]) <= 3, (
                        f"{path}: switching to {mode} at scrollY {y} moved the top element "
                        f"from {before['top']:.0f} to {after:.0f}"
                    )
            # Reading Advanced content that Standard hides: what follows takes its place.
            switch(page, "advanced")
            blocks = page.locator(f".md-content__inner {ADVANCED}:visible")
            for i in range(0, blocks.count(), 2):
                blocks.nth(i).evaluate(
                    "el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY"
                    " + Math.min(el.offsetHeight / 2, 40) - 60)"
                )
                before = page.evaluate(PROBE, x)
                if not before or not before["advanced"]:
                    continue
                switch(page, "standard")
                after = page.evaluate(NEXT_STANDARD)
                if page.evaluate(
                    "scrollY + innerHeight >= document.documentElement.scrollHeight - 1"
                ):
                    switch(page, "advanced")
                    continue  # the page ends: nothing below could scroll up to take the place
                limit = max(before["top"], before["header"]) + 40
                assert after is not None and before["header"] - 3 <= after <= limit, (
                    f"{path}: leaving Advanced block {i} put the next Standard block at {after} "
                    f"(header ends at {before['header']:.0f})"
                )
                switch(page, "advanced")


# ---- 5. Try it ---------------------------------------------------------------------------------

KEY_HEADER = load_config()["auth"]["header"]
RGB = re.compile(r"rgba?\((\d+), (\d+), (\d+)")


def reddish(colour: str) -> bool:
    red, green, blue = (int(part) for part in RGB.match(colour).groups())  # type: ignore[union-attr]
    return red > green + 40 and red > blue + 40


def open_try_it(page: Page, operation_index: int) -> Locator:
    operation = page.locator(OPERATION).nth(operation_index)
    operation.locator(".vinr-tryit__toggle").click()
    panel = operation.locator(".vinr-tryit__panel")
    expect(panel).to_be_visible()
    return panel


def send(panel: Locator, count: int) -> None:
    panel.get_by_role("button", name="Send").click()
    expect(panel.locator(".vinr-tryit__status")).to_have_attribute("data-sent", str(count))


def in_view(page: Page, locator: Locator, lines: float = 20) -> bool:
    """The first `lines` px of the element are on screen, under the header, and not covered."""
    return locator.evaluate(
        """(el, lines) => {
          const r = el.getBoundingClientRect();
          const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
          if (r.top < header - 1 || r.top + lines > innerHeight) return false;
          const hit = document.elementFromPoint(r.left + 10, r.top + Math.min(lines, r.height) / 2);
          return !!hit && el.contains(hit);
        }""",
        lines,
    )


@pytest.mark.parametrize("viewport", [W1440, PHONE], ids=["1440", "390"])
def test_after_send_the_status_and_the_start_of_the_body_are_in_view(
    browser: Browser, site_url: str, references: list[str], viewport: dict[str, int]
) -> None:
    for path in references:
        with opened(browser, f"{site_url}{path}", viewport, viewport is PHONE) as page:
            for i in range(page.locator(OPERATION).count()):
                panel = open_try_it(page, i)
                send(panel, 1)
                status = panel.locator(".vinr-tryit__status")
                body = panel.locator(".vinr-tryit__response pre")
                assert in_view(page, status), f"{path} operation {i}: status out of view"
                assert in_view(page, body, 60), f"{path} operation {i}: body out of view"


def test_errors_look_like_errors(browser: Browser, site_url: str, references: list[str]) -> None:
    for path in references:
        for scheme in ("light", "dark"):
            with opened(browser, f"{site_url}{path}", W1440, color_scheme=scheme) as page:
                for i in range(page.locator(OPERATION).count()):
                    panel = open_try_it(page, i)
                    send(panel, 1)
                    status = panel.locator(".vinr-tryit__status")
                    look = (
                        "el => [getComputedStyle(el).color,"
                        " getComputedStyle(el.closest('.vinr-tryit__response')).borderLeftColor]"
                    )
                    ok = status.evaluate(look)
                    code = int(status.get_attribute("data-status") or 0)
                    panel.locator(f'[data-field="{KEY_HEADER}"]').fill("")
                    send(panel, 2)
                    expect(status).to_have_attribute("data-status", re.compile(r"^[45]\d\d$"))
                    error = status.evaluate(look)
                    assert code < 400 and ok != error, (
                        f"{path} operation {i}: error looks like {code}"
                    )
                    assert reddish(error[0]), f"{path} operation {i} ({scheme}): {error[0]}"


def test_ids_created_in_one_panel_flow_into_later_panels(
    browser: Browser, site_url: str, references: list[str]
) -> None:
    flows = 0
    for path in references:
        with opened(browser, f"{site_url}{path}", W1440) as page:
            created: str | None = None
            for i in range(page.locator(OPERATION).count()):
                panel = open_try_it(page, i)
                fields = panel.locator("input[type=text][data-field]")
                values = [fields.nth(k).input_value() for k in range(fields.count())]
                if created:
                    prefix = created.split("_")[0] + "_"
                    same_kind = [v for v in values if re.fullmatch(rf"{prefix}[A-Za-z0-9]+", v)]
                    for value in same_kind:
                        assert value == created, f"{path} operation {i}: {value}, not {created}"
                        flows += 1
                send(panel, 1)
                reply = json.loads(panel.locator(".vinr-tryit__response pre").inner_text())
                status = int(panel.locator(".vinr-tryit__status").get_attribute("data-status"))
                made = reply.get("id") if isinstance(reply, dict) else None
                if status < 300 and made and made not in values and not reply.get("deleted"):
                    created = made
    assert flows, "no panel on any page reads an id another panel created"


def test_validation_messages_read_as_errors(
    browser: Browser, site_url: str, references: list[str]
) -> None:
    checked = 0
    for path in references:
        with opened(browser, f"{site_url}{path}", W1440) as page:
            keyword = page.evaluate(
                "getComputedStyle(document.querySelector('.md-typeset'))"
                ".getPropertyValue('--md-code-hl-keyword-color').trim()"
            )
            for i in range(page.locator(OPERATION).count()):
                panel = open_try_it(page, i)
                required = panel.locator(
                    f'input[type=text][aria-required=true]:not([data-field="{KEY_HEADER}"])'
                )
                for k in range(required.count()):
                    field = required.nth(k)
                    field.fill("")
                    expect(field).to_have_attribute("aria-invalid", "true")
                    note = panel.locator(f"#{field.get_attribute('data-message')}")
                    expect(note).to_be_visible()
                    colour = note.evaluate("el => getComputedStyle(el).color")
                    keyword_rgb = page.evaluate(
                        "c => { const d = document.createElement('i'); d.style.color = c;"
                        " document.body.append(d); const v = getComputedStyle(d).color;"
                        " d.remove(); return v; }",
                        keyword,
                    )
                    assert colour != keyword_rgb and reddish(colour), f"{path} op {i}: {colour}"
                    badge = panel.locator(".vinr-required").first.evaluate(
                        "el => getComputedStyle(el).color"
                    )
                    assert badge != keyword_rgb, f"{path} op {i}: 'required' in keyword colour"
                    checked += 1
    assert checked, "no required field in any panel"


# ---- 6. Search ---------------------------------------------------------------------------------


def search(page: Page, query: str) -> Locator:
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    expect(page.locator(".md-search-result__item")).to_have_count(0)
    # One key press for the whole query (the search runs on key up): typed key by key, the
    # results of a prefix ("i" for "id") can be on screen when the check reads them.
    box.fill(query[:-1])
    page.keyboard.type(query[-1])
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    return results


def outline(page: Page) -> list[dict[str, str]]:
    """Sub-section headings of operations: id, title and the operation's title."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.vinr-operation h3[id]')].map(h => ({
            id: h.id, title: h.textContent.replace('¶', '').trim(),
            operation: h.closest('.vinr-operation').querySelector('h2')
              .textContent.replace('¶', '').trim(),
        }))"""
    )


def test_search_results_name_their_operation_and_keep_the_query(
    browser: Browser, site_url: str, references: list[str]
) -> None:
    checked = 0
    for path in references:
        with opened(browser, f"{site_url}{path}?detail=advanced", W1440) as page:
            for heading in outline(page):
                results = search(page, heading["title"])
                page.locator(".md-search-result__more").evaluate_all(
                    "els => els.forEach(el => { el.open = true; })"
                )
                link = page.locator(f".md-search-result__link[href*='#{heading['id']}']").first
                expect(link).to_be_attached()
                title = " ".join((link.locator("h1, h2").first.text_content() or "").split())
                assert heading["operation"] in title, f"{path}: result {title!r} names no operation"
                hrefs = [
                    results.nth(k).locator("a").first.get_attribute("href") or ""
                    for k in range(results.count())
                ]
                assert all("h=" in href for href in hrefs), f"{path}: a result drops the query"
                page.keyboard.press("Escape")
                checked += 1
    assert checked, "no operation sub-section on any reference page"


LEADS = "li[id] > .vinr-anchor + :is(code, strong)"


def definitions(browser: Browser, site_url: str, pages: list[str]) -> dict[str, set[str]]:
    """Every field or parameter definition on `pages`: absolute URL#id → names."""
    found: dict[str, set[str]] = {}
    for path in pages:
        with opened(browser, f"{site_url}{path}", W1440) as page:
            pairs = page.evaluate(
                f"() => [...document.querySelectorAll('{LEADS}')]"
                ".map(e => [e.parentElement.id, e.textContent.trim()])"
            )
        for anchor, name in pairs:
            found.setdefault(f"{site_url}{path}#{anchor}", set()).add(name)
    return found


def test_a_field_or_parameter_query_lands_on_its_definition_without_glyphs(
    browser: Browser, site_url: str, references: list[str], all_pages: list[str]
) -> None:
    # A name several pages define ("id": objects, events) may land on any definition of it.
    defined = definitions(browser, site_url, all_pages)
    missed: list[str] = []
    for path in references:
        with opened(browser, f"{site_url}{path}", W1440) as page:
            names = page.evaluate(
                f"() => [...new Set([...document.querySelectorAll('{LEADS}')]"
                ".map(e => e.textContent.trim()))]"
            )
            assert names, f"{path}: no field or parameter"
            for name in names:
                search(page, name)
                top_sections = page.locator(".md-search-result__list .md-search-result__item")
                texts = top_sections.all_inner_texts()
                assert not any(re.search(r"(^|\s)#\w", t) for t in texts), f"{path}: '#' in {name}"
                # The first result leading into a page is a definition of it (on this page or
                # another one that defines the same name), not a child or a mention.
                hrefs = page.locator(
                    ".md-search-result__list a.md-search-result__link"
                ).evaluate_all(
                    "links => links.map(a => new URL(a.getAttribute('href'), location.href).href)"
                )
                targets = [re.sub(r"\?[^#]*", "", h) for h in hrefs if "#" in h]
                first = targets[0] if targets else "nothing"
                if name not in defined.get(first, ()):
                    missed.append(f"{name!r} → {first.split('/')[-1]}")
                page.keyboard.press("Escape")
    assert not missed, "the first result is not the definition:\n" + "\n".join(missed)


# ---- 7. Keyboard ---------------------------------------------------------------------------------

FIRST_SAMPLE_STOPS = 10  # "a handful" of Tab stops from the skip link to the first sample
# Is the focused element something a sighted keyboard user can see (a radio or checkbox counts
# when its label does)?
FOCUS_SEEN = """() => {
  const seen = el => {
    if (!el || !el.getClientRects().length) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || r.right <= 0 || r.left >= innerWidth) return false;
    for (let node = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.visibility === 'hidden' || Number(style.opacity) === 0
          && !(node === el && node.matches('input'))) return false;
    }
    return true;
  };
  const el = document.activeElement;
  if (el.matches('input[type=radio], input[type=checkbox]') && el.id) {
    // Its label, or (Material's palette switch) the label right after it that stands for it.
    const next = el.nextElementSibling?.matches('label') ? [el.nextElementSibling] : [];
    return seen(el) || [...document.querySelectorAll(`label[for="${el.id}"]`), ...next].some(seen);
  }
  return seen(el);
}"""


def tab_to_first_sample(page: Page, limit: int) -> int | None:
    page.keyboard.press("Tab")  # the skip link
    expect(page.locator(":focus")).to_have_class(re.compile("md-skip"))
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash.length > 1")
    for stops in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.vinr-sample')"):
            return stops
    return None


def test_a_handful_of_tab_stops_from_the_skip_link_to_the_first_sample(
    browser: Browser, site_url: str, references: list[str]
) -> None:
    """Every stop counts, the author's prose links included."""
    for path in references:
        with opened(browser, f"{site_url}{path}", W1440) as page:
            stops = tab_to_first_sample(page, 60)
            assert stops is not None and stops <= FIRST_SAMPLE_STOPS, (
                f"{path}: {stops} Tab stops from the skip link to the first sample"
            )


def test_field_links_stay_reachable_by_keyboard(
    browser: Browser, site_url: str, references: list[str]
) -> None:
    for path in references:
        with opened(browser, f"{site_url}{path}", W1440) as page:
            lists = page.locator(f"{OPERATION} ul:has(> li > .vinr-anchor)")
            for i in range(lists.count()):
                links = lists.nth(i).locator(":scope > li > .vinr-anchor")
                first = links.first
                first.focus()
                for k in range(1, links.count()):
                    page.keyboard.press("ArrowDown")
                    expect(links.nth(k)).to_be_focused()


@pytest.mark.parametrize("viewport", [PHONE, NARROW], ids=["390", "320"])
def test_nothing_focusable_is_invisible_on_phones(
    browser: Browser, site_url: str, all_pages: list[str], viewport: dict[str, int]
) -> None:
    for path in all_pages:
        with opened(browser, f"{site_url}{path}", viewport, phone=True) as page:
            hidden = []
            for stop in range(1, 25):
                page.keyboard.press("Tab")
                try:  # a control may fade in as it takes focus (Material's search overlay)
                    page.wait_for_function(FOCUS_SEEN, timeout=1500)
                except PlaywrightTimeout:
                    hidden.append(
                        f"{stop}: " + page.evaluate("document.activeElement.outerHTML.slice(0, 90)")
                    )
            assert not hidden, f"{path}: invisible Tab stops:\n" + "\n".join(hidden)


# Each visible field link as a reader on a touch screen sees it: the glyph's colour (its opacity
# and every translucent layer under it composited down to the page) against its actual background,
# against the text around it (the field's own words), and whether something other than colour
# (an underline) says it is a link.
FIELD_LINK_LOOKS = """() => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const over = (top, under) => { const a = top[3] ?? 1;
    return top.slice(0, 3).map((v, i) => v * a + under[i] * (1 - a)); };
  const background = el => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if ((c[3] ?? 1) > 0) layers.push(c);
      if ((c[3] ?? 1) >= 1) break;
    }
    return layers.reverse().reduce((under, layer) => over(layer, under), [255, 255, 255]);
  };
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (x, y) => { const [a, b] = [lum(x), lum(y)].sort((p, q) => q - p);
    return (a + 0.05) / (b + 0.05); };
  return [...document.querySelectorAll('.vinr-anchor')].filter(a => a.getClientRects().length)
    .map(a => {
      const style = getComputedStyle(a), glyph = getComputedStyle(a, '::before');
      const bg = background(a);
      const fg = rgb(glyph.color);
      fg[3] = (fg[3] ?? 1) * Number(style.opacity);
      const seen = over(fg, bg);
      const text = over(rgb(getComputedStyle(a.parentElement).color), bg);
      const line = rgb(glyph.textDecorationColor);
      return {
        id: a.parentElement.id,
        background: ratio(seen, bg),
        text: ratio(seen, text),
        underlined: glyph.textDecorationLine.includes('underline') && (line[3] ?? 1) > 0.5
          && ratio(over(line, bg), bg) >= 3,
      };
    });
}"""


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_field_links_on_touch_screens_stand_out(
    browser: Browser, site_url: str, references: list[str], scheme: str, mode: str
) -> None:
    """On a touch screen (no hover: the "#" is always shown) the glyph reads at 4.5:1 on its
    background, and is told apart from the field's words: 3:1 against them or an underline
    (WCAG 1.4.1; the issue measured 1.81:1 against the text in dark mode)."""
    for path in references:
        with opened(
            browser, f"{site_url}{path}?detail={mode}", PHONE, True, color_scheme=scheme
        ) as page:
            assert page.evaluate(
                "matchMedia('(hover: none)').matches && matchMedia('(pointer: coarse)').matches"
            ), "the phone context does not emulate a touch screen"
            links = page.evaluate(FIELD_LINK_LOOKS)
            assert links, f"{path}: no field link"
            for link in links:
                assert link["background"] >= 4.5, (
                    f"{path} ({scheme}) #{link['id']}: {link['background']:.2f}:1 on its background"
                )
                assert link["text"] >= 3 or link["underlined"], (
                    f"{path} ({scheme}) #{link['id']}: {link['text']:.2f}:1 against the text "
                    "beside it, and nothing but colour marks it as a link"
                )


# ---- 8. Layout across pages ----------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [W1440, W1280], ids=["1440", "1280"])
def test_the_header_is_the_same_on_every_page(
    browser: Browser, site_url: str, all_pages: list[str], viewport: dict[str, int]
) -> None:
    places: dict[str, list[float]] = {}
    for path in all_pages:
        with opened(browser, f"{site_url}{path}", viewport) as page:
            places[path] = [
                page.locator(selector).first.evaluate("el => el.getBoundingClientRect().left")
                for selector in (
                    ".md-header__button.md-logo",
                    ".md-search",
                    "." + CLASSES["toggle"],
                )
            ]
            expect(page.locator("." + CLASSES["toggle"])).to_be_visible()
    first = next(iter(places.values()))
    moved = {
        path: p
        for path, p in places.items()
        if any(abs(a - b) > 1 for a, b in zip(p, first, strict=True))
    }
    assert not moved, f"the header moves between pages: {places}"


def test_code_is_in_the_first_screen_at_1280(
    browser: Browser, site_url: str, references: list[str]
) -> None:
    for path in references:
        with opened(browser, f"{site_url}{path}", W1280) as page:
            shown = page.evaluate(
                "() => [...document.querySelectorAll('.md-content pre')].some(p => {"
                " const r = p.getBoundingClientRect();"
                " return r.height > 0 && r.top < innerHeight - 40 && r.bottom > 60; })"
            )
            assert shown, f"{path}: no code in the first screen at 1280"


# ---- 9. The `mkdocs serve` failure banner --------------------------------------------------------


def test_a_failure_banner_selects_the_failing_tab_and_wraps(
    browser: Browser, built_site: Build, references: list[str], tmp_path: Path
) -> None:
    """The hook's own banner (`html_banner`, placed as `with_failures` places it: right before the
    failing sample's block) for a language that is not the page's default tab."""
    site = tmp_path / "site"
    shutil.copytree(built_site.site_dir, site)
    failing = LANGUAGES[-1].tab
    report = "AssertionError: " + " ".join(["the reply differs from response.json"] * 12)
    for path in references:
        page_file = site / path.lstrip("/")
        text = page_file.read_text(encoding="utf-8")
        at = text.find('<div class="vinr-sample')
        page_file.write_text(text[:at] + html_banner(report, failing) + text[at:], "utf-8")
    server, url = serve_directory(site)
    try:
        for path in references:
            for viewport in (W1440, PHONE):
                with opened(browser, f"{url}{path}", viewport, viewport is PHONE) as page:
                    banner = page.locator(".vinr-verification-failed").first
                    sample = page.locator(".vinr-verification-failed + .vinr-sample").first
                    tabs = sample.locator(".tabbed-set").first
                    checked = tabs.locator(":scope > input:checked")
                    label = tabs.locator(f'label[for="{checked.get_attribute("id")}"]')
                    expect(label).to_have_text(failing)
                    code = banner.locator("pre code")
                    sizes = code.evaluate(
                        "el => [el.scrollWidth, el.clientWidth, el.closest('pre').scrollWidth,"
                        " el.closest('pre').clientWidth]"
                    )
                    assert sizes[0] <= sizes[1] + 1 and sizes[2] <= sizes[3] + 1, (
                        f"{path}: the report's lines run past the pane ({sizes})"
                    )
    finally:
        server.shutdown()
