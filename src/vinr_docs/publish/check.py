"""Verify what `vinr_docs.publish` wrote into a built site, like the HTML pages are verified:

* every code block of a Markdown copy that names a snippet (`snippet="customers/create/node.js"`)
  is that file, byte for byte; every snippet the page shows is in its copy; every block that
  names an error body (`error="createCustomer/email_missing"`) is the spec's example;
* each copy's script (`customers.md.js`, for the copy button) holds the same text;
* `llms.txt` links every copy, and `llms-full.txt` is exactly the copies in that order;
* the published `openapi.yaml` is the source spec plus, on every operation, `x-codeSamples` equal
  to the files of its primary sample folder.

`hooks/publish.py` runs it at the end of every build; tests/publish tampers with a built site.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from vinr_docs.markdown.directives import scan
from vinr_docs.markdown.samples import tabs
from vinr_docs.publish import spec_samples
from vinr_docs.publish.copy import INCLUDE, error_json
from vinr_docs.publish.llms import COPY_SCRIPT_SUFFIX, LLMS, LLMS_FULL, SPEC, llms_full
from vinr_docs.spec import Spec

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
CLAIM = re.compile(r'\bsnippet="(?P<path>[^"]*)"')
ERROR_CLAIM = re.compile(r'\berror="(?P<op>[^"/]*)/(?P<key>[^"]*)"')
LINK = re.compile(r"\]\((?P<url>[^)\s]+\.md)\)")


@dataclass(frozen=True)
class CodeBlock:
    line: int  # 1-based line of the opening fence
    info: str
    body: str  # the lines between the fences, each with a newline


def code_blocks(text: str) -> list[CodeBlock]:
    blocks, lines = [], text.splitlines()
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        fence, indent, body = match["fence"], len(match["indent"]), []
        j = i + 1
        while j < len(lines):
            close = FENCE.match(lines[j])
            if close and close["fence"].startswith(fence) and not close["info"].strip():
                break
            body.append(lines[j][indent:] + "\n")
            j += 1
        blocks.append(CodeBlock(i + 1, match["info"].strip(), "".join(body)))
        i = j + 1
    return blocks


def shown_snippets(markdown: str, snippets: Path) -> set[str]:
    """The snippet files a page's Markdown (as rendered) shows: its sample folders' files, its
    events' payloads and every `--8<--` include."""
    shown: set[str] = set()
    for directive in scan(markdown.splitlines()):
        if directive.name == "sample":
            shown |= {tab.include for tab in tabs(directive.arg, snippets)}
            shown.add(f"{directive.arg}/response.json")
        elif directive.name == "event":
            shown.add(f"events/{directive.arg}.json")
    shown |= {m["path"] for line in markdown.splitlines() if (m := INCLUDE.match(line))}
    return shown


def _diff(expected: str, got: str, label: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(), got.splitlines(), f"{label} (verified)", "shown", lineterm="", n=1
    )
    return "\n".join(f"      {line}" for line in list(lines)[:12])


def _snippet_text(snippets: Path, path: str) -> str | None:
    file = (snippets / path).resolve()
    if not file.is_relative_to(snippets.resolve()) or not file.is_file():
        return None
    text = file.read_text(encoding="utf-8")
    return text if text.endswith("\n") else text + "\n"  # a fenced block ends with a newline


def shown_errors(markdown: str, spec: Spec) -> set[str]:
    """`<operationId>/<key>` of every error body the page's `/// errors` directives show."""
    return {
        f"{op.id}/{example.key}"
        for directive in scan(markdown.splitlines())
        if directive.name == "errors" and (op := spec.operation(directive.arg)) is not None
        for example in op.error_examples
    }


def check_errors(text: str, label: str, spec: Spec, shown: set[str]) -> list[str]:
    """Every block marked `error="op/key"` is the spec's example body, and none is left out."""
    problems, claimed = [], set()
    for block in code_blocks(text):
        if (match := ERROR_CLAIM.search(block.info)) is None:
            continue
        claimed.add(f"{match['op']}/{match['key']}")
        op = spec.operation(match["op"])
        examples = op.error_examples if op else ()
        example = next((e for e in examples if e.key == match["key"]), None)
        if example is None:
            problems.append(f"{label}:{block.line}: names error {match[0]}, which the spec lacks")
        elif block.body != error_json(example.body):
            diff = _diff(error_json(example.body), block.body, match[0])
            problems.append(
                f"{label}:{block.line}: the block is not the spec's {match[0]}:\n{diff}"
            )
    problems += [
        f"{label}: the page shows the error body {key}, but its Markdown copy has no block of it"
        for key in sorted(shown - claimed)
    ]
    return problems


def check_copy(text: str, label: str, snippets: Path, shown: set[str]) -> list[str]:
    """Problems of one Markdown copy (`label` names it in messages)."""
    problems, claimed = [], set()
    for block in code_blocks(text):
        match = CLAIM.search(block.info)
        if match is None:
            continue
        path = match["path"]
        claimed.add(path)
        expected = _snippet_text(snippets, path)
        if expected is None:
            problems.append(f"{label}:{block.line}: names snippet {path!r}, which does not exist")
        elif block.body != expected:
            problems.append(
                f"{label}:{block.line}: the block is not snippets/{path}, byte for byte; "
                f"regenerate the site (mkdocs build):\n{_diff(expected, block.body, path)}"
            )
    problems += [
        f"{label}: the page shows snippets/{path}, but its Markdown copy has no block of it"
        for path in sorted(shown - claimed)
    ]
    return problems


@dataclass(frozen=True)
class PublishedPage:
    copy: str  # path of the Markdown copy in the site
    markdown: str  # the page's Markdown as rendered (placeholders filled in)


def check_pages(
    site: Path, snippets: Path, pages: list[PublishedPage], base_url: str, spec: Spec
) -> list[str]:
    problems: list[str] = []
    for page in pages:
        file = site / page.copy
        if not file.is_file():
            problems.append(f"{page.copy}: missing from the site (every page has a Markdown copy)")
            continue
        text = file.read_text(encoding="utf-8")
        problems += check_copy(text, page.copy, snippets, shown_snippets(page.markdown, snippets))
        problems += check_errors(text, page.copy, spec, shown_errors(page.markdown, spec))
        problems += _check_script(site, page.copy, text)
    problems += _check_llms(site, [page.copy for page in pages], base_url)
    return problems


def _check_script(site: Path, copy: str, text: str) -> list[str]:
    script = site / f"{copy}{COPY_SCRIPT_SUFFIX}"
    if not script.is_file():
        return [f"{script.relative_to(site)}: missing (the copy button loads it)"]
    call = script.read_text(encoding="utf-8")
    match = re.fullmatch(r"vinrMarkdownCopy\((\"(?:[^\"\\]|\\.)*\"), (.*)\);\n", call, re.S)
    try:
        same = match is not None and json.loads(match[1]) == copy and json.loads(match[2]) == text
    except json.JSONDecodeError:
        same = False
    return [] if same else [f"{copy}{COPY_SCRIPT_SUFFIX}: does not hold the text of {copy}"]


def _check_llms(site: Path, copies: list[str], base_url: str) -> list[str]:
    index, full = site / LLMS, site / LLMS_FULL
    if not index.is_file() or not full.is_file():
        return [f"{LLMS} and {LLMS_FULL} must both be in the site root"]
    text = index.read_text(encoding="utf-8")
    linked = [m["url"].removeprefix(base_url) for m in LINK.finditer(text)]
    problems = [
        f"{LLMS}: links {url}, which is not in the site"
        for url in linked
        if not (site / url).is_file()
    ]
    problems += [f"{LLMS}: does not link {copy}" for copy in copies if copy not in linked]
    ordered = [url for url in linked if (site / url).is_file()]
    expected = llms_full([(site / url).read_text(encoding="utf-8") for url in ordered])
    if full.read_text(encoding="utf-8") != expected:
        problems.append(f"{LLMS_FULL}: is not the Markdown copies linked from {LLMS}, in order")
    return problems


def check_spec(site: Path, source: Path, spec: Spec, snippets: Path) -> list[str]:
    published = site / SPEC
    try:
        document = spec_samples.load_yaml(published.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        return [f"{SPEC}: the published spec cannot be read: {error}"]
    problems = []
    for op in spec.operations:
        try:
            node = spec_samples.operation_node(document, op)
        except (KeyError, TypeError):
            problems.append(f"{SPEC}: {op.method} {op.path} ({op.id}) is missing")
            continue
        got = node.pop(spec_samples.KEY, None)
        expected = spec_samples.code_samples(op, snippets)
        if got != expected:
            folder = f"snippets/{op.sample_folder}"
            problems.append(f"{SPEC}: x-codeSamples of {op.id} are not the files of {folder}")
    if document != spec_samples.load_yaml(source.read_text(encoding="utf-8")):
        problems.append(f"{SPEC}: differs from {source.name} beyond x-codeSamples")
    return problems
