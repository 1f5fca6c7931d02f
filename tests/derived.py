"""Operations, pages and sample folders taken from the spec and discovery, for tests that must
never name them (issue 17 item 5): adding an operation or a page needs no test edit.

Import it as `from derived import …` (tests/ is on sys.path through tests/conftest.py). Each
helper fails with a sentence saying what the spec lacks, never with a bare StopIteration.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import reference_sources
from vinr_docs.markdown.directives import scan
from vinr_docs.spec import load
from vinr_docs.spec.model import Operation

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "docs" / "openapi.yaml"
SNIPPETS = ROOT / "snippets"
SPEC = load(SPEC_PATH)


def raw(operation: Operation, document: dict[str, Any] | None = None) -> dict[str, Any]:
    """The operation's object in `document` (the loaded spec's raw form by default), to read or
    to edit in a copy: `raw(op, spec_copy)["x-vinr-sdk"]`."""
    document = SPEC.raw if document is None else document
    return document["paths"][operation.path][operation.method.lower()]


def behaviour(operation: Operation) -> dict[str, Any]:
    """The operation's `x-vinr-behaviour` ({} when it has none)."""
    return raw(operation).get("x-vinr-behaviour") or {}


def first(what: str, test: Callable[[Operation], bool]) -> Operation:
    """The spec's first operation passing `test`; `what` says what it is when none does."""
    for operation in SPEC.operations:
        if test(operation):
            return operation
    raise AssertionError(f"{SPEC_PATH.name} has no operation {what}; the test needs one")


def acting(kind: str) -> Operation:
    """The first operation whose declared behaviour is `kind` (create, list, retrieve, update,
    delete), e.g. `acting("create")`."""
    return first(f"whose x-vinr-behaviour is {kind!r}", lambda op: kind in behaviour(op))


def with_path_parameter(method: str | None = None) -> Operation:
    """The first operation with a path parameter (and the given HTTP method, if any)."""
    return first(
        f"with a path parameter{f' and method {method}' if method else ''}",
        lambda op: (
            any(p.location == "path" for p in op.parameters)
            and (method is None or op.method == method)
        ),
    )


def path_parameter(operation: Operation) -> str:
    return next(p.name for p in operation.parameters if p.location == "path")


def error_codes(operation: Operation) -> set[str]:
    return {e.code for e in operation.error_examples}


def resource(operation: Operation) -> dict[str, Any]:
    """The `x-vinr-resources` entry the operation's behaviour acts on."""
    declared = behaviour(operation)
    kinds = ("create", "list", "retrieve", "update", "delete")
    name = next(declared[k] for k in kinds if k in declared)
    return SPEC.raw["x-vinr-resources"][name]


def variants(operation: Operation) -> list[Path]:
    """The operation's variant folders (`<sample folder>-*`), sorted."""
    return sorted(p for p in SNIPPETS.glob(f"{operation.sample_folder}-*") if p.is_dir())


def error_snippets() -> list[Path]:
    """Every error body kept as a snippet: the files of each `errors/` folder, and the
    response.json of each variant folder whose response is an error."""
    found = sorted(SNIPPETS.rglob("errors/*.json"))
    for operation in SPEC.operations:
        for folder in variants(operation):
            response = folder / "response.json"
            if response.is_file() and "error" in json.loads(response.read_text()):
                found.append(response)
    return found


def reference_page() -> tuple[str, Path]:
    """The first reference page found by discovery: (built path, Markdown source)."""
    pages = reference_sources()
    assert pages, "discovery found no reference page under docs/"
    return next(iter(pages.items()))


def page_of(folder: str) -> tuple[str, Path]:
    """The reference page whose source shows the sample `folder` (`/// sample | folder`)."""
    for built, source in reference_sources().items():
        if f"/// sample | {folder}\n" in source.read_text(encoding="utf-8") + "\n":
            return built, source
    raise AssertionError(f"no reference page shows `/// sample | {folder}`")


def response_field(folder: str) -> tuple[str, str, str]:
    """A string field of `folder`'s response.json to break (not its id): (field, the JSON of its
    value as written, the JSON of a wrong value), to `.replace(good, bad)` in the file."""
    body = json.loads((SNIPPETS / folder / "response.json").read_text())
    field = next(k for k, v in body.items() if isinstance(v, str) and k not in ("id", "object"))
    return field, json.dumps(body[field]), json.dumps(body[field] + "-broken")


def call_line(operation: Operation) -> int:
    """The line of the operation's primary Python sample that calls the SDK method its
    `x-vinr-sdk` declares."""
    method = raw(operation)["x-vinr-sdk"]["python"] + "("
    sample = SNIPPETS / operation.sample_folder / "python.py"
    for number, line in enumerate(sample.read_text().splitlines(), 1):
        if method in line:
            return number
    raise AssertionError(f"{sample} never calls {method}")


# ---- Reference pages and the operations they show ------------------------------------------


def page_operations(source: Path) -> list[Operation]:
    """The operations a reference page documents (`/// endpoint | …`), in page order."""
    from vinr_docs.markdown.directives import scan

    lines = source.read_text(encoding="utf-8").splitlines()
    ids = [d.arg for d in scan(lines) if d.name == "endpoint"]
    found = [SPEC.operation(i) for i in ids]
    missing = [i for i, op in zip(ids, found, strict=True) if op is None]
    assert not missing, f"{source} documents operations the spec lacks: {missing}"
    return [op for op in found if op is not None]


def reference_pages_by_url() -> dict[str, list[Operation]]:
    """Each reference page found by discovery, by its URL path in the built site
    (`/api-reference/….html`) → the operations it documents."""
    pages = reference_sources()
    assert pages, "discovery found no reference page under docs/"
    return {f"/{built}": page_operations(source) for built, source in pages.items()}


def kind_of(operation: Operation) -> tuple[str, str] | None:
    """(kind, resource) of the operation's declared behaviour: ("create", "customer")."""
    from vinr_docs.fake.plan import KINDS

    declared = behaviour(operation)
    return next(((k, declared[k]) for k in KINDS if k in declared), None)


def of_kind(operations: list[Operation], kind: str, resource: str | None = None) -> list[Operation]:
    """The operations declaring `kind` (on `resource`, if given), in the order given."""
    found = []
    for operation in operations:
        declared = kind_of(operation)
        if declared and declared[0] == kind and resource in (None, declared[1]):
            found.append(operation)
    return found


def request_schema(operation: Operation, name: str) -> dict[str, Any]:
    """The schema of a body property or parameter `name` of the operation ({} if none)."""
    body = (operation.body_schema or {}).get("properties", {})
    if name in body:
        return body[name]
    parameter = operation.parameter(name)
    return parameter.schema if parameter else {}


# ---- What an author's change touched ------------------------------------------------------

CODE = {".py", ".js", ".mjs", ".rb", ".ts"}


def touched(before: Path, after: Path) -> dict[str, tuple[int, int]]:
    """Each file added or changed in `after`: (lines added, lines removed)."""
    changes = {}
    for file in sorted(after.rglob("*")):
        rel = file.relative_to(after)
        if not file.is_file() or rel.parts[0] in {"node_modules", ".cache"}:
            continue
        old = before / rel
        new_lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
        old_lines = (
            old.read_text(encoding="utf-8", errors="replace").splitlines() if old.is_file() else []
        )
        if new_lines != old_lines:
            diff = list(difflib.unified_diff(old_lines, new_lines, lineterm="", n=0))
            added = sum(1 for d in diff if d.startswith("+") and not d.startswith("+++"))
            removed = sum(1 for d in diff if d.startswith("-") and not d.startswith("---"))
            changes[rel.as_posix()] = (added, removed)
    return changes


def outside_content(changes: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """The changes outside the spec, the snippets and the pages (docs/**/*.md)."""
    return {
        path: lines
        for path, lines in changes.items()
        if not (
            path == "docs/openapi.yaml"
            or path.startswith("snippets/")
            or (path.startswith("docs/") and path.endswith(".md"))
        )
    }


# ---- What a reference page shows, read from its own source and the spec --------------------


@dataclass(frozen=True)
class Heading:
    title: str  # as written, Markdown marks removed
    anchor: str  # its id on the built page
    level: int
    advanced: bool  # inside a `/// advanced` block


@dataclass(frozen=True)
class ReferencePage:
    """A discovered reference page: its URL path on the built site, its Markdown source, the
    operations it documents, its headings (from the source) and the id of a field shown only in
    Advanced (a child attribute of the page's first object with one, from the spec)."""

    url: str
    source: Path
    operations: list[Operation]
    headings: list[Heading]
    advanced_field: str | None

    @property
    def operation_headings(self) -> list[Heading]:
        """The h2 heading of each operation the page documents, in page order."""
        sections = {
            d.arg: d.section.anchor
            for d in scan(self.source.read_text(encoding="utf-8").splitlines())
            if d.name == "endpoint"
        }
        by_anchor = {h.anchor: h for h in self.headings if h.level == 2}
        return [by_anchor[sections[op.id]] for op in self.operations]

    @property
    def advanced_headings(self) -> list[Heading]:
        return [h for h in self.headings if h.advanced]

    def advanced_heading(self) -> Heading:
        found = self.advanced_headings
        assert found, f"{self.source} has no heading inside a `/// advanced` block"
        return found[0]

    def advanced_anchor(self) -> str:
        assert self.advanced_field, f"{self.source} shows no object with child attributes"
        return f"#{self.advanced_field}"


def headings(source: Path) -> list[Heading]:
    """The h2–h6 headings of a page's Markdown source (not in fenced code), with their ids."""
    from vinr_docs.markdown.directives import FENCE, HEADING, Scanner, heading_anchor

    scanner, found = Scanner(), []
    for line in source.read_text(encoding="utf-8").splitlines():
        scanner.step(line)
        if scanner.fence is None and not FENCE.match(line) and (match := HEADING.match(line)):
            title = re.sub(r"[`*_\\]", "", match["title"])
            anchor = heading_anchor(match["title"], match["attrs"])
            found.append(Heading(title, anchor, len(match["level"]), any(scanner.blocks)))
    return found


def advanced_field(source: Path) -> str | None:
    """The id of the first child attribute (shown only in Advanced) of the page's objects, as
    the renderer names it from the spec."""
    from vinr_docs.markdown.render import fields, slug
    from vinr_docs.spec.schemas import merge_all_of

    def first_child(found: list[Any], nested: bool) -> str | None:
        for field in found:
            if nested:
                return field.id
            if child := first_child(field.children, True):
                return child
        return None

    for directive in scan(source.read_text(encoding="utf-8").splitlines()):
        if directive.name == "object" and (schema := SPEC.schema(directive.arg)) is not None:
            prefix = f"{slug(directive.arg)}-object"
            if child := first_child(fields(merge_all_of(schema), prefix, prefix), False):
                return child
    return None


def reference_pages() -> list[ReferencePage]:
    """Every reference page found by discovery, with what tests read of it."""
    pages = reference_sources()
    assert pages, "discovery found no reference page under docs/"
    return [
        ReferencePage(
            f"/{built}", source, page_operations(source), headings(source), advanced_field(source)
        )
        for built, source in pages.items()
    ]
