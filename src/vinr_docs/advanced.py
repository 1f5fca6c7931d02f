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
