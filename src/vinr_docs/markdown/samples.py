"""What a sample folder holds: one file per language plus the response it returns; and whether a
rendered page shows exactly those files (`shown_differences`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from vinr_docs.languages import LANGUAGES, RESPONSE_FILE, Language

NOT_SAMPLE_FOLDERS = ("errors",)  # folders of error bodies, not samples of an operation


@dataclass(frozen=True)
class Tab:
    label: str
    fence: str
    include: str  # snippet path relative to the snippets folder


def expected_files(folder: str) -> list[str]:
    """Snippet paths a complete sample folder has: every language, then the response."""
    return [f"{folder}/{language.file}" for language in LANGUAGES] + [f"{folder}/{RESPONSE_FILE}"]


def missing_files(folder: str, snippets: Path) -> list[str]:
    return [path for path in expected_files(folder) if not (snippets / path).is_file()]


def tabs(folder: str, snippets: Path) -> list[Tab]:
    """The language tabs of a folder, in page order, for the languages it has."""
    return [
        _tab(folder, language)
        for language in LANGUAGES
        if (snippets / folder / language.file).is_file()
    ]


def _tab(folder: str, language: Language) -> Tab:
    return Tab(language.tab, language.fence, f"{folder}/{language.file}")


def resource_folders(snippets: Path, resources: set[str]) -> list[str]:
    """Sample folders (`customers/create`) under the spec's resource folders."""
    return sorted(
        f"{resource}/{child.name}"
        for resource in resources
        for child in (snippets / resource).glob("*/")
        if child.is_dir() and child.name not in NOT_SAMPLE_FOLDERS
    )


# ---- shown = executed ------------------------------------------------------------------------

SAMPLE_ATTRIBUTE = "data-sample"
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass
class ShownSample:
    """The code blocks one rendered sample block shows: per tab label, and the others."""

    folder: str
    tabs: dict[str, str] = field(default_factory=dict)  # tab label → text shown
    others: list[str] = field(default_factory=list)  # e.g. the response


class _SampleBlocks(HTMLParser):
    """Collects the text of every `<code>` inside an element carrying `data-sample`, keyed by the
    label of the content tab it sits in (Material tabs: labels, then blocks in the same order)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.samples: list[ShownSample] = []
        self.depth = 0
        self.sample_depth: int | None = None
        self.labels: list[str] = []
        self.label: list[str] | None = None
        self.block_index = -1
        self.code: list[str] | None = None
        self.block_depth: int | None = None
        self.codes: list[str] = []  # every <code> of the page, for included files
        self.any_code: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_ELEMENTS:
            return
        self.depth += 1
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "code" and self.any_code is None:
            self.any_code = []
        if self.sample_depth is None:
            if SAMPLE_ATTRIBUTE in attributes:
                self.sample_depth = self.depth
                self.samples.append(ShownSample(attributes[SAMPLE_ATTRIBUTE] or ""))
                self.labels, self.block_index = [], -1
            return
        if tag == "label":
            self.label = []
        elif "tabbed-block" in classes:
            self.block_index += 1
            self.block_depth = self.depth
        elif tag == "code" and self.code is None:
            self.code = []

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        if tag == "code" and self.any_code is not None:
            self.codes.append("".join(self.any_code))
            self.any_code = None
        if self.sample_depth is not None:
            if tag == "label" and self.label is not None:
                self.labels.append("".join(self.label).strip())
                self.label = None
            elif tag == "code" and self.code is not None:
                self._keep("".join(self.code))
                self.code = None
            if self.block_depth == self.depth:
                self.block_depth = None
            if self.sample_depth == self.depth:
                self.sample_depth = None
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.any_code is not None:
            self.any_code.append(data)
        if self.code is not None:
            self.code.append(data)
        elif self.label is not None:
            self.label.append(data)

    def _keep(self, text: str) -> None:
        sample = self.samples[-1]
        if self.block_depth is not None and 0 <= self.block_index < len(self.labels):
            sample.tabs.setdefault(self.labels[self.block_index], text)
        else:
            sample.others.append(text)


def _parse(html: str) -> _SampleBlocks:
    parser = _SampleBlocks()
    parser.feed(html)
    parser.close()
    return parser


def shown_samples(html: str) -> list[ShownSample]:
    """Every sample block of a rendered page, as the reader sees its code (tags stripped)."""
    return _parse(html).samples


INCLUDE = re.compile(r"""^\s*--8<--\s+["'](?P<path>[^"']+)["']\s*$""")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
SAMPLE_FILES = {language.file for language in LANGUAGES} | {RESPONSE_FILE}


def page_differences(
    markdown: str, html: str, snippets: Path, snippets_label: str = "snippets"
) -> list[str]:
    """`shown_differences`, plus every fenced block of the page's Markdown that only includes a
    sample file (`--8<-- "customers/create/python.py"`): some code block of the rendered page must
    show exactly that file."""
    messages = shown_differences(html, snippets, snippets_label)
    codes = _parse(html).codes
    for path in _included_sample_files(markdown):
        file = snippets / path
        if not file.is_file():
            continue  # pymdownx.snippets reports a missing file itself
        text = file.read_text(encoding="utf-8")
        problems = [_first_difference(text, code) for code in codes]
        if codes and all(problems):
            closest = max(problems, key=lambda p: int(p.split(":", 1)[0]))
            messages.append(f"{snippets_label}/{path}:{closest}")
    return messages


def _included_sample_files(markdown: str) -> list[str]:
    found: list[str] = []
    body: list[str] | None = None
    for line in markdown.splitlines():
        if FENCE.match(line):
            if body is None:
                body = []
                continue
            includes = [m["path"] for m in map(INCLUDE.match, body) if m]
            if includes and len(includes) == len([b for b in body if b.strip()]):
                found += [p for p in includes if p.rsplit("/", 1)[-1] in SAMPLE_FILES]
            body = None
        elif body is not None:
            body.append(line)
    return found


def shown_differences(html: str, snippets: Path, snippets_label: str = "snippets") -> list[str]:
    """Where the rendered page shows other text than the file the engine runs: one message per
    file, naming the file's first line that differs. Derived from the page as rendered, whatever
    transformed it (pymdownx.snippets drops lines holding section markers, for instance)."""
    messages = []
    for sample in shown_samples(html):
        for language in LANGUAGES:
            path = snippets / sample.folder / language.file
            if not path.is_file():
                continue
            where = f"{snippets_label}/{sample.folder}/{language.file}"
            shown = sample.tabs.get(language.tab)
            if shown is None:
                messages.append(f"{where}: runs, but the page shows no {language.tab} tab for it")
                continue
            if problem := _first_difference(path.read_text(encoding="utf-8"), shown):
                messages.append(f"{where}:{problem}")
        response = snippets / sample.folder / RESPONSE_FILE
        if response.is_file():
            text = response.read_text(encoding="utf-8")
            if sample.others and all(_first_difference(text, o) for o in sample.others):
                problem = _first_difference(text, sample.others[-1])
                messages.append(f"{snippets_label}/{sample.folder}/{RESPONSE_FILE}:{problem}")
    return messages


def _first_difference(file_text: str, shown: str) -> str:
    """'' when equal (trailing newlines aside), else '<line>: <what differs>'."""
    ran = file_text.rstrip("\n").split("\n")
    seen = shown.rstrip("\n").split("\n")
    if ran == seen:
        return ""
    for number, (a, b) in enumerate(zip(ran, seen, strict=False), 1):
        if a != b:
            return (
                f"{number}: the page shows other code than the file that runs: line {number} "
                f"runs {a!r} but the page shows {b!r} (pymdownx.snippets drops lines holding "
                "`--8<--` section markers; keep the shown file exactly as it runs)"
            )
    number = min(len(ran), len(seen)) + 1
    if len(ran) > len(seen):
        return (
            f"{number}: the page shows other code than the file that runs: line {number} "
            f"runs {ran[number - 1]!r} but the page ends before it"
        )
    return (
        f"{number}: the page shows other code than the file that runs: the page shows "
        f"{seen[number - 1]!r} after the file's last line"
    )
