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

from vinr_docs.advanced import ADVANCED_CLASS
from vinr_docs.markdown.directives import Scanner, scan
from vinr_docs.markdown.render import DirectiveError, Renderer, authentication, environment
from vinr_docs.spec import Spec, load

PREPROCESSOR_PRIORITY = 34  # above pymdownx.snippets (32): our output contains --8<-- lines
PRIMARY_CLASS = "vinr-sample--primary"
EXAMPLE_CLASS = "vinr-example"  # an object's example, shown beside its fields
OBJECT_CLASS = "vinr-object"
VARIANT_CLASS = "vinr-variant"
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
        shown = list(scan(lines))
        # A reference page (it shows an endpoint) states authentication once, before its first h2.
        auth = any(d.name == "endpoint" for d in shown)
        for number, line in enumerate(lines, 1):
            directive = scanner.step(line)
            if auth and line.startswith("## ") and scanner.fence is None:
                out.extend([authentication(load_spec(self.spec_path)), ""])
                auth = False
            if directive is None:
                out.append(line)
                continue
            renderer = renderer or Renderer(
                load_spec(self.spec_path), self.snippets, environment(), shown
            )
            try:
                out.extend(renderer.render(directive).splitlines())
            except DirectiveError as error:
                raise DirectiveError(f"line {number}: {line.strip()}: {error}") from error
        return out


class OperationTreeprocessor(Treeprocessor):
    """Wraps an h2 section into a text pane and a code pane: an operation (its primary sample
    and its other samples, each under the heading that introduces it) or an object (its example).
    """

    def run(self, root: etree.Element) -> None:
        reference = any(_has_class(el, PRIMARY_CLASS) for el in root.iter("div"))
        for section in _sections(list(root), "h2"):
            sample = next((el for el in section if _has_class(el, PRIMARY_CLASS)), None)
            examples = [el for el in section if _has_class(el, EXAMPLE_CLASS)]
            if sample is not None:
                _wrap_operation(root, section, sample)
            elif len(examples) == 1:
                _wrap(root, section, examples, OBJECT_CLASS, {})
            elif examples:  # one per sub-section (an event each): each beside its own fields
                for part in _sections(section, "h3"):
                    example = [el for el in part if _has_class(el, EXAMPLE_CLASS)]
                    if example:
                        _wrap(root, part, example, OBJECT_CLASS, {})
            elif reference and _payloads(section):
                # Payload tabs written on a reference page (an object's events): in the code
                # pane beside the words that introduce them, like an operation's variants.
                code = _wrap(root, section, [], OBJECT_CLASS, {})
                for tabs, heading, advanced in _payloads(section, take=True):
                    code.append(_variant_block(tabs, heading, advanced))


def _sections(children: list[etree.Element], tag: str) -> list[list[etree.Element]]:
    """The runs of elements that start with a `tag` heading."""
    starts = [i for i, child in enumerate(children) if child.tag == tag] + [len(children)]
    return [children[a:b] for a, b in zip(starts, starts[1:], strict=False)]


def _payloads(
    section: list[etree.Element], take: bool = False
) -> list[tuple[etree.Element, etree.Element | None, bool]]:
    """Content tabs of a section without samples (with the heading above each and whether it is
    Advanced); `take` removes them from the text."""
    found: list[tuple[etree.Element, etree.Element | None, bool]] = []

    def walk(parent: etree.Element, heading: etree.Element | None, advanced: bool) -> None:
        for child in list(parent):
            if child.tag in ("h3", "h4", "h5", "h6"):
                heading = child
            elif _has_class(child, "tabbed-set"):
                if take:
                    parent.remove(child)
                found.append((child, heading, advanced))
            elif child.tag == "div" and not _has_class(child, "vinr-sample"):
                walk(child, heading, advanced or _has_class(child, ADVANCED_CLASS))

    for element in section[1:]:
        if element.tag == "div":
            walk(element, None, _has_class(element, ADVANCED_CLASS))
    return found


def _has_class(element: etree.Element, name: str) -> bool:
    return element.tag == "div" and name in (element.get("class") or "").split()


def _wrap(
    root: etree.Element,
    section: list[etree.Element],
    code_elements: list[etree.Element],
    wrapper_class: str,
    attributes: dict[str, str],
) -> etree.Element:
    position = list(root).index(section[0])
    wrapper = etree.Element("div", {"class": wrapper_class, **attributes})
    text = etree.SubElement(wrapper, "div", {"class": f"{wrapper_class}__text"})
    code = etree.SubElement(wrapper, "div", {"class": f"{wrapper_class}__code"})
    for element in section:
        root.remove(element)
        (code if element in code_elements else text).append(element)
    root.insert(position, wrapper)
    return code


def _wrap_operation(
    root: etree.Element, section: list[etree.Element], sample: etree.Element
) -> None:
    operation = sample.get("data-operation", "")
    code = _wrap(root, section, [sample], "vinr-operation", {"data-operation": operation})
    # The "Try it" button: in the HTML (shown by the stylesheet only when JavaScript runs, so no
    # layout change after load); tryit-loader.js wires it and loads the panel on first use.
    tryit = etree.SubElement(code, "div", {"class": TRYIT_CLASS, "data-operation": operation})
    button = etree.SubElement(
        tryit,
        "button",
        {"type": "button", "class": f"md-button {TRYIT_CLASS}__toggle", "aria-expanded": "false"},
    )
    button.text = "Try it"
    for variant, heading, advanced in _variants(section):
        code.append(_variant_block(variant, heading, advanced))


def _variants(
    section: list[etree.Element],
) -> list[tuple[etree.Element, etree.Element | None, bool]]:
    """The section's other samples (with the heading above each, and whether it is Advanced),
    taken out of the text: they belong in the code pane, under the request they vary."""
    found: list[tuple[etree.Element, etree.Element | None, bool]] = []

    def walk(parent: etree.Element, heading: etree.Element | None, advanced: bool) -> None:
        for child in list(parent):
            if child.tag in ("h3", "h4", "h5", "h6"):
                heading = child
            elif _has_class(child, "vinr-sample") and not _has_class(child, PRIMARY_CLASS):
                parent.remove(child)
                found.append((child, heading, advanced))
            elif child.tag == "div":
                walk(child, heading, advanced or _has_class(child, ADVANCED_CLASS))

    for element in section[1:]:
        if element.tag == "div" and not _has_class(element, PRIMARY_CLASS):
            walk(element, None, _has_class(element, ADVANCED_CLASS))
    return found


def _heading_text(heading: etree.Element) -> str:
    """A heading's words, without the toc extension's permalink."""
    parts = [heading.text or ""]
    for child in heading:
        if "headerlink" not in (child.get("class") or ""):
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts).strip()


def _variant_block(
    sample: etree.Element, heading: etree.Element | None, advanced: bool
) -> etree.Element:
    classes = f"{VARIANT_CLASS} {ADVANCED_CLASS}" if advanced else VARIANT_CLASS
    block = etree.Element("div", {"class": classes})
    if heading is not None and heading.get("id"):
        title = etree.SubElement(block, "p", {"class": f"{VARIANT_CLASS}__title"})
        link = etree.SubElement(title, "a", {"href": f"#{heading.get('id')}"})
        link.text = _heading_text(heading)
    block.append(sample)
    return block


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
