"""MkDocs hook: tells the template which table-of-contents entries point into Advanced content.

The template turns the list into a stylesheet in <head>, so in Standard mode those entries are
hidden from the first paint, before any page JavaScript runs (detail-toggle.js re-marks them after
instant navigation, which keeps the first page's <head>).
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from vinr_docs.advanced import advanced_ids

META_KEY = "vinr_advanced_toc_ids"


def _toc_ids(links: list[AnchorLink]) -> list[str]:
    return [id_ for link in links for id_ in (link.id, *_toc_ids(link.children))]


def on_page_content(html: str, page: Page, config: MkDocsConfig, **_: Any) -> str:
    hidden = advanced_ids(html)
    page.meta[META_KEY] = [id_ for id_ in _toc_ids(list(page.toc)) if id_ in hidden]
    return html
