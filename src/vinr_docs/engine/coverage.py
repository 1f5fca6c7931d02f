"""The coverage matrix: operations × (curl, JavaScript, Python, Ruby, response, errors, events),
each cell verified / failed / missing / not executed — for the build log and the guide page."""

from __future__ import annotations

import html
from dataclasses import dataclass

from vinr_docs.engine.model import SampleResult
from vinr_docs.languages import LANGUAGES
from vinr_docs.spec.model import Spec

COLUMNS = (*(language.tab for language in LANGUAGES), "response", "errors", "events")


@dataclass(frozen=True)
class Row:
    operation: str
    cells: tuple[str, ...]  # one per COLUMNS entry


def _language_cell(results: list[SampleResult], tab: str, not_run: set[str]) -> str:
    mine = [r for r in results if r.sample.language.tab == tab]
    if not mine:
        return "not executed: runtime missing" if tab in not_run else "missing"
    failed = sum(not r.ok for r in mine)
    return f"failed ({failed} of {len(mine)})" if failed else f"verified ({len(mine)})"


def matrix(
    spec: Spec,
    results: list[SampleResult],
    errors: dict[str, dict[str, set[str]]],
    not_run: set[str],
) -> list[Row]:
    rows = []
    for operation in spec.operations:
        mine = [r for r in results if r.sample.operation == operation.id]
        cells = [_language_cell(mine, language.tab, not_run) for language in LANGUAGES]
        main = [r for r in mine if r.sample.folder == operation.sample_folder]
        cells.append("missing" if not main else "verified" if all(r.ok for r in main) else "failed")
        examples = errors.get(operation.id, {})
        complete = sum(len(langs) == len(LANGUAGES) for langs in examples.values())
        cells.append(
            "—"
            if not examples
            else f"verified ({complete})"
            if complete == len(examples)
            else f"failed ({len(examples) - complete} of {len(examples)} unverified)"
        )
        emitted = sorted({e["type"] for r in main for e in (r.events or [])})
        cells.append(
            "—"
            if not emitted
            else ("verified: " if all(r.ok for r in main) else "failed: ") + ", ".join(emitted)
        )
        rows.append(Row(operation.id, tuple(cells)))
    return rows


def render_text(rows: list[Row]) -> str:
    header = ("operation", *COLUMNS)
    table = [header, *((row.operation, *row.cells) for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in table
    )


def render_markdown(rows: list[Row]) -> str:
    header = ("Operation", *COLUMNS)
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join((f"`{row.operation}`", *row.cells)) + " |" for row in rows]
    return "\n".join(lines)


def render_html(rows: list[Row]) -> str:
    """The matrix as a table for the guide page (cells carry their status as a class)."""
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in ("Operation", *COLUMNS))
    body = "".join(
        f'<tr><th scope="row"><code>{html.escape(row.operation)}</code></th>'
        + "".join(
            f'<td class="vinr-coverage--{html.escape(cell.split()[0].rstrip(":"))}">'
            f"{html.escape(cell)}</td>"
            for cell in row.cells
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
