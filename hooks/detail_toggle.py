"""MkDocs hook for the Standard / Advanced level of detail.

- hands the names page code shares (`vinr_docs.reader.PAGE_CONFIG`) to the templates;
- tells the template which table-of-contents entries point into Advanced content: the template
  turns the list into a stylesheet in <head>, so in Standard mode those entries are hidden from the
  first paint, before any page JavaScript runs (detail-toggle.js re-marks them after instant
  navigation, which keeps the first page's <head>);
- tags search results that lead into Advanced content, names the operation of each sub-section
  result and gives every field and parameter a result of its own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from vinr_docs.advanced import advanced_ids
from vinr_docs.reader import ADVANCED_SEARCH_TAG, PAGE_CONFIG
from vinr_docs.search_tags import name_sections, tag_advanced_sections

META_KEY = "vinr_advanced_toc_ids"
CONFIG_KEY = "vinr"  # config.extra.vinr in templates


def _toc_ids(links: list[AnchorLink]) -> list[str]:
    return [id_ for link in links for id_ in (link.id, *_toc_ids(link.children))]


def on_config(config: MkDocsConfig, **_: Any) -> MkDocsConfig:
    config.extra[CONFIG_KEY] = PAGE_CONFIG
    return config


# The page title's own permalink leads to the top of the page, which the page's address already
# does: one Tab stop fewer between the skip link and the first sample.
TITLE_PERMALINK = re.compile(r'(<h1\b[^>]*>.*?)<a class="headerlink" href="#[^"]*"[^>]*>[^<]*</a>')


def on_page_content(html: str, page: Page, config: MkDocsConfig, **_: Any) -> str:
    hidden = advanced_ids(html)
    page.meta[META_KEY] = [id_ for id_ in _toc_ids(list(page.toc)) if id_ in hidden]
    return TITLE_PERMALINK.sub(r"\1", html, count=1)


# After the search plugin wrote its index (priority 0) and before the offline plugin copies it
# into search_index.js (priority -100).
@event_priority(-50)
def on_post_build(config: MkDocsConfig, **_: Any) -> None:
    site = Path(config.site_dir)
    index_file = site / "search" / "search_index.json"
    if not index_file.is_file():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))

    def page_html(path: str) -> str | None:
        page = site / path
        return page.read_text(encoding="utf-8") if page.is_file() else None

    named = name_sections(index, page_html)
    if tag_advanced_sections(index, page_html, ADVANCED_SEARCH_TAG) or named:
        index_file.write_text(
            json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
