"""Find the one-line directives on a page, with where they are and which section they are in.

A directive is one line `/// <name> | <argument>` (e.g. `/// sample | customers/create`).
`/// advanced` … `///` blocks are left alone; lines inside fenced code are not directives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from markdown.extensions.toc import slugify

NAMES = ("endpoint", "sample", "parameters", "errors", "object", "event")
DIRECTIVE = re.compile(rf"^///\s*(?P<name>{'|'.join(NAMES)})\s*\|\s*(?P<arg>\S+)\s*$")
HEADING = re.compile(r"^(?P<level>#{2,6})\s+(?P<title>.*?)\s*(?:\{(?P<attrs>[^}]*)\})?\s*$")
EXPLICIT_ID = re.compile(r"#([\w-]+)")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
BLOCK_OPEN = re.compile(r"^/{3,}\s*[\w-]+")
BLOCK_CLOSE = re.compile(r"^/{3,}\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")  # | --- | :-: |


@dataclass(frozen=True)
class Section:
    """The h2 section a line is in, and its innermost heading's anchor."""

    title: str = ""
    anchor: str = ""
    heading_anchor: str = ""
    operation: str | None = None  # set by the section's `/// endpoint`
    in_advanced: bool = False


@dataclass(frozen=True)
class Directive:
    name: str
    arg: str
    line: int  # 1-based, in the text that was scanned
    section: Section


def heading_anchor(title: str, attrs: str | None) -> str:
    explicit = EXPLICIT_ID.search(attrs or "")
    plain = re.sub(r"[`*_\\]", "", title)
    return explicit.group(1) if explicit else slugify(plain, "-")


class Scanner:
    """Walks a page line by line, keeping track of section, fences and Advanced blocks."""

    def __init__(self) -> None:
        self.section = Section()
        self.fence: str | None = None
        self.blocks: list[bool] = []  # open `///` blocks: is each one `advanced`?

    def step(self, line: str) -> Directive | None:
        """Update the context for `line`; return it as a directive (line number 0) if it is one."""
        if self._in_fence(line):
            return None
        if match := DIRECTIVE.match(line):
            return self._directive(match)
        self._track_blocks(line)
        if match := HEADING.match(line):
            self._heading(match)
        return None

    def _in_fence(self, line: str) -> bool:
        match = FENCE.match(line)
        if self.fence is not None:
            if match and match.group(1).startswith(self.fence):
                self.fence = None
            return True
        if match:
            self.fence = match.group(1)
            return True
        return False

    def _directive(self, match: re.Match[str]) -> Directive:
        name, arg = match["name"], match["arg"]
        if name == "endpoint":
            self.section = _replace(self.section, operation=arg)
        return Directive(name, arg, 0, _replace(self.section, in_advanced=any(self.blocks)))

    def _track_blocks(self, line: str) -> None:
        if BLOCK_CLOSE.match(line) and self.blocks:
            self.blocks.pop()
        elif BLOCK_OPEN.match(line):
            self.blocks.append(line.strip("/ ").startswith("advanced"))

    def _heading(self, match: re.Match[str]) -> None:
        anchor = heading_anchor(match["title"], match["attrs"])
        if len(match["level"]) == 2:
            self.section = Section(match["title"], anchor, anchor)
        else:
            self.section = _replace(self.section, heading_anchor=anchor)


def _replace(section: Section, **changes: object) -> Section:
    return Section(**{**section.__dict__, **changes})


def scan(lines: Iterable[str]) -> Iterator[Directive]:
    """Every directive in `lines`, with its 1-based line number and section."""
    scanner = Scanner()
    for number, line in enumerate(lines, 1):
        if directive := scanner.step(line):
            yield Directive(directive.name, directive.arg, number, directive.section)


def table_rows(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(line number, section operation) of every Markdown table in an operation's section."""
    scanner = Scanner()
    for number, line in enumerate(lines, 1):
        scanner.step(line)
        operation = scanner.section.operation
        if operation and scanner.fence is None and TABLE_RULE.match(line) and "|" in line:
            yield number - 1, operation
