"""Discovery: which snippet files the pages include, where, and which of them are Python samples.

Pages never contain code, only `--8<--` includes of files under `snippets/`. This module reads
each page line by line, follows the includes (inside content tabs, fenced blocks and
`/// advanced` blocks alike) and records for each one the page, line, tab label and whether it is
Advanced content — everything a failure message needs to point at the right place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_LANGUAGES = ("python", "py", "python3")
RESPONSE_FILE = "response.json"
CURL_FILE = "curl.sh"
STATE_FILE = "state.json"

_INCLUDE = re.compile(r"""^\s*(?P<escape>;)?--8<--\s+(?P<q>["'])(?P<path>.+?)(?P=q)\s*$""")
_BLOCK_INCLUDE = re.compile(r"^\s*--8<--\s*$")
_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
_TAB = re.compile(r"""^(?P<indent>\s*)===[+!]*\s+["'](?P<label>[^"']*)["']""")
_BLOCK_OPEN = re.compile(r"^\s*///\s*(?P<name>[\w-]+)")
_BLOCK_CLOSE = re.compile(r"^\s*///\s*$")
_TITLE = re.compile(r"""title=["'](?P<title>[^"']*)["']""")
_LINES = re.compile(r"(:-?\d*){1,2}$")  # "file.py:2:5" selects lines; we verify the whole file


@dataclass(frozen=True)
class Include:
    """One `--8<--` include on a page."""

    snippet: str  # as written in the page, e.g. "customers/create/python.py"
    file: Path | None  # the file it resolves to; None when it does not exist
    page: str  # page path relative to the project, e.g. "docs/api-reference/customers.md"
    line: int  # 1-based line of the include in the page
    lang: str | None = None  # language of the enclosing fence
    tab: str | None = None  # enclosing content tab label, e.g. "Python"
    advanced: bool = False  # inside a `/// advanced` block
    title: str | None = None  # title="…" of the enclosing fence, e.g. "Response"

    @property
    def where(self) -> str:
        """`docs/api-reference/customers.md:63, tab "Python" (Advanced)`."""
        label = f', tab "{self.tab}"' if self.tab else ""
        if not self.tab and self.title:
            label = f', block "{self.title}"'
        return f"{self.page}:{self.line}{label}{' (Advanced)' if self.advanced else ''}"

    @property
    def is_python(self) -> bool:
        return (self.lang or "").lower() in SAMPLE_LANGUAGES or self.snippet.endswith(".py")


@dataclass(frozen=True)
class Sample:
    """A Python sample: its file, the places pages show it, and the files it is checked with."""

    snippet: str  # path relative to the snippets folder: the sample's id
    path: Path
    includes: tuple[Include, ...]
    root: Path  # the snippets folder it was found in

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def response(self) -> Path:
        """The documented result: `response.json` beside the sample."""
        return self.folder / RESPONSE_FILE

    @property
    def curl(self) -> Path | None:
        path = self.folder / CURL_FILE
        return path if path.is_file() else None

    @property
    def fixture(self) -> Path | None:
        """The nearest `state.json`, looking in the sample's folder and then its parents up to
        the snippets folder (so a resource can declare a state shared by its operations)."""
        for folder in (self.folder, *self.folder.parents):
            if (folder / STATE_FILE).is_file():
                return folder / STATE_FILE
            if folder == self.root:
                return None
        return None


@dataclass
class Discovery:
    """Everything the pages include."""

    includes: list[Include] = field(default_factory=list)

    @property
    def missing(self) -> list[Include]:
        return [i for i in self.includes if i.file is None]

    def samples(self) -> list[Sample]:
        """Python samples, one per file (a file shown on several pages is run once)."""
        by_file: dict[Path, list[Include]] = {}
        for include in self.includes:
            if include.file is not None and include.is_python:
                by_file.setdefault(include.file, []).append(include)
        return [
            Sample(snippet=found[0].snippet, path=path, includes=tuple(found),
                   root=_root_of(path, found[0].snippet))
            for path, found in by_file.items()
        ]

    def shown(self, path: Path) -> Include | None:
        """Where a page first shows `path` (e.g. a response file), if it does."""
        return next((i for i in self.includes if i.file == path), None)


def _root_of(path: Path, snippet: str) -> Path:
    root = path
    for _ in Path(snippet).parts:
        root = root.parent
    return root


def discover(project: Path, pages: Iterable[Path], snippet_dirs: Iterable[Path]) -> Discovery:
    """Scan `pages` for includes resolved against `snippet_dirs` (pymdownx.snippets base_path)."""
    dirs = list(snippet_dirs)
    discovery = Discovery()
    for page in sorted(pages):
        discovery.includes.extend(scan_page(page, project, dirs))
    return discovery


def resolve(snippet: str, snippet_dirs: list[Path]) -> Path | None:
    name = _LINES.sub("", snippet) if not Path(snippet).is_file() else snippet
    for base in snippet_dirs:
        if (base / name).is_file():
            return (base / name).resolve()
    return None


@dataclass
class _Context:
    """What encloses the current line while scanning a page."""

    tabs: list[tuple[int, str]] = field(default_factory=list)  # (indent, label)
    blocks: list[str] = field(default_factory=list)  # open `///` blocks, innermost last
    fence: tuple[str, str | None, str | None] | None = None  # (marker, lang, title)
    block_include: bool = False  # inside a multi-line `--8<--` block

    def update_tabs(self, line: str) -> None:
        if not line.strip() or self.fence:
            return
        indent = len(line) - len(line.lstrip())
        while self.tabs and self.tabs[-1][0] >= indent:
            self.tabs.pop()
        if match := _TAB.match(line):
            self.tabs.append((indent, match["label"]))


def scan_page(page: Path, project: Path, snippet_dirs: list[Path]) -> list[Include]:
    """Every include on one page, with its enclosing tab, fence and Advanced status."""
    rel = page.relative_to(project).as_posix() if page.is_relative_to(project) else str(page)
    context = _Context()
    found: list[Include] = []
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        path = _include_path(line, context)
        if path is not None:
            lang, title = context.fence[1:] if context.fence else (None, None)
            tab = context.tabs[-1][1] if context.tabs else None
            found.append(Include(path, resolve(path, snippet_dirs), rel, number, lang, tab,
                                 "advanced" in context.blocks, title))
            continue
        _track(line, context)
    return found


def _include_path(line: str, context: _Context) -> str | None:
    if _BLOCK_INCLUDE.match(line):
        context.block_include = not context.block_include
        return None
    if context.block_include:
        stripped = line.strip()
        return stripped if stripped and not stripped.startswith(";") else None
    match = _INCLUDE.match(line)
    return match["path"] if match and not match["escape"] else None


def _track(line: str, context: _Context) -> None:
    context.update_tabs(line)
    fence = _FENCE.match(line)
    if context.fence:
        marker = context.fence[0]
        if fence and fence["fence"][0] == marker[0] and len(fence["fence"]) >= len(marker) \
                and not fence["info"].strip():
            context.fence = None
        return
    if fence:
        info = fence["info"].strip()
        lang = info.split()[0].lstrip("{.").rstrip("}") if info else None
        title = _TITLE.search(info)
        context.fence = (fence["fence"], lang, title["title"] if title else None)
    elif _BLOCK_CLOSE.match(line):
        if context.blocks:
            context.blocks.pop()
    elif block := _BLOCK_OPEN.match(line):
        context.blocks.append(block["name"])
