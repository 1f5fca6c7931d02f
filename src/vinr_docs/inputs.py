"""Every file an author writes, checked before anything renders or runs.

`check(project, spec_path, snippets)` reads the spec and every snippet file once and returns ALL
the problems it finds (not only the first), each naming `file:line` and what to do:

* the spec: malformed YAML, or not valid OpenAPI 3.1 (`vinr_docs.spec.load`);
* a snippet file that is not UTF-8;
* a JSON file that does not parse;
* a `response.json` that is none of its operation's documented replies, a `state.json` whose
  objects break their schema, an `snippets/events/<type>.json` that breaks its webhook's schema.

Independent of MkDocs: the `verify_samples` hook reports the list (a failed build, or the error
on the page in `mkdocs serve`).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from vinr_docs.fake.rules import FORMATS, SchemaValidator
from vinr_docs.languages import BY_FILE, RESPONSE_FILE, STATE_FILE
from vinr_docs.spec import Spec, SpecError, load
from vinr_docs.spec.lines import line_of

EVENTS_FOLDER = "events"
UPDATE_HINT = "python -m vinr_docs.engine --update FOLDER"


@dataclass(frozen=True)
class InputProblem:
    """One bad input file: where, what is wrong, and what to do."""

    file: str
    line: int | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}\n    → {self.fix}"


def check(project: Path, spec_path: Path, snippets: Path) -> tuple[Spec | None, list[InputProblem]]:
    """The loaded spec (None when it cannot be loaded) and every problem with the inputs."""
    problems: list[InputProblem] = []
    try:
        spec: Spec | None = load(spec_path)
    except SpecError as error:
        spec = None
        problems.append(_spec_problem(error, spec_path, project))
    documents: dict[Path, Any] = {}
    for path in sorted(p for p in snippets.rglob("*") if p.is_file()):
        label = _label(path, project)
        if path.name in BY_FILE or path.suffix == ".json":
            text = _text(path, label, problems)
            if text is not None and path.suffix == ".json":
                parsed = _json(text, label, problems)
                if parsed is not _MALFORMED:
                    documents[path] = (text, parsed)
    if spec is not None:
        for path, (text, document) in documents.items():
            problems += _schema_problems(spec, snippets, path, text, document, project)
    return spec, problems


def render(problems: list[InputProblem]) -> str:
    return f"{len(problems)} bad input file(s):\n" + "\n".join(f"  {p}" for p in problems)


def render_html(problems: list[InputProblem]) -> str:
    """What `mkdocs serve` shows instead of a page while an input file is bad."""
    return (
        '<div class="admonition failure vinr-bad-inputs">'
        '<p class="admonition-title">Bad input files: fix them and save, the page reloads</p>'
        f"<pre><code>{html.escape(render(problems))}</code></pre></div>\n"
    )


# --- reading -----------------------------------------------------------------------------------

_MALFORMED = object()


def _label(path: Path, project: Path) -> str:
    resolved = path.resolve()
    root = project.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(path)


def _text(path: Path, label: str, problems: list[InputProblem]) -> str | None:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(
            InputProblem(
                label,
                line,
                f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded",
                "save the file as UTF-8 (your editor's 'Save with encoding' / "
                "`iconv -f latin1 -t utf-8`)",
            )
        )
        return None


def _json(text: str, label: str, problems: list[InputProblem]) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        problems.append(
            InputProblem(
                label,
                error.lineno,
                f"malformed JSON (column {error.colno}): {error.msg}",
                "fix the JSON syntax there (a missing comma, quote or bracket?)",
            )
        )
        return _MALFORMED


def _spec_problem(error: SpecError, path: Path, project: Path) -> InputProblem:
    """The loader's message already names `file:line` (malformed YAML) or each invalid spot."""
    cause = error.__cause__
    mark = getattr(cause, "problem_mark", None)
    if isinstance(cause, yaml.MarkedYAMLError) and mark is not None:
        fix = "fix the YAML syntax there (indentation, a missing colon or quote?)"
        message = str(error).split(": ", 1)[1]
        return InputProblem(_label(path, project), mark.line + 1, message, fix)
    message = str(error).replace(str(path), _label(path, project))
    return InputProblem(_label(path, project), None, message, "make the spec valid OpenAPI 3.1")


# --- schemas -----------------------------------------------------------------------------------


def _schema_problems(
    spec: Spec, snippets: Path, path: Path, text: str, document: Any, project: Path
) -> list[InputProblem]:
    label = _label(path, project)
    relative = path.relative_to(snippets)
    if path.name == RESPONSE_FILE:
        return _response_problems(spec, relative.parent.as_posix(), label, text, document)
    if path.name == STATE_FILE:
        return _state_problems(spec, label, text, document)
    if relative.parts[0] == EVENTS_FOLDER and len(relative.parts) == 2:
        hook = spec.webhook(path.stem)
        if hook is None:
            return []  # the page checks name events the spec lacks
        return _violations(hook.schema, document, label, text, f"the {path.stem} webhook's schema")
    return []


def _response_problems(
    spec: Spec, folder: str, label: str, text: str, document: Any
) -> list[InputProblem]:
    operation = spec.operation_for_folder(folder)
    if operation is None:
        return []  # the page checks report folders that name no operation
    replies = [
        (status, schema)
        for status, response in operation.responses.items()
        if (schema := response.get("content", {}).get("application/json", {}).get("schema"))
    ]
    if any(_validator(schema).is_valid(document) for _, schema in replies):
        return []
    is_error = isinstance(document, dict) and "error" in document
    candidates = [(s, sch) for s, sch in replies if s.startswith(("4", "5")) == is_error]
    if not candidates:
        return []
    status, schema = candidates[0]
    what = f"the spec's {status} reply of {operation.id} ({schema.get('title', 'schema')})"
    return _violations(schema, document, label, text, what, update=folder)


def _state_problems(spec: Spec, label: str, text: str, document: Any) -> list[InputProblem]:
    """Each object of a collection (`customers`, `payment_methods`…) against the schema whose
    title names it; fields may be left out (the fake fills them), unknown or mistyped ones not."""
    if not isinstance(document, dict):
        return []  # the fake's fixture loader says what a state must be
    schemas = {
        _plural(schema.get("title", name)): schema
        for name, schema in spec.raw.get("components", {}).get("schemas", {}).items()
    }
    problems = []
    for key, items in document.items():
        schema = schemas.get(key)
        if schema is None or not isinstance(items, list):
            continue
        partial = {k: v for k, v in schema.items() if k != "required"}
        for index, item in enumerate(items):
            problems += _violations(
                partial,
                item,
                label,
                text,
                f"the spec's {schema.get('title', key)} schema",
                prefix=[key, index],
            )
    return problems


def _violations(
    schema: dict[str, Any],
    document: Any,
    label: str,
    text: str,
    what: str,
    prefix: list[Any] | None = None,
    update: str | None = None,
) -> list[InputProblem]:
    fix = f"make the file match {what} in the spec"
    if update:
        fix += f", or write what the fake returns: {UPDATE_HINT.replace('FOLDER', update)}"
    found = []
    for error in sorted(_validator(schema).iter_errors(document), key=lambda e: list(e.path)):
        where = [*(prefix or []), *error.absolute_path]
        pointer = "/".join(map(str, where)) or "(document)"
        line, advice = line_of(text, where), fix
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = error.schema.get("properties", {})
            extra = [name for name in error.instance if name not in known]
            line = line_of(text, [*where, extra[0]]) if extra else line
            if known:
                advice += f" (its fields: {', '.join(known)})"
        found.append(InputProblem(label, line, f"{pointer}: {error.message}", advice))
    return found


_VALIDATORS: dict[str, Draft202012Validator] = {}


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    key = json.dumps(schema, sort_keys=True, default=str)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = SchemaValidator(schema, format_checker=FORMATS)
    return _VALIDATORS[key]


def _plural(title: str) -> str:
    snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in title).lstrip("_")
    return snake + "s"
