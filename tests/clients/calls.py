"""The client calls of each operation, derived from the spec: its `x-vinr-sdk` method in each
language, called with its documented values; the request every client must send for it; and
the documented reply. Shared by the client tests, which name no operation."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import vinr
from derived import SNIPPETS, SPEC, acting, first, raw
from vinr_docs.fake.rules import IDEMPOTENCY_HEADER
from vinr_docs.spec.model import Operation

from .harness import Language

IDEMPOTENCY = IDEMPOTENCY_HEADER  # the clients' own option, sent as this header
JS_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def js(value: Any) -> str:
    """A JavaScript literal."""
    if isinstance(value, dict):
        items = [
            f"{k if JS_IDENTIFIER.match(k) else json.dumps(k)}: {js(v)}" for k, v in value.items()
        ]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    if isinstance(value, list):
        return "[" + ", ".join(js(v) for v in value) + "]"
    return json.dumps(value)


def ruby(value: Any) -> str:
    """A Ruby literal (single-quoted strings, symbol keys)."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k}: {ruby(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(ruby(v) for v in value) + "]"
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return {None: "nil", True: "true", False: "false"}.get(value, json.dumps(value))  # type: ignore[arg-type]


def wire(params: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """How the API reads parameters: `a[b]=…` for objects, `a[]=…` per item, `true`, '' for null."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        name = f"{prefix}[{key}]" if prefix else key
        if isinstance(value, dict):
            pairs += wire(value, name)
        elif isinstance(value, list):
            pairs += [(f"{name}[]", scalar(v)) for v in value]
        else:
            pairs.append((name, scalar(value)))
    return pairs


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Case:
    """One call of an operation, written in each language from its `x-vinr-sdk`, and the request
    all three clients must send."""

    id: str
    operation: Operation
    args: tuple[str, ...] = ()  # path parameter values, in the path's order
    params: dict[str, Any] = field(default_factory=dict)
    idempotency_key: str | None = None
    reply: Any = None

    @property
    def sdk(self) -> dict[str, str]:
        return raw(self.operation)["x-vinr-sdk"]

    def code(self, language: Language) -> str:
        if language.name == "js":
            parts = [js(a) for a in self.args]
            if self.params or self.idempotency_key is not None:
                parts.append(js(self.params))
            if self.idempotency_key is not None:
                parts.append(js({"idempotencyKey": self.idempotency_key}))
            return f"await vinr.{self.sdk['node']}({', '.join(parts)})"
        parts = [ruby(a) for a in self.args]
        if self.idempotency_key is None:
            parts += [f"{k}: {ruby(v)}" for k, v in self.params.items()]
        else:
            parts += [ruby(self.params), f"idempotency_key: {ruby(self.idempotency_key)}"]
        return f"Vinr::{self.sdk['ruby']}({', '.join(parts)})"

    def python(self) -> Any:
        owner, method = self.sdk["python"].split(".")
        options = {} if self.idempotency_key is None else {"idempotency_key": self.idempotency_key}
        return getattr(getattr(vinr, owner), method)(*self.args, **self.params, **options)

    @property
    def label(self) -> str:
        return self.sdk["node"]

    @property
    def method(self) -> str:
        return self.operation.method

    @property
    def path(self) -> str:
        path = self.operation.path
        names = re.findall(r"\{(\w+)\}", path)
        for name, value in zip(names, self.args, strict=True):
            path = path.replace(f"{{{name}}}", quote(value, safe=""))
        return path

    @property
    def query(self) -> list[tuple[str, str]]:
        return wire(self.params) if self.method == "GET" else []

    @property
    def form(self) -> list[tuple[str, str]]:
        return wire(self.params) if self.method == "POST" else []


def documented(operation: Operation) -> dict[str, Any]:
    """The operation's documented request: path values, then query examples and the body's."""
    params = {
        p.name.removesuffix("[]"): example
        for p in operation.parameters
        if p.location == "query" and (example := raw_example(operation, p.name)) is not None
    }
    body = raw(operation).get("requestBody", {}).get("content", {})
    for media in body.values():
        params |= media.get("example") or {}
    return params


def raw_example(operation: Operation, name: str) -> Any:
    for parameter in raw(operation).get("parameters", []):
        if parameter.get("name") == name:
            return parameter.get("example")
    return None


def path_values(operation: Operation) -> tuple[str, ...]:
    names = re.findall(r"\{(\w+)\}", operation.path)
    values = []
    for name in names:
        example = raw_example(operation, name)
        assert example is not None, f"{operation.id}: path parameter {name} has no example"
        values.append(str(example))
    return tuple(values)


def reply_of(operation: Operation) -> Any:
    return json.loads((SNIPPETS / operation.sample_folder / "response.json").read_text())


def expandable(operation: Operation) -> list[tuple[str, list[str]]]:
    """Query parameters that take a list of enumerated values (`expand[]`)."""
    return [
        (p.name.removesuffix("[]"), list(p.schema["items"]["enum"]))
        for p in operation.parameters
        if p.location == "query"
        and p.schema.get("type") == "array"
        and "enum" in p.schema.get("items", {})
    ]


def takes_idempotency_key(operation: Operation) -> bool:
    return any(p.location == "header" and p.name == IDEMPOTENCY for p in operation.parameters)


def cases() -> list[Case]:
    found: list[Case] = []
    for op in SPEC.operations:
        base = Case(op.id, op, path_values(op), documented(op), reply=reply_of(op))
        found.append(base)
        if takes_idempotency_key(op):
            found.append(
                Case(f"{op.id}-idempotent", op, base.args, base.params, "key-1", base.reply)
            )
        for name, values in expandable(op):
            params = {**base.params, name: values}
            found.append(Case(f"{op.id}-{name}", op, base.args, params, reply=base.reply))
    # Encodings, on the first operation that needs them.
    form = first("with a form body", lambda op: op.method == "POST" and op.body_schema is not None)
    nested = {
        "metadata": {"plan": "pro", "seats": 3},
        "tags": ["vip", "beta"],
        "marketing": True,
        "nothing": None,
    }
    found.append(
        Case(
            f"{form.id}-nested",
            form,
            path_values(form),
            {**documented(form), **nested},
            reply=reply_of(form),
        )
    )
    escaped = first("with a path parameter", lambda op: "{" in op.path)
    args = tuple("x 1/y" for _ in path_values(escaped))
    found.append(Case(f"{escaped.id}-escaped-id", escaped, args, reply=reply_of(escaped)))
    return found


CASES = cases()
# The documented call of the spec's first retrieve and delete operations.
RETRIEVE = next(c for c in CASES if c.operation == acting("retrieve") and c.id == c.operation.id)
DELETE = next(c for c in CASES if c.operation == acting("delete") and c.id == c.operation.id)


def documented_error(operation: Operation, status: int) -> dict[str, Any]:
    """The operation's documented error body with this status."""
    for example in operation.error_examples:
        if example.status == status:
            return example.body
    raise AssertionError(f"{operation.id} documents no {status} error; the test needs one")
