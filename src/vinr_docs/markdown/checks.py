"""Build checks: every directive names something real, in the right section, and every
operation in the spec is shown with samples from a folder that exists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vinr_docs.markdown.directives import Directive, scan, table_rows
from vinr_docs.markdown.samples import resource_folders
from vinr_docs.spec import Spec

OPERATION_DIRECTIVES = ("endpoint", "parameters", "errors")


@dataclass(frozen=True)
class Problem:
    kind: str  # e.g. unknown_operation, sample_wrong_section, orphan_folder
    where: str  # page:line, snippet folder or spec location
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Page:
    label: str  # the page's path as the author knows it, e.g. docs/api-reference/customers.md
    text: str  # the whole source, front matter included, so line numbers match the file


def check_site(spec: Spec, pages: Iterable[Page], snippets: Path) -> list[Problem]:
    problems: list[Problem] = []
    shown: set[str] = set()
    for page in pages:
        lines = page.text.splitlines()
        for directive in scan(lines):
            where = f"{page.label}:{directive.line}"
            problems += check_directive(spec, directive, snippets, where)
            if directive.name == "sample":
                shown.add(directive.arg)
        problems += [
            Problem(
                "hand_written_table",
                f"{page.label}:{number}",
                f"a hand-written table in the section of {operation}; parameter and error "
                f"tables come from the spec: use `/// parameters | {operation}` or "
                f"`/// errors | {operation}`",
            )
            for number, operation in table_rows(lines)
        ]
    return problems + check_coverage(spec, shown, snippets)


def check_directive(spec: Spec, d: Directive, snippets: Path, where: str) -> list[Problem]:
    if d.name in OPERATION_DIRECTIVES:
        return _check_operation(spec, d, where)
    if d.name == "sample":
        return _check_sample(spec, d, snippets, where)
    if d.name == "object" and spec.schema(d.arg) is None:
        return [
            Problem(
                "unknown_schema",
                where,
                f"`/// object | {d.arg}`: no schema {d.arg!r} in components/schemas of {spec.path}",
            )
        ]
    if d.name == "event" and (
        spec.webhook(d.arg) is None or not (snippets / "events" / f"{d.arg}.json").is_file()
    ):
        return [
            Problem(
                "unknown_event",
                where,
                f"`/// event | {d.arg}`: needs webhooks."
                f"{d.arg} in {spec.path} and {snippets.name}/events/{d.arg}.json",
            )
        ]
    return []


def _check_operation(spec: Spec, d: Directive, where: str) -> list[Problem]:
    if spec.operation(d.arg) is None:
        known = ", ".join(op.id for op in spec.operations)
        return [
            Problem(
                "unknown_operation",
                where,
                f"`/// {d.name} | {d.arg}`: {spec.path} has no operation {d.arg!r} "
                f"(it has: {known})",
            )
        ]
    if d.section.operation != d.arg:
        return [
            Problem(
                "wrong_section",
                where,
                f"`/// {d.name} | {d.arg}` in the section {d.section.title!r}, which "
                f"documents {d.section.operation or 'no operation (no /// endpoint)'}",
            )
        ]
    return []


def _check_sample(spec: Spec, d: Directive, snippets: Path, where: str) -> list[Problem]:
    op = spec.operation_for_folder(d.arg)
    if op is None or not (snippets / d.arg).is_dir():
        return [
            Problem(
                "unknown_folder",
                where,
                f"`/// sample | {d.arg}`: {snippets.name}/{d.arg}/ must exist and be an "
                "operation's x-vinr-samples folder or <that folder>-<variant>",
            )
        ]
    if op.id != d.section.operation:
        documents = d.section.operation or "no operation (no /// endpoint before it)"
        return [
            Problem(
                "sample_wrong_section",
                where,
                f"`/// sample | {d.arg}` shows {op.id}, but the section "
                f"{d.section.title!r} documents {documents}",
            )
        ]
    return []


def check_coverage(spec: Spec, shown: set[str], snippets: Path) -> list[Problem]:
    """Each operation has its folder and is shown; each snippet folder names an operation."""
    problems = []
    for op in spec.operations:
        where = f"{spec.path}: {op.id}"
        if not (snippets / op.sample_folder).is_dir():
            problems.append(
                Problem(
                    "missing_folder",
                    where,
                    f"x-vinr-samples: {op.sample_folder}"
                    f" but {snippets.name}/{op.sample_folder}/ does not exist",
                )
            )
        elif op.sample_folder not in shown:
            problems.append(
                Problem(
                    "operation_without_samples",
                    where,
                    f"no page shows its samples: add "
                    f"`/// sample | {op.sample_folder}` to its section",
                )
            )
    resources = {op.sample_folder.split("/")[0] for op in spec.operations}
    for folder in resource_folders(snippets, resources):
        if spec.operation_for_folder(folder) is None:
            problems.append(
                Problem(
                    "orphan_folder",
                    f"{snippets.name}/{folder}/",
                    "names no operation of the spec: name it after an "
                    "operation's x-vinr-samples folder (<folder>-<variant>)",
                )
            )
    return problems
