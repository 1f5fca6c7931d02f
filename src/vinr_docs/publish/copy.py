"""A page's Markdown source → a self-contained Markdown copy for people, tools and AI assistants.

The copy is written from the same sources as the HTML page: the page's Markdown, the spec and the
snippet files. Directives become plain Markdown (method and path, parameter and error tables,
attribute lists); every code block taken from a snippet file carries the file it shows in its
info string (`snippet="customers/create/python.py"`), so `vinr_docs.publish.check` can prove it
is that file byte for byte. Advanced content stays between `<!-- begin: Advanced -->` and
`<!-- end: Advanced -->`; everything else is Standard.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path

from vinr_docs.markdown.directives import Scanner, scan
from vinr_docs.markdown.render import Field, authentication, fields
from vinr_docs.markdown.samples import tabs
from vinr_docs.spec import Operation, Spec
from vinr_docs.spec.schemas import constraints, merge_all_of, type_label

ADVANCED_BEGIN = "<!-- begin: Advanced -->"
ADVANCED_END = "<!-- end: Advanced -->"
LEGEND = (
    "> Level of detail: content between `" + ADVANCED_BEGIN + "` and `" + ADVANCED_END + "` is "
    "**Advanced** (shown when a reader picks Advanced); everything else is **Standard**. Code "
    'blocks marked `snippet="…"` are the verified sample files, executed on every build.'
)
INCLUDE = re.compile(r"""^(?P<indent>\s*)--8<--\s+["'](?P<path>[^"']+)["']\s*$""")
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
BLOCK_OPEN = re.compile(r"^/{3,}\s*(?P<name>[\w-]+)")
BLOCK_CLOSE = re.compile(r"^/{3,}\s*$")
TAB = re.compile(r'^(?P<indent>\s*)===\+?\s+"(?P<label>[^"]*)"\s*$')
ADMONITION = re.compile(
    r'^(?P<indent>\s*)(?:!!!|\?\?\?\+?)\s+(?P<kind>\w+)(?:\s+"(?P<title>[^"]*)")?'
)
ATTR_LIST = re.compile(r"\s*\{\s*[#.][^}]*\}")
DIV_LINE = re.compile(r"^\s*</?div\b[^>]*>\s*$")
HTML_LINE = re.compile(r"^\s*<(?P<tag>[a-z]+)\b[^>]*>.*</(?P=tag)>\s*$")  # a one-line HTML block
TAG = re.compile(r"<[^>]+>")
AUTODOC = re.compile(r"^:::\s+(?P<name>[\w.]+)\s*$")
SNIPPET_ATTR = 'snippet="{}"'
ERROR_ATTR = 'error="{}"'  # <operationId>/<example key>: an error body the spec documents


def error_json(body: object) -> str:
    """An error body as the copy shows it (and the check expects it)."""
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


@dataclass
class Copy:
    """A page's Markdown copy and the snippet files its code blocks claim to show."""

    text: str
    claims: list[str] = field(default_factory=list)


def fenced(body: str, info: str) -> str:
    """`body` in a fence longer than any backtick run inside it (a block ends with a newline)."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    body = body if body.endswith("\n") else body + "\n"
    return f"{fence}{info}\n{body}{fence}\n"


def snippet_block(snippets: Path, path: str, lang: str, title: str = "") -> str:
    info = f"{lang}" + (f' title="{title}"' if title else "") + " " + SNIPPET_ATTR.format(path)
    return fenced((snippets / path).read_text(encoding="utf-8"), info)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


class PageCopy:
    """Writes the Markdown copy of one page."""

    def __init__(self, spec: Spec, snippets: Path) -> None:
        self.spec, self.snippets = spec, snippets
        self.claims: list[str] = []

    def render(self, title: str, description: str, source: str) -> Copy:
        lines = source.lstrip("\n").splitlines()
        if lines and lines[0].startswith("# "):
            title, lines = lines[0][2:].strip(), lines[1:]
        head = [f"# {title}", ""] + ([f"> {description}", ""] if description else [])
        body = self._body(lines)
        text = "\n".join([*head, LEGEND, "", *body]).rstrip("\n") + "\n"
        text = re.sub(r"\n{3,}", "\n\n", text)
        return Copy(text, list(self.claims))

    # -- line by line -----------------------------------------------------------------------
    def _body(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        scanner, blocks, dedent = Scanner(), [], 0
        auth = any(d.name == "endpoint" for d in scan(lines))  # as the HTML page says it
        i = 0
        while i < len(lines):
            line = lines[i]
            if auth and line.startswith("## ") and scanner.fence is None:
                out += [ATTR_LIST.sub("", authentication(self.spec)), ""]
                auth = False
            if dedent and line.strip() and not line.startswith(" " * dedent):
                dedent = 0
            line = line[dedent:] if line.startswith(" " * dedent) else line.lstrip()
            if fence := FENCE.match(line):
                end = self._fence_end(lines, i, fence["fence"], dedent)
                out += self._code(fence, [x[dedent:] for x in lines[i + 1 : end]])
                for skipped in lines[i : end + 1]:
                    scanner.step(skipped)
                i = end + 1
                continue
            directive = scanner.step(lines[i])
            if directive is not None:
                out += ["", *self._directive(directive.name, directive.arg, directive.section), ""]
            elif BLOCK_CLOSE.match(line.strip()) and blocks:
                out += ["", ADVANCED_END, ""] if blocks.pop() else []
            elif match := BLOCK_OPEN.match(line.strip()):
                blocks.append(match["name"] == "advanced")
                out += ["", ADVANCED_BEGIN, ""] if blocks[-1] else []
            elif match := TAB.match(line):
                out += ["", f"**{match['label']}**", ""]
                dedent = len(match["indent"]) + 4
            elif match := ADMONITION.match(line):
                label = match["title"] or match["kind"].capitalize()
                out += ["", f"**{label}**", ""]
                dedent = len(match["indent"]) + 4
            elif match := AUTODOC.match(line):
                out.append(f"(The HTML page shows the API reference of `{match['name']}` here.)")
                while i + 1 < len(lines) and lines[i + 1].startswith("    "):
                    i += 1
            elif match := INCLUDE.match(line):
                out.append(self._include(match["path"]).rstrip("\n"))
            elif HTML_LINE.match(line):
                out.append(TAG.sub("", line).strip())
            elif not DIV_LINE.match(line):
                out.append(ATTR_LIST.sub("", line))
            i += 1
        return out

    @staticmethod
    def _fence_end(lines: list[str], start: int, fence: str, dedent: int) -> int:
        for j in range(start + 1, len(lines)):
            match = FENCE.match(lines[j][dedent:])
            if match and match["fence"].startswith(fence) and not match["info"].strip():
                return j
        return len(lines) - 1

    def _code(self, fence: re.Match[str], body: list[str]) -> list[str]:
        info = fence["info"].strip()
        includes = [INCLUDE.match(line) for line in body if line.strip()]
        if len(includes) == 1 and includes[0] is not None:
            path = includes[0]["path"]
            self.claims.append(path)
            lang = info.split()[0] if info else ""
            return snippet_block(self.snippets, path, lang).splitlines()
        return fenced("\n".join(body), info).splitlines()

    def _include(self, path: str) -> str:
        self.claims.append(path)
        return (self.snippets / path).read_text(encoding="utf-8")

    # -- directives -------------------------------------------------------------------------
    def _directive(self, name: str, arg: str, section: object) -> list[str]:
        in_advanced = bool(getattr(section, "in_advanced", False))
        return getattr(self, f"_{name}")(arg, in_advanced).splitlines()

    def _op(self, operation_id: str) -> Operation:
        op = self.spec.operation(operation_id)
        if op is None:
            raise ValueError(f"unknown operation {operation_id!r}")
        return op

    def _endpoint(self, arg: str, _: bool) -> str:
        op = self._op(arg)
        return f"**`{op.method} {op.path}`** (operation `{op.id}`)"

    def _sample(self, folder: str, _: bool) -> str:
        op = self.spec.operation_for_folder(folder)
        role = "Sample" if op is None or folder == op.sample_folder else "Variant"
        parts = [f"{role} `{folder}` in every language (each one runs on every build):", ""]
        for tab in tabs(folder, self.snippets):
            self.claims.append(tab.include)
            parts.append(snippet_block(self.snippets, tab.include, tab.fence, tab.label))
        response = f"{folder}/response.json"
        self.claims.append(response)
        parts.append(
            snippet_block(self.snippets, response, "json", self._response_title(op, folder))
        )
        return "\n".join(parts)

    def _response_title(self, op: Operation | None, folder: str) -> str:
        body = json.loads((self.snippets / folder / "response.json").read_text(encoding="utf-8"))
        example = next((e for e in (op.error_examples if op else ()) if e.body == body), None)
        if example is None:
            return "Response"
        return f"{example.status} {HTTPStatus(example.status).phrase} — {example.summary}"

    def _advanced(self, text: str, in_advanced: bool) -> str:
        return text if in_advanced else f"{ADVANCED_BEGIN}\n\n{text}\n\n{ADVANCED_END}"

    def _parameters(self, arg: str, in_advanced: bool) -> str:
        op = self._op(arg)
        params = [*self.spec.auth_parameters(op), *op.parameters]
        summary = "\n".join(
            f"- `{p.name}` ({type_label(p.schema)}{', required' if p.required else ''})"
            for p in op.parameters
        )
        rows = "\n".join(
            f"| `{p.name}` | {p.location} | {_cell(type_label(p.schema))} | "
            f"{'yes' if p.required else 'no'} | {_cell('; '.join(constraints(p.schema)))} | "
            f"{_cell(p.description)} |"
            for p in params
        )
        table = (
            f"Parameters of `{op.id}`:\n\n| Name | In | Type | Required | Constraints | "
            f"Description |\n| --- | --- | --- | --- | --- | --- |\n{rows}"
        )
        return (summary + "\n\n" if summary else "") + self._advanced(table, in_advanced)

    def _errors(self, arg: str, in_advanced: bool) -> str:
        op = self._op(arg)
        rows = "\n".join(
            f"| {e.status} | `{e.code}` | {_cell(e.description)} |" for e in op.error_examples
        )
        bodies = "\n".join(
            f"{e.status} {HTTPStatus(e.status).phrase} — {e.summary}:\n\n"
            + fenced(error_json(e.body), f"json {ERROR_ATTR.format(f'{op.id}/{e.key}')}")
            for e in op.error_examples
        )
        text = f"Errors of `{op.id}`:\n\n| Status | Code | When |\n| --- | --- | --- |\n{rows}"
        return self._advanced(f"{text}\n\n{bodies}", in_advanced)

    def _object(self, name: str, _: bool) -> str:
        schema = self.spec.schema(name)
        if schema is None:
            raise ValueError(f"unknown schema {name!r}")
        return _field_list(fields(merge_all_of(schema), "x", "x"))

    def _event(self, name: str, _: bool) -> str:
        webhook = self.spec.webhook(name)
        if webhook is None:
            raise ValueError(f"unknown event {name!r}")
        path = f"events/{name}.json"
        self.claims.append(path)
        listing = _field_list(fields(merge_all_of(webhook.schema), "x", "x"))
        return f"{listing}\n\n{snippet_block(self.snippets, path, 'json', name)}"


def _field_list(items: list[Field], depth: int = 0) -> str:
    lines = []
    for f in items:
        extra = f" ({'; '.join(f.constraints)})" if f.constraints else ""
        expandable = " (expandable)" if f.expandable else ""
        text = " ".join(f.description.split())
        lines.append(f"{'  ' * depth}- **`{f.name}`** {f.type}{expandable}: {text}{extra}")
        if f.children:
            lines.append(_field_list(f.children, depth + 1))
    return "\n".join(lines)


def page_copy(spec: Spec, snippets: Path, title: str, description: str, source: str) -> Copy:
    """The Markdown copy of a page whose Markdown (front matter removed) is `source`."""
    return PageCopy(spec, snippets).render(title, description, source)
