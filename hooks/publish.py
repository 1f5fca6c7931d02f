"""MkDocs hook: publishes the verified samples beyond the HTML (`vinr_docs.publish`).

* fills the Client libraries placeholder from the clients' metadata (a rename changes the page);
* writes a Markdown copy of every page next to its HTML page (`api-reference/customers.md`), and
  the same text as `customers.md.js` for the "Copy page as Markdown" button
  (`overrides/partials/vinr-copy-markdown.html`);
* writes `llms.txt`, `llms-full.txt` and the published `openapi.yaml` with `x-codeSamples`;
* then checks all of it against the snippet files and fails the build on any difference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from vinr_docs.markdown import load_spec
from vinr_docs.publish import check, llms, page_markdown, spec_samples
from vinr_docs.publish.clients import ClientMetadataError
from vinr_docs.publish.copy import page_copy

STATE = "vinr_publish"  # config key: this build's state (no module state: serve rebuilds)
BAD_INPUTS = "vinr_bad_inputs"  # set by hooks/verify_samples.py: mkdocs serve shows the problems
META = "vinr_markdown"  # page.meta key: the copy's file name, for the template's button


@dataclass
class Published:
    project: Path
    spec_path: Path
    snippets: Path
    sections: dict[str, str] = field(default_factory=dict)  # page src_uri -> nav section title
    pages: list[tuple[Page, check.PublishedPage]] = field(default_factory=list)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    project = Path(config.config_file_path).resolve().parent
    options = config.mdx_configs.get("vinr_docs.markdown", {})
    config[STATE] = Published(
        project,
        project / options.get("spec", "docs/openapi.yaml"),
        project / options.get("snippets", "snippets"),
    )
    return config


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    def walk(items: list[Any], section: str) -> None:
        for item in items:
            if isinstance(item, Section):
                walk(item.children, section or item.title)
            elif isinstance(item, Page):
                config[STATE].sections[item.file.src_uri] = section

    walk(nav.items, "")
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if config.get(BAD_INPUTS):  # nothing to publish from inputs that cannot be read
        return markdown
    state: Published = config[STATE]
    spec = load_spec(state.spec_path)
    try:
        markdown = page_markdown(markdown, state.project, spec)
    except ClientMetadataError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from error
    path = llms.copy_path(page.file.dest_uri)
    page.meta[META] = Path(path).name
    state.pages.append((page, check.PublishedPage(path, markdown)))
    return markdown


def on_post_build(config: MkDocsConfig) -> None:
    if config.get(BAD_INPUTS):
        return
    state: Published = config[STATE]
    site, spec = Path(config.site_dir), load_spec(state.spec_path)
    entries, copies = [], []
    for page, published in state.pages:
        description = page.meta.get("description") or ""
        copy = page_copy(spec, state.snippets, page.title or "", description, published.markdown)
        (site / published.copy).write_text(copy.text, encoding="utf-8")
        script = llms.copy_script(published.copy, copy.text)
        (site / f"{published.copy}{llms.COPY_SCRIPT_SUFFIX}").write_text(script, encoding="utf-8")
        section = state.sections.get(page.file.src_uri, "")
        entries.append(llms.PageEntry(section, page.title or "", description, published.copy))
        copies.append(copy.text)
    base_url = config.site_url or ""
    index = llms.llms_txt(config.site_name, config.site_description or "", base_url, entries)
    (site / llms.LLMS).write_text(index, encoding="utf-8")
    (site / llms.LLMS_FULL).write_text(llms.llms_full(copies), encoding="utf-8")
    source = state.spec_path.read_text(encoding="utf-8")
    published_spec = spec_samples.published_spec(source, spec, state.snippets)
    (site / llms.SPEC).write_text(published_spec, encoding="utf-8")
    pages = [published for _, published in state.pages]
    problems = check.check_pages(site, state.snippets, pages, base_url, spec)
    problems += check.check_spec(site, state.spec_path, spec, state.snippets)
    if problems:
        raise PluginError("published Markdown, llms.txt or spec samples:\n" + "\n".join(problems))
