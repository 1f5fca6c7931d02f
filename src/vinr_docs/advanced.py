"""The `/// advanced` block: marks content shown only in the page's Advanced mode.

Authors write::

    /// advanced
    Anything markdown: tables, tab blocks, lists.
    ///

and get ``<div class="vinr-advanced">…</div>``. Without JavaScript, and in print,
the content stays visible; the detail toggle hides it in Standard mode.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree  # noqa: N813 (Markdown convention)
from html.parser import HTMLParser
from typing import Any

from markdown import Markdown
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block

ADVANCED_CLASS = "vinr-advanced"


class Advanced(Block):
    """A container whose content belongs to the Advanced level of detail."""

    NAME = "advanced"
    ARGUMENT = None
    OPTIONS: dict[str, list[Any]] = {}

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div", {"class": ADVANCED_CLASS})


class AdvancedExtension(BlocksExtension):
    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:  # noqa: N802
        block_mgr.register(Advanced, self.getConfigs())


def makeExtension(*args: Any, **kwargs: Any) -> AdvancedExtension:  # noqa: N802
    return AdvancedExtension(*args, **kwargs)


class _AdvancedIdCollector(HTMLParser):
    """Collects the ids of elements nested in an Advanced block of rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self._div_depth = 0
        self._advanced_depths: list[int] = []  # div depths at which Advanced blocks opened

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self._advanced_depths and attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if tag == "div":
            self._div_depth += 1
            if ADVANCED_CLASS in (attributes.get("class") or "").split():
                self._advanced_depths.append(self._div_depth)

    def handle_endtag(self, tag: str) -> None:
        if tag == "div":
            if self._advanced_depths and self._advanced_depths[-1] == self._div_depth:
                self._advanced_depths.pop()
            self._div_depth -= 1


def advanced_ids(html: str) -> set[str]:
    """Ids of all elements inside Advanced blocks of a page's rendered HTML."""
    collector = _AdvancedIdCollector()
    collector.feed(html)
    collector.close()
    return collector.ids
