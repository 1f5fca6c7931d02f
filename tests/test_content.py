"""The built Customers page says exactly what the product seed says, from the snippet files.

The seed (`tests/data/seed-customers.md`, a copy of the product spec) is parsed independently of the
site: every field, endpoint, sample and JSON response in it must appear on the built page, inside
the section of the same title, in Standard content (not only in Advanced blocks).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import ROOT, Build

SEED = Path(__file__).parent / "data" / "seed-customers.md"
TAB_FOR_LANG = {"bash": "curl", "js": "JavaScript", "python": "Python", "ruby": "Ruby"}
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


@dataclass
class SeedSection:
    title: str
    body: str
    samples: dict[str, str] = field(default_factory=dict)  # tab label -> code
    response: object = None
    endpoint: str | None = None


def parse_seed() -> list[SeedSection]:
    sections = []
    for chunk in re.split(r"^## ", SEED.read_text(), flags=re.M)[1:]:
        title, _, body = chunk.partition("\n")
        section = SeedSection(title=title.strip(), body=body)
        for lang, code in FENCE.findall(body):
            if lang == "json":
                section.response = json.loads(code)
            else:
                section.samples[TAB_FOR_LANG[lang]] = code
        if match := re.search(r"^`((?:GET|POST|DELETE) /v1/\S+)`$", body, re.M):
            section.endpoint = match.group(1)
        sections.append(section)
    return sections


SEED_SECTIONS = parse_seed()
ENDPOINT_SECTIONS = [s for s in SEED_SECTIONS if s.endpoint]


def normalize(code: str) -> list[str]:
    """Lines stripped of indentation: the seed's markdown lost the samples' indentation."""
    return [line.strip() for line in code.strip().splitlines() if line.strip()]


@pytest.fixture(scope="module")
def customers_html(built_site: Build) -> BeautifulSoup:
    path = built_site.site_dir / "api-reference" / "customers.html"
    return BeautifulSoup(path.read_text(), "html.parser")


def standard_section(soup: BeautifulSoup, title: str) -> list[Tag]:
    """Elements between the h2 titled `title` and the next h2, leaving out Advanced blocks; an
    operation (`.vinr-operation`: text pane + code pane) contributes its panes' elements."""
    heading = next(
        (h for h in soup.select("article h2") if h.get_text(strip=True).rstrip("¶") == title), None
    )
    assert heading is not None, f"no section titled {title!r} on the page"
    elements = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        if not isinstance(sibling, Tag):
            continue
        if "vinr-operation" in sibling.get("class", []):
            panes = sibling.find_all(recursive=False)
            children = [child for pane in panes for child in pane.find_all(recursive=False)]
        else:
            children = [sibling]
        elements += [el for el in children if "vinr-advanced" not in el.get("class", [])]
    return elements


def tab_blocks(elements: list[Tag]) -> dict[str, str]:
    """Tab label -> code text for the first tab set among `elements`."""
    tabset = next(e for e in elements if "tabbed-set" in e.get("class", []))
    labels = [label.get_text(strip=True) for label in tabset.select(".tabbed-labels > label")]
    blocks = tabset.select(".tabbed-block")
    assert len(labels) == len(blocks) and labels, "tab set without labels"
    codes = [block.select_one("code").get_text() for block in blocks]
    return dict(zip(labels, codes, strict=True))


def response_block(elements: list[Tag]) -> tuple[str, str]:
    """(title, code) of the titled JSON block following the tabs."""
    block = next(
        e for e in elements if "highlight" in e.get("class", []) and e.select_one(".filename")
    )
    return block.select_one(".filename").get_text(strip=True), block.select_one("code").get_text()


def test_page_title_intro_and_note(customers_html: BeautifulSoup) -> None:
    seed = SEED.read_text()
    text = " ".join(customers_html.select_one("article").get_text(" ").split())
    assert customers_html.select_one("article h1").get_text(strip=True).startswith("Customers")
    assert "Create and manage customers shared across products." in text
    intro = " ".join(seed.split("\n\n")[2].split())
    assert intro in text
    note = customers_html.select_one("article .admonition.note")
    assert note is not None, "the illustrative-content note must be an admonition"
    note_text = " ".join(note.get_text(" ").split())
    assert "Illustrative content" in note_text and "roadmap item #1" in note_text


@pytest.mark.parametrize(
    "field_line",
    [line for line in SEED.read_text().splitlines() if re.match(r"\s*- \*\*", line)],
    ids=lambda line: re.search(r"\*\*(.+?)\*\*", line).group(1).replace("\\", ""),
)
def test_every_object_field_is_documented(customers_html: BeautifulSoup, field_line: str) -> None:
    name, type_, description = re.match(r"\s*- \*\*(.+?)\*\* `(\w+)`(.*)", field_line).groups()
    items = standard_section(customers_html, "The customer object")
    fields = [" ".join(li.get_text().split()) for el in items for li in el.select("li")]
    description = " ".join(re.sub(r"[`\\]", "", description).split())
    expected = f"{name.replace(chr(92), '')} {type_}"
    assert any(f.startswith(expected) and description in f for f in fields), (
        f"field {expected!r} with description {description!r} missing from the customer object"
    )


@pytest.mark.parametrize("section", ENDPOINT_SECTIONS, ids=lambda s: s.title)
def test_endpoint_method_and_path(customers_html: BeautifulSoup, section: SeedSection) -> None:
    elements = standard_section(customers_html, section.title)
    endpoint = next(e for e in elements if "vinr-endpoint" in e.get("class", []))
    assert " ".join(endpoint.get_text(" ").split()) == section.endpoint


@pytest.mark.parametrize("section", ENDPOINT_SECTIONS, ids=lambda s: s.title)
def test_samples_match_seed_and_snippets(
    customers_html: BeautifulSoup, section: SeedSection
) -> None:
    tabs = tab_blocks(standard_section(customers_html, section.title))
    assert list(tabs) == ["curl", "JavaScript", "Python", "Ruby"]
    for label, seed_code in section.samples.items():
        shown = normalize(tabs[label])
        expected = normalize(seed_code)
        # Samples may add an import line on top (self-contained); the seed's lines follow verbatim.
        assert shown[-len(expected):] == expected, f"{section.title} / {label} differs from seed"


@pytest.mark.parametrize("section", ENDPOINT_SECTIONS, ids=lambda s: s.title)
def test_response_matches_seed(
    customers_html: BeautifulSoup, section: SeedSection
) -> None:
    title, code = response_block(standard_section(customers_html, section.title))
    assert title == "Response"
    assert json.loads(code) == section.response


def test_every_code_block_is_a_snippet_file_verbatim(customers_html: BeautifulSoup) -> None:
    """Each rendered code block equals the snippet file its page includes, byte for byte."""
    markdown = (ROOT / "docs" / "api-reference" / "customers.md").read_text()
    includes = re.findall(r'--8<-- "([^"]+)"', markdown)
    rendered = [code.get_text() for code in customers_html.select("article .highlight code")]
    assert len(rendered) == len(includes)
    for path, code in zip(includes, rendered, strict=True):
        assert code == (ROOT / "snippets" / path).read_text(), f"snippets/{path} not shown verbatim"


def test_markdown_holds_no_sample_code() -> None:
    for page in (ROOT / "docs").rglob("*.md"):
        for lang, body in FENCE.findall(page.read_text()):
            lines = [line.strip() for line in body.splitlines() if line.strip()]
            assert all(line.startswith("--8<--") for line in lines) or lang == "markdown", (
                f"{page.relative_to(ROOT)} has inline {lang} code; move it to snippets/"
            )


def test_related_events_link_to_events_page(
    built_site: Build, customers_html: BeautifulSoup
) -> None:
    elements = standard_section(customers_html, "Related events")
    text = " ".join(" ".join(e.get_text(" ").split()) for e in elements)
    for event in ("customer.created", "customer.updated", "customer.deleted"):
        assert event in text
    link = next(a for e in elements for a in e.select("a") if a.get_text(strip=True) == "Events")
    target = (built_site.site_dir / "api-reference" / link["href"]).resolve()
    assert target.is_file(), f"Events link {link['href']} does not resolve"
    events = BeautifulSoup(target.read_text(), "html.parser")
    for event in ("customer.created", "customer.updated", "customer.deleted"):
        heading = events.find(id=event.replace(".", ""))
        assert heading is not None and event in heading.get_text()
        payload = heading.find_next(class_="highlight").select_one("code").get_text()
        assert json.loads(payload)["type"] == event


def test_landing_page_links_to_customers(built_site: Build) -> None:
    soup = BeautifulSoup((built_site.site_dir / "index.html").read_text(), "html.parser")
    hrefs = [a["href"] for a in soup.select("article a")]
    assert "api-reference/customers.html" in hrefs


def test_no_external_assets_in_html(built_site: Build) -> None:
    """theme.font is off and nothing is loaded from a CDN: all src/href for assets are relative."""
    for html in built_site.site_dir.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(), "html.parser")
        for tag in soup.select("script[src], link[rel=stylesheet], link[rel=preconnect], img[src]"):
            url = tag.get("src") or tag.get("href")
            assert not re.match(r"(https?:)?//", url), f"{html.name} loads external {url}"
