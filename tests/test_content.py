"""The built reference pages say what the spec and the snippet files say.

Expectations come from `docs/openapi.yaml` (through `vinr_docs.spec`) and from `snippets/`:
every operation, parameter, object field, error example and event field appears with the spec's
text, and every code block is a snippet file verbatim. The product seed
(`tests/data/seed-customers.md`) is checked independently for the samples and responses.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup, Tag

from conftest import ROOT, Build, reference_pages, reference_sources
from vinr_docs.markdown.directives import Directive, scan
from vinr_docs.markdown.render import slug
from vinr_docs.spec import ErrorExample, Operation, Parameter, load
from vinr_docs.spec.schemas import constraints, merge_all_of, type_label

SPEC = load(ROOT / "docs" / "openapi.yaml")
SNIPPETS = ROOT / "snippets"
DOCS = ROOT / "docs"
SEED = Path(__file__).parent / "data" / "seed-customers.md"
TAB_FOR_LANG = {"bash": "curl", "js": "JavaScript", "python": "Python", "ruby": "Ruby"}
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)
PARAMS = [(op, p) for op in SPEC.operations for p in op.parameters]
ERRORS = [(op, e) for op in SPEC.operations for e in op.error_examples]


def text(value: str | Tag) -> str:
    """Whitespace-normalised text; a spec description is rendered from Markdown first."""
    html = markdown.markdown(value) if isinstance(value, str) else str(value)
    value = BeautifulSoup(html, "html.parser")  # a copy: the anchors go, the page keeps them
    for anchor in value.select(".vinr-anchor, .headerlink"):
        anchor.decompose()
    return " ".join(value.get_text(" ").split()).replace(" .", ".").replace(" ,", ",")


def soup_of(site: Build, page: str) -> BeautifulSoup:
    return BeautifulSoup((site.site_dir / page).read_text(), "html.parser")


def page_directives() -> list[tuple[str, Directive]]:
    """(built page path, directive) for every directive of every Markdown page."""
    found = []
    for page in sorted(DOCS.rglob("*.md")):
        built = page.relative_to(DOCS).with_suffix(".html").as_posix()
        found += [(built, d) for d in scan(page.read_text(encoding="utf-8").splitlines())]
    return found


DIRECTIVES = page_directives()
OBJECTS = [(page, d) for page, d in DIRECTIVES if d.name == "object"]
EVENT_PAGES = {d.arg: page for page, d in DIRECTIVES if d.name == "event"}


@pytest.fixture(scope="module")
def reference(built_site: Build) -> dict[str, BeautifulSoup]:
    """Every reference page found on the built site (pages holding operations), by path."""
    pages = {page: soup_of(built_site, page) for page in reference_pages(built_site.site_dir)}
    assert pages, "discovery found no reference page"
    return pages


def test_reference_pages_are_found_before_and_after_the_build(
    reference: dict[str, BeautifulSoup],
) -> None:
    """The quality gates are parametrized by the sources; they must be the built pages."""
    assert sorted(reference) == sorted(reference_sources())


def page_of(reference: dict[str, BeautifulSoup], op: Operation) -> BeautifulSoup:
    """The one reference page that documents `op` (its two-pane section)."""
    found = [
        soup
        for soup in reference.values()
        if soup.select_one(f'.vinr-operation[data-operation="{op.id}"]') is not None
    ]
    assert len(found) == 1, f"{op.id} is documented on {len(found)} reference pages, not 1"
    return found[0]


@pytest.fixture(scope="module")
def built(built_site: Build) -> Callable[[str], BeautifulSoup]:
    return functools.lru_cache(maxsize=None)(lambda page: soup_of(built_site, page))


def heading(soup: BeautifulSoup, title: str) -> Tag:
    found = next((h for h in soup.select("article h2") if text(h) == title), None)
    assert found is not None, f"no section titled {title!r} on the page"
    return found


def section(soup: BeautifulSoup, title: str, standard: bool = True) -> list[Tag]:
    """Elements of the h2 section `title` (both panes of a two-pane operation section)."""
    h2 = heading(soup, title)
    elements = []
    for sibling in h2.find_next_siblings():
        if sibling.name == "h2":
            break
        elements.append(sibling)
    if "vinr-operation__text" in (h2.parent.get("class") or []):
        elements += list(h2.parent.find_next_sibling(class_="vinr-operation__code").children)
    elements = [e for e in elements if isinstance(e, Tag)]
    return [e for e in elements if not standard or "vinr-advanced" not in e.get("class", [])]


def operation_section(soup: BeautifulSoup, op: Operation) -> list[Tag]:
    return section(soup, op.summary, standard=False)


# ---------------------------------------------------------------- operations and parameters


@pytest.mark.parametrize("op", SPEC.operations, ids=lambda op: op.id)
def test_each_operation_has_a_two_pane_section(
    reference: dict[str, BeautifulSoup], op: Operation
) -> None:
    h2 = heading(page_of(reference, op), op.summary)
    wrapper = h2.find_parent(class_="vinr-operation")
    assert wrapper is not None and wrapper["data-operation"] == op.id
    endpoint = wrapper.select_one(".vinr-operation__text .vinr-endpoint")
    assert text(endpoint) == f"{op.method} {op.path}"
    sample = wrapper.select_one(".vinr-operation__code > .vinr-sample--primary")
    assert sample["data-sample"] == op.sample_folder and sample["data-operation"] == op.id


@pytest.mark.parametrize(
    "op, param", PARAMS, ids=lambda x: x.id if isinstance(x, Operation) else x.name
)
def test_each_parameter_is_listed_with_what_making_the_call_needs(
    reference: dict[str, BeautifulSoup], op: Operation, param: Parameter
) -> None:
    soup = page_of(reference, op)
    anchor = heading(soup, op.summary)["id"]
    item = soup.find(id=f"{anchor}-param-{slug(param.name)}")
    assert item is not None and item.find_parent(class_="vinr-advanced") is None
    standard = BeautifulSoup(str(item), "html.parser")
    for advanced in standard.select(".vinr-advanced"):
        advanced.decompose()
    shown = text(standard)
    assert shown.startswith(f"{param.name} {type_label(param.schema)} in {param.location}")
    assert ("required" if param.required else "optional") in shown
    assert text(param.description) in shown
    assert item.select_one(f"a.vinr-anchor[href='#{item['id']}']")
    for constraint in constraints(param.schema):
        where = shown if not constraint.startswith("matches ") else text(item)
        words = text(constraint.removeprefix("matches "))
        assert words.lower() in where.lower(), (param.name, constraint)


def test_parameter_lists_hold_only_spec_parameters_once(
    reference: dict[str, BeautifulSoup],
) -> None:
    for op in SPEC.operations:
        soup = page_of(reference, op)
        elements = operation_section(soup, op)
        shown = [li["id"] for el in elements for li in el.select("li[id*='-param-']")]
        anchor = heading(soup, op.summary)["id"]
        assert shown == [f"{anchor}-param-{slug(p.name)}" for p in op.parameters], op.id
        assert not any(el.select("table") for el in elements), op.id


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "op, error", ERRORS, ids=lambda x: x.id if isinstance(x, Operation) else f"{x.status}-{x.key}"
)
def test_each_error_example_is_a_response_variant_beside_the_request(
    reference: dict[str, BeautifulSoup], op: Operation, error: ErrorExample
) -> None:
    code_pane = page_of(reference, op).select_one(
        f'.vinr-operation[data-operation="{op.id}"] > .vinr-operation__code'
    )
    responses = code_pane.select(".vinr-sample--primary > .tabbed-set")[-1]
    labels = [text(label) for label in responses.select(".tabbed-labels > label")]
    blocks = responses.select(".tabbed-content > .tabbed-block")
    variants = dict(zip(labels, blocks, strict=True))
    block = variants[f"{error.status} {error.summary}"]
    assert json.loads(block.select_one("pre code").get_text()) == error.body
    assert text(error.description) in text(block)


# ---------------------------------------------------------------- objects and events


def field_items(container: Tag) -> dict[str, str]:
    return {li["id"]: text(li) for li in container.select("li[id]")}


def object_prefix(page: str, directive: Directive) -> str:
    """The id prefix of an object's fields: `<schema>-object` for the first object of a section,
    `<that prefix>-<schema>` for the ones after it (markdown/render.py's rule)."""
    first = next(
        d for p, d in OBJECTS if p == page and d.section.anchor == directive.section.anchor
    )
    root = f"{slug(first.arg)}-object"
    return root if first is directive else f"{root}-{slug(directive.arg)}"


@pytest.mark.parametrize(
    "page, directive", OBJECTS, ids=lambda x: x if isinstance(x, str) else x.arg
)
def test_each_object_field_is_documented(
    built: Callable[[str], BeautifulSoup], page: str, directive: Directive
) -> None:
    """Every `/// object | Schema` on every page lists each field with the spec's type and
    description; inside an Advanced block, every field is Advanced."""
    soup = built(page)
    prefix = object_prefix(page, directive)
    for name, prop in merge_all_of(SPEC.schema(directive.arg))["properties"].items():
        item = soup.find(id=f"{prefix}-{slug(name)}")
        assert item is not None, f"{page}: no field {prefix}-{slug(name)}"
        shown = text(item)
        assert shown.startswith(f"{name} {type_label(prop)}"), shown
        assert text(prop.get("description", "")) in shown
        advanced = item.find_parent(class_="vinr-advanced") is not None
        assert advanced or not directive.section.in_advanced, f"{page}: {item['id']}"


@pytest.mark.parametrize("webhook", SPEC.webhooks, ids=lambda w: w.name)
def test_each_event_payload_is_documented(built, webhook) -> None:  # type: ignore[no-untyped-def]
    assert webhook.name in EVENT_PAGES, f"no page shows `/// event | {webhook.name}`"
    soup = built(EVENT_PAGES[webhook.name])
    anchor = webhook.name.replace(".", "")
    schema = merge_all_of(webhook.schema)
    fields = field_items(soup.find(id=anchor).find_next("ul", class_="vinr-fields"))
    for name, prop in schema["properties"].items():
        assert text(prop.get("description", "")) in fields[f"{anchor}-{slug(name)}"]
    for name in schema["properties"]["data"]["properties"]:
        assert f"{anchor}-data-{slug(name)}" in fields
    block = soup.find(id=anchor).find_next(class_="highlight")
    assert json.loads(block.select_one("code").get_text()) == json.loads(
        (SNIPPETS / "events" / f"{webhook.name}.json").read_text()
    )


# ---------------------------------------------------------------- samples


def sample_blocks(soup: BeautifulSoup) -> list[Tag]:
    return soup.select("article .vinr-sample")


def sample_parts(block: Tag) -> tuple[list[str], list[str], Tag]:
    """A sample block's language labels and codes, and its response: the one titled block, or
    the first of the response variants (200 · 400 … · 404) of a primary sample."""
    sets = block.select(":scope > .tabbed-set")
    labels = [text(label) for label in sets[0].select(".tabbed-labels > label")]
    codes = [code.get_text() for code in sets[0].select(".tabbed-block code")]
    if len(sets) > 1:
        return labels, codes, sets[1].select_one(".tabbed-block .highlight")
    return labels, codes, block.select(":scope > .highlight")[-1]


def test_every_sample_block_shows_its_folder_verbatim(
    reference: dict[str, BeautifulSoup],
) -> None:
    blocks = [block for soup in reference.values() for block in sample_blocks(soup)]
    assert {op.sample_folder for op in SPEC.operations} <= {b["data-sample"] for b in blocks}
    for block in blocks:
        folder = SNIPPETS / block["data-sample"]
        labels, codes, response_block = sample_parts(block)
        files = [
            p for p in ("curl.sh", "node.js", "python.py", "ruby.rb") if (folder / p).is_file()
        ]
        assert labels == [
            {"curl.sh": "curl", "node.js": "JavaScript", "python.py": "Python", "ruby.rb": "Ruby"}[
                f
            ]
            for f in files
        ]
        assert codes == [(folder / f).read_text() for f in files]
        response = response_block.select_one("code").get_text()
        assert response == (folder / "response.json").read_text()
        assert SPEC.operation_for_folder(block["data-sample"]).id == block["data-operation"]


def test_markdown_holds_no_sample_code() -> None:
    for page in (ROOT / "docs").rglob("*.md"):
        for lang, body in FENCE.findall(page.read_text()):
            lines = [line.strip() for line in body.splitlines() if line.strip()]
            assert all(line.startswith("--8<--") for line in lines) or lang == "markdown", (
                f"{page.relative_to(ROOT)} has inline {lang} code; move it to snippets/"
            )


# ---------------------------------------------------------------- the product seed


@dataclass
class SeedSection:
    title: str
    samples: dict[str, str] = field(default_factory=dict)
    response: object = None


def parse_seed() -> list[SeedSection]:
    sections = []
    for chunk in re.split(r"^## ", SEED.read_text(), flags=re.M)[1:]:
        title, _, body = chunk.partition("\n")
        if not re.search(r"^`(GET|POST|DELETE) /v1/", body, re.M):
            continue
        seed = SeedSection(title.strip())
        for lang, code in FENCE.findall(body):
            if lang == "json":
                seed.response = json.loads(code)
            else:
                seed.samples[TAB_FOR_LANG[lang]] = code
        sections.append(seed)
    return sections


def normalize(code: str) -> list[str]:
    """Lines stripped of indentation (the seed lost it). `-d` and `--data-urlencode` count as
    one: the seed's `-d phone=+1…` would send a space, so the curl samples URL-encode values."""
    lines = [line.strip() for line in code.strip().splitlines() if line.strip()]
    return [line.replace("--data-urlencode ", "-d ") for line in lines]


@pytest.mark.parametrize("seed", parse_seed(), ids=lambda s: s.title)
def seed_page(reference: dict[str, BeautifulSoup]) -> BeautifulSoup:
    """The reference page the product seed describes: the one holding its operation titles."""
    titles = [seed.title for seed in parse_seed()]
    found = [
        soup
        for soup in reference.values()
        if all(any(text(h) == t for h in soup.select("article h2")) for t in titles)
    ]
    assert len(found) == 1, f"{len(found)} reference pages hold the seed's sections"
    return found[0]


@pytest.mark.parametrize("seed", parse_seed(), ids=lambda s: s.title)
def test_primary_samples_match_the_seed(
    reference: dict[str, BeautifulSoup], seed: SeedSection
) -> None:
    block = (
        heading(seed_page(reference), seed.title)
        .find_parent(class_="vinr-operation")
        .select_one(".vinr-sample--primary")
    )
    labels, block_codes, response = sample_parts(block)
    codes = dict(zip(labels, block_codes, strict=True))
    for label, seed_code in seed.samples.items():
        expected = normalize(seed_code)
        assert normalize(codes[label])[-len(expected) :] == expected, f"{seed.title} / {label}"
    assert json.loads(response.select_one("code").get_text()) == seed.response


def test_page_intro_and_spec_download(
    built_site: Build, reference: dict[str, BeautifulSoup]
) -> None:
    soup = seed_page(reference)
    seed_intro = " ".join(SEED.read_text().split("\n\n")[2].split())
    assert seed_intro in text(soup.select_one("article"))
    link = next(a for a in soup.select("article a") if "Download the OpenAPI spec" in a.get_text())
    [page] = [p for p, shown in reference.items() if shown is soup]
    published = (built_site.site_dir / page).parent.joinpath(link["href"]).resolve()
    assert load(published).operations == SPEC.operations


def test_related_events_link_to_the_page_of_each_event(
    built_site: Build, reference: dict[str, BeautifulSoup]
) -> None:
    """Each reference page's "Related events" links resolve to the page that documents the
    event, and together the pages name every event of the spec."""
    shown = ""
    for page, soup in reference.items():
        if not any(text(h) == "Related events" for h in soup.select("article h2")):
            continue
        elements = section(soup, "Related events")
        for link in (a for e in elements for a in e.select("a[href]")):
            target = (built_site.site_dir / page).parent.joinpath(link["href"].split("#")[0])
            assert target.resolve().is_file(), f"{page}: {link['href']} does not resolve"
        shown += " ".join(text(e) for e in elements)
    assert all(webhook.name in shown for webhook in SPEC.webhooks)


def test_landing_page_links_to_every_reference_page(
    built_site: Build, reference: dict[str, BeautifulSoup]
) -> None:
    soup = soup_of(built_site, "index.html")
    hrefs = [a["href"] for a in soup.select("article a")]
    assert set(reference) <= set(hrefs) and "openapi.yaml" in hrefs


def test_no_external_assets_in_html(built_site: Build) -> None:
    """theme.font is off and nothing is loaded from a CDN: all src/href for assets are relative."""
    for html in built_site.site_dir.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(), "html.parser")
        for tag in soup.select("script[src], link[rel=stylesheet], link[rel=preconnect], img[src]"):
            url = tag.get("src") or tag.get("href")
            assert not re.match(r"(https?:)?//", url), f"{html.name} loads external {url}"


def test_pages_carry_nothing_they_do_not_use(built_site: Build) -> None:
    """hooks/lean_pages.py: no Pygments whitespace elements (the code text stays verbatim, see
    above), and mkdocstrings' stylesheet only on pages that show mkdocstrings output."""
    pages = sorted(built_site.site_dir.rglob("*.html"))
    with_api_docs = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert '<span class="w">' not in html, page
        uses = 'class="doc doc-' in html
        with_api_docs += uses
        assert ("_mkdocstrings.css" in html) == uses, page
    assert 0 < with_api_docs < len(pages)
