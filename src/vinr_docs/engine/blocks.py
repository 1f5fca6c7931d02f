"""Every code block on every page, accounted for: executed and compared, or marked as not
executed with a reason. An unmarked block that nothing verifies fails the build.

* `/// sample | folder` shows one block per language plus the response: verified by running.
* `/// errors | operationId` shows the spec's error examples: verified when samples in every
  language got exactly that reply (see `crosscheck.error_examples`).
* `/// event | type` shows `snippets/events/<type>.json`: verified when the operation's sample
  made the fake emit exactly that payload.
* Any other fenced block must follow a `<!-- not executed: <reason> -->` line, unless it only
  includes a sample or response file that is itself verified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from vinr_docs.engine.model import Problem, SampleResult
from vinr_docs.languages import LANGUAGES, RESPONSE_FILE
from vinr_docs.markdown.directives import DIRECTIVE

FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})")
INCLUDE = re.compile(r"""^\s*--8<--\s+["'](?P<path>[^"']+)["']\s*$""")
NOT_EXECUTED = re.compile(r"^\s*<!--\s*not executed:\s*(?P<reason>.+?)\s*-->\s*$")


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    what: str  # "customers/create/python.py", "errors of createCustomer", …
    status: str  # "verified" | "failed" | "not executed: <reason>" | "unmarked"


@dataclass(frozen=True)
class Verdicts:
    """What this run verified: snippet paths of samples and responses that passed or failed, and
    per operationId / event type whether its error bodies / payload verified."""

    verified: set[str]
    failed: set[str]
    errors: dict[str, bool]
    events: dict[str, bool]

    def of_file(self, path: str) -> str:
        return "failed" if path in self.failed else _status(True if path in self.verified else None)


def scan(page: Path, rel: str, verdicts: Verdicts) -> list[Block]:
    """The blocks of one page."""
    blocks: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    fence: str | None = None
    for number, line in enumerate(lines, 1):
        if fence is not None:
            match = FENCE.match(line)
            if (
                match
                and match["fence"][0] == fence[0]
                and len(match["fence"]) >= len(fence)
                and not line.strip()[len(match["fence"]) :].strip()
            ):
                fence = None
            continue
        if directive := DIRECTIVE.match(line):
            blocks += _directive(rel, number, directive["name"], directive["arg"], verdicts)
        elif match := FENCE.match(line):
            fence = match["fence"]
            blocks.append(_fenced(rel, number, lines, verdicts))
    return blocks


def _status(ok: bool | None) -> str:
    return "verified" if ok else "failed" if ok is not None else "not verified"


def _directive(rel: str, number: int, name: str, arg: str, verdicts: Verdicts) -> list[Block]:
    if name == "errors":
        return [Block(rel, number, f"error bodies of {arg}", _status(verdicts.errors.get(arg)))]
    if name == "event":
        return [Block(rel, number, f"{arg} payload", _status(verdicts.events.get(arg)))]
    if name != "sample":
        return []  # endpoint, parameters, object: tables, not code
    files = [f"{arg}/{language.file}" for language in LANGUAGES] + [f"{arg}/{RESPONSE_FILE}"]
    return [Block(rel, number, path, verdicts.of_file(path)) for path in files]


def _fenced(rel: str, number: int, lines: list[str], verdicts: Verdicts) -> Block:
    body = []
    for line in lines[number:]:
        if FENCE.match(line):
            break
        body.append(line)
    includes = [m["path"] for m in map(INCLUDE.match, body) if m]
    if includes and len(includes) == len([b for b in body if b.strip()]):
        statuses = {verdicts.of_file(path) for path in includes}
        if statuses == {"verified"} or "failed" in statuses:
            status = "failed" if "failed" in statuses else "verified"
            return Block(rel, number, ", ".join(includes), status)
    for previous in reversed(lines[max(0, number - 3) : number - 1]):
        if marker := NOT_EXECUTED.match(previous):
            return Block(rel, number, f"{rel}:{number}", f"not executed: {marker['reason']}")
    return Block(rel, number, f"{rel}:{number}", "unmarked")


def inventory(
    pages: list[Path],
    project: Path,
    results: list[SampleResult],
    errors: dict[str, bool],
    events: dict[str, bool],
) -> list[Block]:
    verified: set[str] = set()
    failed: set[str] = set()
    for result in results:
        paths = {result.sample.id, f"{result.sample.folder}/{RESPONSE_FILE}"}
        (verified if result.ok else failed).update(paths)
    verdicts = Verdicts(verified - failed, failed, errors, events)
    blocks = []
    for page in sorted(pages):
        rel = page.relative_to(project).as_posix() if page.is_relative_to(project) else str(page)
        blocks += scan(page, rel, verdicts)
    return blocks


def problems(blocks: list[Block]) -> list[Problem]:
    return [
        Problem(
            "unmarked_block",
            "a code block that nothing executes: show it through a "
            "directive, or put `<!-- not executed: <reason> -->` on "
            "the line above it",
            where=f"{b.page}:{b.line}",
            page=b.page,
        )
        for b in blocks
        if b.status == "unmarked"
    ]
