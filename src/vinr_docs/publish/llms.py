"""`llms.txt` (an index of the Markdown copies, llmstxt.org format) and `llms-full.txt` (every copy
in one file), from the site's navigation."""

from __future__ import annotations

import json
from dataclasses import dataclass

LLMS = "llms.txt"
LLMS_FULL = "llms-full.txt"
SPEC = "openapi.yaml"
COPY_SCRIPT_SUFFIX = ".js"  # customers.md.js: the copy as a script, for the copy button on file://
FULL_SEPARATOR = "\n\n---\n\n"


@dataclass(frozen=True)
class PageEntry:
    section: str  # the nav section ("API reference"), or "" for a top-level page
    title: str
    description: str
    copy: str  # the Markdown copy's path in the site: "api-reference/customers.md"


def copy_path(dest_uri: str) -> str:
    """`api-reference/customers.html` → `api-reference/customers.md` (next to the HTML page)."""
    stem, _, _ = dest_uri.rpartition(".")
    return f"{stem}.md"


def copy_script(path: str, text: str) -> str:
    """The copy as a script that hands it to the "Copy page as Markdown" button: a `<script>`
    element can load it from file://, where fetch() of a file is not allowed."""
    return f"vinrMarkdownCopy({json.dumps(path)}, {json.dumps(text, ensure_ascii=False)});\n"


def llms_txt(name: str, description: str, base_url: str, pages: list[PageEntry]) -> str:
    sections: dict[str, list[PageEntry]] = {}
    for entry in pages:
        sections.setdefault(entry.section or "Overview", []).append(entry)
    lines = [
        f"# {name}",
        "",
        f"> {' '.join(description.split())}",
        "",
        "Every page below is a Markdown copy of the HTML page at the same address (`.md` "
        "instead of `.html`). Its code samples (curl, JavaScript, Python, Ruby) and their "
        "responses are the snippet files that ran against a fake of the VINR API when this site "
        "was built. Content marked Advanced is the extra detail readers can switch on; the rest "
        "is Standard.",
    ]
    for section, entries in sections.items():
        lines += ["", f"## {section}", ""]
        lines += [
            f"- [{e.title}]({base_url}{e.copy})" + (f": {e.description}" if e.description else "")
            for e in entries
        ]
    lines += [
        "",
        "## Optional",
        "",
        f"- [All pages in one file]({base_url}{LLMS_FULL}): every Markdown copy above, in order",
        f"- [OpenAPI spec]({base_url}{SPEC}): every operation, with its verified samples as "
        "`x-codeSamples`",
    ]
    return "\n".join(lines) + "\n"


def llms_full(copies: list[str]) -> str:
    return FULL_SEPARATOR.join(text.rstrip("\n") for text in copies) + "\n"
