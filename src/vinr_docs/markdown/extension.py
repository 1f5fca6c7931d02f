"""The `vinr_docs.markdown` extension: spec directives in, Markdown out; two-pane sections.

A preprocessor (priority 34, above pymdownx.snippets at 32) replaces each directive line with
generated Markdown, so the `--8<--` includes and `/// advanced` blocks it writes are expanded by
the extensions that follow. A treeprocessor then wraps each h2 section that shows its
operation's primary sample into the two panes the page CSS lays out.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as etree  # noqa: N813 (Markdown convention)
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from vinr_docs.markdown.directives import Scanner
from vinr_docs.markdown.render import DirectiveError, Renderer, environment
from vinr_docs.spec import Spec, load

PREPROCESSOR_PRIORITY = 34  # above pymdownx.snippets (32): our output contains --8<-- lines
PRIMARY_CLASS = "vinr-sample--primary"
TRYIT_CLASS = "vinr-tryit"


@functools.lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int, size: int) -> Spec:
    return load(path)


def load_spec(path: str | Path) -> Spec:
    """The spec at `path`, loaded once per version of the file (serve rebuilds reuse it)."""
    stat = Path(path).stat()
    return _load_cached(str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size)


class DirectivePreprocessor(Preprocessor):
    def __init__(self, md: Markdown, spec_path: str, snippets: str) -> None:
        super().__init__(md)
        self.spec_path, self.snippets = spec_path, Path(snippets)

    def run(self, lines: list[str]) -> list[str]:
        renderer: Renderer | None = None
        scanner, out = Scanner(), []
        for number, line in enumerate(lines, 1):
            directive = scanner.step(line)
            if directive is None:
                out.append(line)
                continue
            renderer = renderer or Renderer(load_spec(self.spec_path), self.snippets, environment())
            try:
                out.extend(renderer.render(directive).splitlines())
            except DirectiveError as error:
                raise DirectiveError(f"line {number}: {line.strip()}: {error}") from error
        return out


class OperationTreeprocessor(Treeprocessor):
    """Wraps an h2 section holding a primary sample into text and code panes."""

    def run(self, root: etree.Element) -> None:
        children = list(root)
        starts = [i for i, child in enumerate(children) if child.tag == "h2"] + [len(children)]
        for start, end in zip(starts, starts[1:], strict=False):
            section = children[start:end]
            sample = next((el for el in section if _is_primary(el)), None)
            if sample is not None:
                _wrap(root, section, sample)


def _is_primary(element: etree.Element) -> bool:
    return element.tag == "div" and PRIMARY_CLASS in (element.get("class") or "").split()


def _wrap(root: etree.Element, section: list[etree.Element], sample: etree.Element) -> None:
    position = list(root).index(section[0])
    wrapper = etree.Element(
        "div", {"class": "vinr-operation", "data-operation": sample.get("data-operation", "")}
    )
    text = etree.SubElement(wrapper, "div", {"class": "vinr-operation__text"})
    code = etree.SubElement(wrapper, "div", {"class": "vinr-operation__code"})
    for element in section:
        root.remove(element)
        (code if element is sample else text).append(element)
    # The "Try it" button: in the HTML (shown by the stylesheet only when JavaScript runs, so no
    # layout change after load); tryit-loader.js wires it and loads the panel on first use.
    tryit = etree.SubElement(
        code, "div", {"class": TRYIT_CLASS, "data-operation": sample.get("data-operation", "")}
    )
    button = etree.SubElement(
        tryit,
        "button",
        {"type": "button", "class": f"md-button {TRYIT_CLASS}__toggle", "aria-expanded": "false"},
    )
    button.text = "Try it"
    root.insert(position, wrapper)


class SpecExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "spec": ["docs/openapi.yaml", "The OpenAPI spec, relative to the working directory"],
            "snippets": ["snippets", "The snippets folder (pymdownx.snippets base_path)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        spec, snippets = self.getConfig("spec"), self.getConfig("snippets")
        md.preprocessors.register(
            DirectivePreprocessor(md, spec, snippets), "vinr_directives", PREPROCESSOR_PRIORITY
        )
        md.treeprocessors.register(OperationTreeprocessor(md), "vinr_operations", 3)


def makeExtension(**kwargs: Any) -> SpecExtension:  # noqa: N802
    return SpecExtension(**kwargs)
