"""Render one directive to Markdown (with raw HTML), from the spec and the snippet folders."""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

import markdown
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from vinr_docs.markdown.directives import Directive
from vinr_docs.markdown.samples import tabs
from vinr_docs.spec import Operation, Spec
from vinr_docs.spec.model import INVALID_KEY, Parameter
from vinr_docs.spec.schemas import Schema as SchemaDict
from vinr_docs.spec.schemas import (
    constraints,
    is_expandable,
    merge_all_of,
    object_part,
    pattern_in_words,
    type_label,
)


class DirectiveError(ValueError):
    """A directive names something the spec or the snippets folder does not have."""


@dataclass(frozen=True)
class Field:
    id: str
    name: str
    type: str
    description: str
    constraints: list[str]
    pattern: str | None  # exact, for Advanced; Standard says it in words when it can
    expandable: bool
    children: list[Field]


def slug(text: str) -> str:
    """`default_payment_method` → `default-payment-method`, `PaymentMethod` → `payment-method`."""
    spaced = "".join(f"-{c}" if c.isupper() and i else c for i, c in enumerate(text))
    return "-".join(
        part
        for part in "".join(c.lower() if c.isalnum() else "-" for c in spaced).split("-")
        if part
    )


def _md(text: str) -> Markup:
    """Inline Markdown (code spans, emphasis, links) of a spec description, as HTML."""
    rendered = markdown.markdown(text or "")
    return Markup(rendered.removeprefix("<p>").removesuffix("</p>"))


def _anchor(target: str, name: str, first: bool = False) -> Markup:
    """The "#" link of a field or parameter. The glyph comes from the stylesheet (search results
    and copied text never show it). Only a list's first link is a Tab stop: the arrow keys move
    between the links of a list (a11y.js), so a long list is one stop, not one per field."""
    label = html.escape(f"Link to {name}", quote=True)
    tabindex = "" if first else ' tabindex="-1"'
    return Markup(f'<a class="vinr-anchor" href="#{target}" aria-label="{label}"{tabindex}></a>')


@functools.cache
def environment() -> Environment:
    """One Jinja environment per process: templates compile once, not once per page."""
    env = Environment(
        loader=PackageLoader("vinr_docs.markdown", "templates"),
        # Templates write Markdown (code fences must stay verbatim); HTML parts escape with `e`.
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["md"] = _md
    env.filters["capitalize_first"] = lambda text: text[:1].upper() + text[1:]
    env.globals["anchor"] = _anchor
    return env


class Renderer:
    """Renders directives of one page; remembers the page's first object for field ids."""

    def __init__(
        self,
        spec: Spec,
        snippets: Path,
        env: Environment,
        shown: Iterable[Directive] = (),
    ) -> None:
        self.spec, self.snippets, self.env = spec, snippets, env
        self.object_prefix: dict[str, str] = {}  # h2 anchor -> id prefix of its first object
        shown = list(shown)
        # `/// errors | op` shows the error bodies as response variants of op's primary sample,
        # beside the request (or on their own where the page shows no primary sample of op).
        self.errors_shown = {d.arg for d in shown if d.name == "errors"}
        self.primary_shown = {
            op.id
            for d in shown
            if d.name == "sample"
            for op in [self.spec.operation_for_folder(d.arg)]
            if op is not None and op.sample_folder == d.arg
        }

    def render(self, directive: Directive) -> str:
        method = getattr(self, f"_{directive.name}")
        return str(method(directive))

    def _template(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def operation(self, directive: Directive, operation_id: str) -> Operation:
        op = self.spec.operation(operation_id)
        if op is None:
            known = ", ".join(o.id for o in self.spec.operations)
            raise DirectiveError(f"unknown operation {operation_id!r} (the spec has: {known})")
        return op

    def _endpoint(self, directive: Directive) -> str:
        return self._template("endpoint.md.j2", op=self.operation(directive, directive.arg))

    def _sample(self, directive: Directive) -> str:
        folder = directive.arg
        op = self.spec.operation_for_folder(folder)
        if op is None or not (self.snippets / folder).is_dir():
            raise DirectiveError(f"sample folder {folder!r} is missing or names no operation")
        primary = folder == op.sample_folder
        return self._template(
            "sample.md.j2",
            op=op,
            folder=folder,
            primary=primary,
            tabs=tabs(folder, self.snippets),
            response_title=self._response_title(op, folder),
            success=_success_label(op),
            errors=self._error_variants(op) if primary and op.id in self.errors_shown else [],
        )

    def _error_variants(self, op: Operation) -> list[dict[str, Any]]:
        return [
            {
                "label": f"{e.status} {e.summary}",
                "when": e.description,
                "json": json.dumps(e.body, indent=2, ensure_ascii=False),
            }
            for e in op.error_examples
        ]

    def _response_title(self, op: Operation, folder: str) -> str:
        body = json.loads((self.snippets / folder / "response.json").read_text(encoding="utf-8"))
        example = next((e for e in op.error_examples if e.body == body), None)
        if example is None:
            return "Response"
        return f"{example.status} {HTTPStatus(example.status).phrase} — {example.summary}"

    def _parameters(self, directive: Directive) -> str:
        """Everything needed to make the call, per parameter; Advanced adds the exact pattern
        and the errors a value can cause. The API key is stated once, at the top of the page."""
        op = self.operation(directive, directive.arg)
        section = directive.section.anchor
        params = [
            {
                "id": f"{section}-param-{slug(p.name)}",
                "name": p.name,
                "location": p.location,
                "type": type_label(p.schema),
                "required": p.required,
                "description": p.description,
                "words": _in_words(p),
                "pattern": p.schema.get("pattern"),
                "errors": sorted(
                    {
                        f"{e.status} {e.code}"
                        for e in op.error_examples
                        if e.body.get("error", {}).get("param") == p.name
                    }
                ),
            }
            for p in op.parameters
        ]
        return self._template("parameters.md.j2", params=params)

    def _errors(self, directive: Directive) -> str:
        op = self.operation(directive, directive.arg)
        if op.id in self.primary_shown:
            return ""  # shown as response variants beside the operation's primary sample
        return self._template("sample.md.j2", op=op, errors=self._error_variants(op), tabs=[])

    def _object(self, directive: Directive) -> str:
        schema = self.spec.schema(directive.arg)
        if schema is None:
            raise DirectiveError(f"unknown schema {directive.arg!r}")
        section = directive.section.anchor
        first = section not in self.object_prefix
        if first:
            prefix = self.object_prefix.setdefault(section, f"{slug(directive.arg)}-object")
        else:
            prefix = f"{self.object_prefix[section]}-{slug(directive.arg)}"
        root = self.object_prefix[section]
        return self._template(
            "fields.md.j2",
            fields=fields(merge_all_of(schema), prefix, root),
            example=self._example_file(schema) if first else None,
        )

    def _example_file(self, schema: SchemaDict) -> str | None:
        """A verified file showing the object: the response of the first operation returning
        it, else the payload of the first event wrapping it (checked against the fake's)."""
        for op in self.spec.operations:
            if op.response_schema() == schema:
                return f"{op.sample_folder}/response.json"
        for hook in self.spec.webhooks:
            if schema in hook.schema.get("allOf", []):
                return f"events/{hook.name}.json"
        return None

    def _event(self, directive: Directive) -> str:
        webhook = self.spec.webhook(directive.arg)
        if webhook is None:
            raise DirectiveError(f"unknown event {directive.arg!r}")
        prefix = directive.section.heading_anchor
        return self._template(
            "event.md.j2",
            name=webhook.name,
            fields=fields(merge_all_of(webhook.schema), prefix, prefix),
        )


def _success_label(op: Operation) -> str:
    status = next((int(code) for code in op.responses if code.startswith("2")), 200)
    return f"{status} {HTTPStatus(status).phrase}"


def _in_words(param: Parameter) -> list[str]:
    """Constraints a reader can act on: a pattern is said by the API's own message for it."""
    rule = param.invalid_message
    said = rule.replace("{param}", f"`{param.name}`").rstrip(".") if rule else None
    return in_words(param.schema, param.description, said)


def in_words(schema: SchemaDict, description: str, rule: str | None = None) -> list[str]:
    """A schema's constraints for Standard: its pattern said by `rule` (the API's message) or
    in words for a simple shape, else left to Advanced; nothing the description already says."""
    words = [c for c in constraints(schema) if not c.startswith("matches ")]
    if "pattern" in schema:
        said = rule or pattern_in_words(schema["pattern"])
        if said and not _already_said(said, [description, *words]):
            words.append(said)
    return words


def _rule_of(prop: SchemaDict) -> str | None:
    """A field's rule in the API's words (its message for an invalid value), unless its pattern
    has a simple shape said more plainly."""
    message = prop.get(INVALID_KEY)
    if not message or pattern_in_words(prop.get("pattern", "")):
        return None
    return message.replace("{param} ", "").rstrip(".")


_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_NUMBERS = {word: n for n, word in enumerate(_NUMBER_WORDS, 1)}


def _plain(text: str) -> str:
    """Lower case, no code marks, numbers as digits: "Last four digits" → "last 4 digits"."""
    words = text.lower().replace("`", "").split()
    return " ".join(str(_NUMBERS.get(word, word)) for word in words)


def _already_said(rule: str, texts: list[str]) -> bool:
    """Whether one of `texts` already says the gist of `rule` ("`phone` must be in E.164 format,
    e.g. +1…" is said by "… phone number in E.164 format …")."""
    gist = _plain(re.split(r":|, e\.g\.", rule)[0])
    gist = re.sub(r"^.*?\bmust be\s+", "", gist)
    gist = re.sub(r"^(a|an|the|in)\s+", "", gist)
    said = re.compile(rf"(?<![\w.]){re.escape(gist)}(?![\w])")
    return bool(gist) and any(said.search(_plain(text)) for text in texts)


def fields(schema: SchemaDict, prefix: str, root: str, parent: str = "") -> list[Field]:
    """The documented attributes of an object schema, nested objects as children.

    Ids are `<prefix>-<field>`; a nested named object's fields use `<root>-<its name>-<field>`
    (`customer-object-card-brand`), so an id does not change with the depth it is shown at.
    """
    return [
        _field(name, prop, prefix, root, parent)
        for name, prop in schema.get("properties", {}).items()
    ]


def _field(name: str, prop: SchemaDict, prefix: str, root: str, parent: str) -> Field:
    full = f"{parent}.{name}" if parent else name
    field_id = f"{prefix}-{slug(name)}"
    return Field(
        id=field_id,
        name=full,
        type=type_label(prop),
        description=prop.get("description", ""),
        constraints=in_words(prop, prop.get("description", ""), _rule_of(prop)),
        pattern=prop.get("pattern"),
        expandable=is_expandable(prop),
        children=_children(name, prop, field_id, root),
    )


def _children(name: str, prop: SchemaDict, field_id: str, root: str) -> list[Field]:
    """Attributes shown under a field: of an inline object, of a nullable named object, or of the
    object an expandable field turns into (Stripe's "child attributes").

    A whole named object (an event's `data.object`) is documented by its own `/// object` list
    instead of being repeated here.
    """
    part = object_part(prop)
    if part is None:
        return []
    title = part.get("title")
    if title and "oneOf" not in prop:
        return []
    child_prefix = f"{root}-{slug(title)}" if title else field_id
    return fields(part, child_prefix, root, name)


def authentication(spec: Spec) -> str:
    """What every request of the API needs, said once at the top of each reference page (in
    Standard): the spec's global `security` schemes, request and response content types, and the
    error object's fields — one Markdown paragraph, from the spec alone."""
    schemes = spec.raw.get("components", {}).get("securitySchemes", {})
    sends = []
    for rule in spec.raw.get("security", []):
        for name in rule:
            scheme = schemes.get(name, {})
            if scheme.get("type") == "apiKey":
                where = {"query": "query parameter"}.get(scheme.get("in", ""), scheme.get("in"))
                sends.append(f"the `{scheme['name']}` {where}")
            elif scheme.get("type") == "http":
                sends.append(f"an `Authorization: {scheme.get('scheme', '').title()} …` header")
    notes = [
        f"{text[:1].lower()}{text[1:]}"
        for rule in spec.raw.get("security", [])
        for name in rule
        if (text := schemes.get(name, {}).get("description", "").strip())
    ]
    parts = []
    if sends:
        said = f" — {' '.join(notes)}" if notes else ""
        parts.append(f"Send {' and '.join(sends)} with every request{said or '.'}")
    bodies: dict[str, set[str]] = {}
    replies: set[str] = set()
    error_fields: list[str] = []
    for op in spec.operations:
        item = spec.raw["paths"][op.path][op.method.lower()]
        for kind in item.get("requestBody", {}).get("content", {}):
            bodies.setdefault(kind, set()).add(op.method)
        for status, response in op.responses.items():
            replies |= set(response.get("content", {}))
            schema = response.get("content", {}).get("application/json", {}).get("schema", {})
            if not status.startswith("2") and not error_fields:
                error = schema.get("properties", {}).get("error", {})
                error_fields = list(error.get("properties", {}))
    for kind, methods in sorted(bodies.items()):
        verbs = ", ".join(f"`{m}`" for m in sorted(methods))
        parts.append(f"{verbs} request bodies are `{kind}`.")
    if replies:
        parts.append(f"Responses are {', '.join(f'`{r}`' for r in sorted(replies))}.")
    if error_fields:
        named = ", ".join(f"`{f}`" for f in error_fields[:-1]) + f" and `{error_fields[-1]}`"
        parts.append(
            f"A failed request answers a non-2xx status with an `error` object: {named}; each "
            "operation's code pane shows its documented errors beside the request."
        )
    return "**Authentication.**{ #authentication } " + " ".join(parts)
