"""The reference as a reader uses it, desktop and phone, mouse and keyboard (issue 11).

Every test that reads a page runs on every reference page found by discovery (the `url`
parameter). Everything is discovered on the page: operations are `.vinr-operation` (text pane +
code pane), fields and parameters are the elements with an id holding a `.vinr-anchor`, Advanced
content is `.vinr-advanced`. Names come from `vinr_docs.reader.PAGE_CONFIG`, as the page's
scripts read them.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from derived import reference_pages
from vinr_docs.reader import PAGE_CONFIG

pytestmark = pytest.mark.browser

PAGES = {page.url: page for page in reference_pages()}  # every page found by discovery
CLASSES = PAGE_CONFIG["classes"]
TOGGLE = "." + CLASSES["toggle"]
OPERATION = "." + CLASSES["operation"]
TEXT_PANE = f"{OPERATION}__text"
CODE_PANE = "." + CLASSES["operationCode"]
ADVANCED = "." + CLASSES["advanced"]
STORAGE_KEY = PAGE_CONFIG["storageKey"]
MODES = PAGE_CONFIG["modes"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`url`: each discovered reference page's URL path, one case each."""
    if "url" in metafunc.fixturenames:
        metafunc.parametrize("url", list(PAGES), ids=[u.strip("/") for u in PAGES])


DESKTOP = {"width": 1280, "height": 800}
WIDE = {"width": 1440, "height": 900}
ONE_COLUMN = {"width": 1100, "height": 800}
PHONE = {"width": 390, "height": 844}
NARROW_PHONE = {"width": 320, "height": 640}


def open_page(
    browser: Browser,
    page_url: str,
    viewport: dict[str, int],
    query: str = "",
    phone: bool = False,
    **options: object,
) -> Page:
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, **options)
    page = context.new_page()
    page.goto(f"{page_url}{query}", wait_until="networkidle")
    return page


def rect(page: Page, selector: str, index: int = 0) -> dict[str, float]:
    return (
        page.locator(selector)
        .nth(index)
        .evaluate(
            "el => { const r = el.getBoundingClientRect();"
            " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }"
        )
    )


# ---- Two panes ---------------------------------------------------------------------------------


def operations(page: Page) -> int:
    count = page.locator(OPERATION).count()
    assert count > 0, f"no {OPERATION} on {page.url}"
    return count


@pytest.mark.parametrize("viewport", [DESKTOP, WIDE], ids=["1280", "1440"])
@pytest.mark.parametrize("mode", MODES)
def test_wide_screens_show_each_sample_beside_its_text(
    browser: Browser, site_url: str, url: str, viewport: dict[str, int], mode: str
) -> None:
    page = open_page(browser, site_url + url, viewport, f"?detail={mode}")
    for i in range(operations(page)):
        operation = page.locator(OPERATION).nth(i)
        text = operation.locator(TEXT_PANE).bounding_box()
        code = operation.locator(CODE_PANE).bounding_box()
        assert text and code
        assert code["x"] >= text["x"] + text["width"], f"operation {i}: code not right of text"
        assert abs(code["y"] - text["y"]) < 2, f"operation {i}: panes do not start together"
        both = code["x"] + code["width"] - text["x"]
        assert code["width"] >= 0.4 * both, f"operation {i}: code pane too narrow"
    page.context.close()


def test_code_pane_stays_on_screen_while_its_operation_is_read(
    browser: Browser, site_url: str, url: str
) -> None:
    page = open_page(browser, site_url + url, DESKTOP, "?detail=advanced")
    header = rect(page, ".md-header")["bottom"]
    checked = 0
    for i in range(operations(page)):
        operation = page.locator(OPERATION).nth(i)
        box = operation.bounding_box()
        code = operation.locator(CODE_PANE).bounding_box()
        assert box and code
        if box["height"] < code["height"] + 200:
            continue  # too short to scroll past its sample: nothing to stick
        # Scroll halfway through what the text adds to the pane: the pane is stuck beside it.
        top = page.evaluate("scrollY") + box["y"] - header + (box["height"] - code["height"]) / 2
        page.evaluate(f"window.scrollTo(0, {top})")
        now = operation.locator(CODE_PANE).evaluate(
            "el => { const r = el.getBoundingClientRect(); return [r.top, r.bottom]; }"
        )
        if code["height"] <= DESKTOP["height"] - header:
            assert header <= now[0] <= header + 40, f"operation {i}: code pane top at {now[0]}"
            assert now[1] <= DESKTOP["height"], f"operation {i}: code pane runs off screen"
        else:
            # Taller than the window: it sticks by its end, which is on screen.
            assert DESKTOP["height"] - 40 <= now[1] <= DESKTOP["height"], f"operation {i}: {now}"
        checked += 1
    assert checked, "no operation long enough to check stickiness (Advanced mode)"
    page.context.close()


@pytest.mark.parametrize("viewport", [ONE_COLUMN, PHONE], ids=["1100", "390"])
def test_narrower_screens_read_text_then_code(
    browser: Browser, site_url: str, url: str, viewport: dict[str, int]
) -> None:
    page = open_page(browser, site_url + url, viewport, "?detail=standard")
    for i in range(operations(page)):
        operation = page.locator(OPERATION).nth(i)
        text = operation.locator(TEXT_PANE).bounding_box()
        code = operation.locator(CODE_PANE).bounding_box()
        assert text and code and code["y"] >= text["y"] + text["height"] - 1
        assert operation.locator(CODE_PANE).evaluate("el => getComputedStyle(el).position") != (
            "sticky"
        )
    page.context.close()


@pytest.mark.parametrize("how", ["no-js", "print"])
def test_without_javascript_and_in_print_one_column_in_reading_order(
    browser: Browser, site_url: str, url: str, how: str
) -> None:
    page = open_page(browser, site_url + url, WIDE, java_script_enabled=how == "print")
    if how == "print":
        page.emulate_media(media="print")
    for i in range(operations(page)):
        operation = page.locator(OPERATION).nth(i)
        text = operation.locator(TEXT_PANE).bounding_box()
        code = operation.locator(CODE_PANE).bounding_box()
        assert text and code and code["y"] >= text["y"] + text["height"] - 1
        expect(operation.locator(ADVANCED).first).to_be_visible()
    page.context.close()


# ---- The detail control never covers content -----------------------------------------------------

COVERED = """([toggle]) => {
  const t = document.querySelector(toggle).getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect();
  const below = header.bottom;
  const hits = [];
  for (const el of document.querySelectorAll(
      '.md-content :is(p, li, a, button, label, code, pre, h1, h2, h3, h4, td, th, input)')) {
    for (const r of el.getClientRects()) {
      // Only what is on screen: content scrolled under the opaque header bar is not "covered".
      const top = Math.max(r.top, below), bottom = r.bottom;
      if (bottom <= top) continue;
      if (r.right > t.left && r.left < t.right && bottom > t.top && top < t.bottom) {
        hits.push(el.tagName + '.' + el.className);
        break;
      }
    }
  }
  const inside = t.top >= header.top - 0.5 && t.bottom <= header.bottom + 0.5;
  const cx = (t.left + t.right) / 2, cy = (t.top + t.bottom) / 2;
  const onTop = document.querySelector(toggle).contains(document.elementFromPoint(cx, cy));
  return {hits, inside, onTop, width: t.width};
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE, NARROW_PHONE], ids=["1280", "390", "320"])
@pytest.mark.parametrize("mode", MODES)
def test_detail_control_never_covers_content_and_is_always_reachable(
    browser: Browser,
    site_url: str,
    url: str,
    viewport: dict[str, int],
    mode: str,
    record_property,  # type: ignore[no-untyped-def]
) -> None:
    phone = viewport["width"] < 600
    page = open_page(browser, site_url + url, viewport, f"?detail={mode}", phone=phone)
    height = page.evaluate("document.documentElement.scrollHeight")
    step = viewport["height"] // 3
    positions = list(range(0, height, step))
    covered = []
    for y in positions:
        page.evaluate(f"window.scrollTo(0, {y})")
        result = page.evaluate(COVERED, [TOGGLE])
        assert result["width"] > 0, f"control not shown at scroll {y}"
        assert result["inside"], f"control left the header bar at scroll {y}"
        assert result["onTop"], f"something covers the control at scroll {y}"
        if result["hits"]:
            covered.append((y, result["hits"]))
    record_property(
        f"quality: detail control overlap, {viewport['width']} px {mode}",
        f"{len(covered)} of {len(positions)} scroll positions",
    )
    page.context.close()
    assert not covered, covered[:5]


# ---- Keyboard, focus, announcements, touch targets ---------------------------------------------


def luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# Colour of the focus outline of `el` and the opaque background behind it (nearest ancestor with
# one), both as [r, g, b].
RING_AND_BACKGROUND = """el => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const s = getComputedStyle(el);
  let bg = null;
  for (let n = el.parentElement; n; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c.length < 4 || c[3] === 1) { bg = c.slice(0, 3); break; }
  }
  return {ring: rgb(s.outlineColor).slice(0, 3), style: s.outlineStyle,
          width: parseFloat(s.outlineWidth), background: bg || [255, 255, 255]};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_detail_control_focus_ring_has_3_to_1_contrast(
    browser: Browser, site_url: str, url: str, scheme: str
) -> None:
    page = open_page(browser, site_url + url, DESKTOP, color_scheme=scheme)
    radio = page.locator(f'{TOGGLE} [data-detail-choice="standard"]')
    for _ in range(3):
        page.keyboard.press("Tab")
        if radio.evaluate("el => el === document.activeElement"):
            break
    expect(radio).to_be_focused()
    # The ring is drawn on the choice the radio covers; the bar is the background around it.
    choice = page.locator(f"{TOGGLE}__choice", has=page.locator('[data-detail-choice="standard"]'))
    ring = choice.evaluate(RING_AND_BACKGROUND)
    header = page.locator(".md-header").evaluate(
        "el => getComputedStyle(el).backgroundColor.match(/[\\d.]+/g).slice(0, 3).map(Number)"
    )
    page.context.close()
    assert ring["style"] != "none" and ring["width"] >= 2, ring
    assert contrast(tuple(ring["ring"]), tuple(header)) >= 3, (ring, header)


def test_switching_is_announced_politely(browser: Browser, site_url: str, url: str) -> None:
    page = open_page(browser, site_url + url, DESKTOP)
    status = page.locator(f"{TOGGLE} [role=status]")
    expect(status).to_have_attribute("role", "status")  # implicit aria-live="polite"
    count = page.locator(f".md-content {ADVANCED}").count()
    page.locator(f'{TOGGLE} [data-detail-choice="advanced"]').click()
    expect(status).to_have_text(f"Advanced detail: {count} Advanced sections shown.")
    page.locator(f'{TOGGLE} [data-detail-choice="standard"]').click()
    expect(status).to_have_text(f"Standard detail: {count} Advanced sections hidden.")
    page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE, NARROW_PHONE], ids=["1280", "390", "320"])
def test_detail_choices_are_44px_touch_targets(
    browser: Browser, site_url: str, url: str, viewport: dict[str, int]
) -> None:
    page = open_page(browser, site_url + url, viewport, phone=viewport["width"] < 600)
    choices = page.locator(f"{TOGGLE} [data-detail-choice]")
    expect(choices).to_have_count(len(MODES))
    for i in range(len(MODES)):
        box = choices.nth(i).bounding_box()
        assert box and box["width"] >= 44 and box["height"] >= 44, box
        # The target is the radio itself, not something drawn over it.
        hit = choices.nth(i).evaluate(
            "el => { const r = el.getBoundingClientRect(); return"
            " document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === el; }"
        )
        assert hit
    page.context.close()


# ---- Links into Advanced content and search ------------------------------------------------------


def test_toggling_puts_the_mode_in_the_url_without_a_history_entry(
    page: Page, site_url: str, url: str
) -> None:
    anchor = PAGES[url].operation_headings[-1].anchor  # a Standard heading, far down
    page.goto(f"{site_url}{url}#{anchor}")
    length = page.evaluate("history.length")
    page.locator(f'{TOGGLE} [data-detail-choice="advanced"]').click()
    expect(page).to_have_url(f"{site_url}{url}?detail=advanced#{anchor}")
    assert page.evaluate("history.length") == length
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") == "advanced"


# A word that occurs in Advanced content only (discovered, so the test follows the page); with
# `sections`, only in Advanced blocks that hold a heading (search results point at headings).
ADVANCED_ONLY_WORD = """([advanced, sections]) => {
  // Text node by text node: table cells and list items are separate words, not one run.
  // Prose only on the Advanced side: Material highlights the terms in text, not in code.
  const textOf = (root, prose) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const parts = [];
    while (walker.nextNode()) {
      if (!prose || !walker.currentNode.parentElement.closest('pre')) {
        parts.push(walker.currentNode.nodeValue);
      }
    }
    return parts.join(' ');
  };
  const words = (root, prose) =>
    new Set(textOf(root, prose).toLowerCase().match(/[a-z_]{6,}/g) || []);
  const article = document.querySelector('.md-content article');
  const standard = article.cloneNode(true);
  standard.querySelectorAll(advanced).forEach(el => el.remove());
  const common = words(standard);
  const only = [...article.querySelectorAll(advanced)]
    .filter(el => !sections || el.querySelector(':is(h2, h3)[id]'))
    .flatMap(el => [...words(el, true)]).filter(w => !common.has(w));
  return only.sort((a, b) => b.length - a.length)[0] || null;
}"""


def test_search_landing_with_matches_only_in_advanced_shows_them(
    page: Page, site_url: str, url: str
) -> None:
    page.goto(f"{site_url}{url}")
    word = page.evaluate(ADVANCED_ONLY_WORD, [ADVANCED, False])
    assert word, "no Advanced-only word on the page"
    page.goto(f"{site_url}{url}?h={word}", wait_until="networkidle")
    expect(page.locator("html")).to_have_attribute("data-detail", "advanced")
    # Material highlights the matches once they are shown; the first one is on screen.
    marks = page.locator("mark[data-md-highlight]")
    expect(marks.first).to_be_visible()
    expect(page.locator(f"{TOGGLE} [role=status]")).to_contain_text("in Advanced content")
    # A search landing is not the reader's choice.
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") is None
    page.goto(f"{site_url}{url}")
    expect(page.locator("html")).to_have_attribute("data-detail", "standard")


def test_search_landing_with_visible_matches_stays_standard(
    page: Page, site_url: str, url: str
) -> None:
    # The longest word of the page's first operation heading, which Standard shows.
    word = max(PAGES[url].operation_headings[0].title.split(), key=len).lower()
    page.goto(f"{site_url}{url}?h={word}", wait_until="networkidle")
    expect(page.locator("mark[data-md-highlight]").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("data-detail", "standard")


def test_search_results_into_advanced_content_are_marked(
    page: Page, site_url: str, url: str
) -> None:
    page.goto(f"{site_url}{url}", wait_until="networkidle")
    word = page.evaluate(ADVANCED_ONLY_WORD, [ADVANCED, True])
    assert word, f"no word only in an Advanced section of {url}"
    heading_ids = page.evaluate(
        """(advanced) => [...document.querySelectorAll('.md-content :is(h2, h3)[id]')]
             .map(h => [h.id, !!h.closest(advanced)])""",
        ADVANCED,
    )
    page.keyboard.press("/")
    page.keyboard.type(word)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    page.locator(".md-search-result__more > summary").evaluate_all(
        "els => els.forEach(el => el.parentElement.open = true)"
    )
    links = page.locator(".md-search-result__link").evaluate_all(
        """links => links.map(a => [new URL(a.href).pathname, new URL(a.href).hash.slice(1),
             [...a.querySelectorAll('.md-tag')].map(t => t.textContent.trim())])"""
    )
    # This page's results (the search is site-wide; the other pages have their own cases).
    links = [(anchor, tags) for path, anchor, tags in links if path == url]
    advanced = {id_ for id_, is_advanced in heading_ids if is_advanced}
    tag = PAGE_CONFIG["advancedSearchTag"]
    assert any(anchor in advanced for anchor, _ in links), links
    for anchor, tags in links:
        assert (tag in tags) == (anchor in advanced), (anchor, tags)


# ---- Field and parameter links -------------------------------------------------------------------

ANCHORED = f"[id]:has(> .{CLASSES['anchor']}), [id]:has(> :not(ul, ol) .{CLASSES['anchor']})"


def test_every_field_link_points_at_its_item(page: Page, site_url: str, url: str) -> None:
    page.goto(f"{site_url}{url}?detail=advanced")
    pairs = page.locator(f".{CLASSES['anchor']}").evaluate_all(
        """links => links.map(a => [new URL(a.href).hash, a.closest('[id]')?.id,
             a.getAttribute('aria-label')])"""
    )
    assert pairs, "no field or parameter links on the page"
    for href, owner, label in pairs:
        assert href == f"#{owner}" and label, (href, owner, label)


def test_field_link_shows_on_hover_and_focus_and_target_is_highlighted(
    page: Page, site_url: str, url: str
) -> None:
    page.goto(f"{site_url}{url}")
    item = page.locator(ANCHORED).filter(visible=True).first
    link = item.locator(f".{CLASSES['anchor']}").first
    opacity = "el => getComputedStyle(el).opacity"
    assert link.evaluate(opacity) == "0"
    item.hover()
    expect(link).to_have_css("opacity", "1")
    page.mouse.move(0, 0)
    link.focus()
    expect(link).to_have_css("opacity", "1")
    background = item.evaluate("el => getComputedStyle(el).backgroundColor")
    link.click()
    expect(page).to_have_url(f"{site_url}{url}#{item.get_attribute('id')}")
    expect(item).not_to_have_css("background-color", background)


def test_field_links_always_show_on_touch_screens(
    browser: Browser, site_url: str, url: str
) -> None:
    page = open_page(browser, site_url + url, PHONE, phone=True)
    assert page.evaluate("matchMedia('(hover: none)').matches")
    link = page.locator(ANCHORED).filter(visible=True).first.locator(f".{CLASSES['anchor']}").first
    expect(link).to_have_css("opacity", "1")
    page.context.close()


# ---- Language tabs -------------------------------------------------------------------------------


def test_language_tabs_are_a_named_group_announced_once(
    page: Page, site_url: str, url: str
) -> None:
    page.goto(f"{site_url}{url}", wait_until="networkidle")
    code_pane = page.locator(CODE_PANE).first
    group = code_pane.get_by_role("radiogroup", name="Language")
    expect(group).to_have_count(1)
    snapshot = code_pane.locator(".tabbed-set").first.aria_snapshot()
    for language in PAGE_CONFIG["languages"]:
        assert f'radio "{language}"' in snapshot, snapshot
        # Once: as the radio, not again as the label's text (code lines may mention it).
        mentions = [
            line
            for line in snapshot.splitlines()
            if language in line and not line.lstrip().startswith("- code")
        ]
        assert len(mentions) == 1, snapshot


def test_clicking_a_tab_leaves_the_url_and_history_alone(
    page: Page, site_url: str, url: str
) -> None:
    page.goto(f"{site_url}{url}", wait_until="networkidle")
    before, length = page.url, page.evaluate("history.length")
    tabs = page.locator(CODE_PANE).first.locator(".tabbed-labels > label")
    tabs.nth(2).click()
    expect(page.locator(CODE_PANE).first.locator(".tabbed-set > input").nth(2)).to_be_checked()
    assert page.url == before and page.evaluate("history.length") == length


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focused_language_tab_shows_more_than_a_colour(
    browser: Browser, site_url: str, url: str, scheme: str
) -> None:
    page = open_page(browser, site_url + url, DESKTOP, color_scheme=scheme)
    tab_set = page.locator(CODE_PANE).first.locator(".tabbed-set").first
    tab_set.locator(":scope > input").first.focus()
    page.keyboard.press("ArrowRight")  # keyboard focus: :focus-visible
    label = tab_set.locator(".tabbed-labels > label").nth(1)
    expect(tab_set.locator(":scope > input").nth(1)).to_be_focused()
    ring = label.evaluate(RING_AND_BACKGROUND)
    decoration = label.evaluate("el => getComputedStyle(el).textDecorationLine")
    page.context.close()
    assert ring["style"] != "none" and ring["width"] >= 2, ring
    assert contrast(tuple(ring["ring"]), tuple(ring["background"])) >= 3, ring
    assert "underline" in decoration


# ---- Phones --------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [PHONE, NARROW_PHONE], ids=["390", "320"])
@pytest.mark.parametrize("mode", MODES)
def test_nothing_overflows_on_phones(
    browser: Browser, site_url: str, url: str, viewport: dict[str, int], mode: str
) -> None:
    page = open_page(browser, site_url + url, viewport, f"?detail={mode}", phone=True)
    width = viewport["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # Nothing of the content reaches past the screen's edge, except inside a scrolling code block.
    outside = page.evaluate(
        """(width) => [...document.querySelectorAll('.md-content *')]
          // Code scrolls inside its block; a visually hidden table header is clipped to 1px.
          .filter(el => el.getClientRects().length && !el.closest('pre, .tabbed-labels, thead'))
          .filter(el => el.getBoundingClientRect().right > width + 0.5)
          .map(el => el.tagName + '.' + el.className).slice(0, 5)""",
        width,
    )
    page.context.close()
    assert not outside, outside


# ---- Copy buttons --------------------------------------------------------------------------------

# Copy buttons on screen whose box overlaps a line of their block's code text.
BUTTONS_ON_CODE = """() => {
  const hits = [];
  for (const button of document.querySelectorAll('.md-content .md-code__button')) {
    const b = button.getBoundingClientRect();
    if (!b.width) continue;
    const code = button.closest('pre').querySelector('code');
    const range = document.createRange();
    range.selectNodeContents(code);
    for (const r of range.getClientRects()) {
      if (r.width && r.right > b.left && r.left < b.right && r.bottom > b.top && r.top < b.bottom) {
        hits.push(button.dataset.clipboardTarget);
        break;
      }
    }
  }
  return hits;
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE, NARROW_PHONE], ids=["1280", "390", "320"])
@pytest.mark.parametrize("mode", MODES)
def test_copy_buttons_never_sit_on_code_text(
    browser: Browser, site_url: str, url: str, viewport: dict[str, int], mode: str
) -> None:
    page = open_page(browser, site_url + url, viewport, f"?detail={mode}")
    buttons = page.locator(".md-content .md-code__button").filter(visible=True)
    assert buttons.count() > 0
    hits = page.evaluate(BUTTONS_ON_CODE)
    page.context.close()
    assert not hits, hits


def test_instant_navigation_keeps_reader_features(
    instant_page: Page, site_url: str, url: str, all_pages: list[str]
) -> None:
    page = instant_page
    elsewhere = next(other for other in all_pages if other != url)
    page.goto(f"{site_url}{elsewhere}", wait_until="networkidle")
    page.evaluate("window.__sameDocument = true")
    name = url.rsplit("/", 1)[-1]
    page.locator(f'.md-sidebar--primary a.md-nav__link[href$="{name}"]').first.click()
    expect(page).to_have_url(f"{site_url}{url}")
    assert page.evaluate("window.__sameDocument") is True
    languages = page.locator(CODE_PANE).first.get_by_role("radiogroup", name="Language")
    expect(languages).to_have_count(1)
    page.locator(f'{TOGGLE} [data-detail-choice="advanced"]').click()
    expect(page.locator(f"{TOGGLE} [role=status]")).to_contain_text("Advanced detail")
