"""Every operation of the JS and Ruby clients sends what the Python reference client sends, and
returns (and records) exactly the JSON the API replied with.

The calls are derived, never listed: for every operation of the spec, its client method in each
language (`x-vinr-sdk`) is called with its documented values (path parameter examples, query
parameter examples, the request body example), with an idempotency key when it takes one and
each value of an expandable field when it has one; the reply is its primary sample's documented
response. The wire encodings (nested values, an id that needs escaping) run on the first
operation that has a form body or a path parameter. A new operation is covered with no edit here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

import vinr
from derived import SNIPPETS, SPEC, acting, first, raw
from vinr_docs.fake.rules import IDEMPOTENCY_HEADER
from vinr_docs.spec.model import Operation

from .harness import CALL_LINE, FORM, KEY, Exchange, Language, Recorder

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
RETRIEVE = next(c for c in CASES if c.operation == acting("retrieve") and c.id == c.operation.id)
DELETE = next(c for c in CASES if c.operation == acting("delete") and c.id == c.operation.id)


def assert_sent(exchanges: list[Exchange], case: Case, key: str = KEY) -> None:
    assert len(exchanges) == 1, exchanges
    sent = exchanges[0]
    assert (sent.method, sent.path) == (case.method, case.path)
    assert sent.query == case.query
    assert sent.form == case.form
    assert sent.headers.get("x-api-key") == key
    assert sent.headers.get("idempotency-key") == case.idempotency_key
    assert sent.content_type == (FORM if case.form else None)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_python_reference_client_sends_the_expected_request(
    case: Case, server: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pins the expectations below to what the Python client really does."""
    monkeypatch.setattr(vinr, "api_base", server.url)
    monkeypatch.setattr(vinr, "api_key", KEY)
    server.reply = lambda exchange: (200, case.reply)
    assert json.loads(json.dumps(case.python())) == case.reply
    assert_sent(server.exchanges, case)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_client_sends_like_python_and_records_what_it_returned(
    case: Case, language: Language, server: Recorder, tmp_path: Path
) -> None:
    server.reply = lambda exchange: (200, case.reply)
    env = {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": server.url}
    run = language.run_code(tmp_path, f"{case.code(language)}\n", env)
    assert run.returncode == 0, run.explain()
    assert_sent(server.exchanges, case)
    assert run.records == [
        {"operation": language.label(case.label), "line": CALL_LINE, "returned": case.reply}
    ]


def test_recorder_reports_every_call_with_its_own_line(
    language: Language, server: Recorder, tmp_path: Path
) -> None:
    """A retrieve, then a delete of what it returned from inside a function: each call is
    recorded with the line of the sample that made it (the innermost frame's)."""
    server.reply = lambda exchange: (
        200,
        DELETE.reply if exchange.method == DELETE.method else RETRIEVE.reply,
    )
    [argument] = RETRIEVE.args
    retrieve, delete = RETRIEVE.sdk, DELETE.sdk
    calls = {
        "js": f"const c = await vinr.{retrieve['node']}({js(argument)});\n\n"
        f"async function remove(id) {{\n  return vinr.{delete['node']}(id);\n}}\n"
        "await remove(c.id);\n",
        "ruby": f"c = Vinr::{retrieve['ruby']}({ruby(argument)})\n\n"
        f"def remove(id)\n  Vinr::{delete['ruby']}(id)\nend\nremove(c.id)\n",
    }
    run = language.run_code(
        tmp_path, calls[language.name], {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": server.url}
    )
    assert run.returncode == 0, run.explain()
    assert run.records == [
        {"operation": language.label(RETRIEVE.label), "line": 3, "returned": RETRIEVE.reply},
        {"operation": language.label(DELETE.label), "line": 6, "returned": DELETE.reply},
    ]
    assert [e.path for e in server.exchanges] == [RETRIEVE.path, DELETE.path]
    assert run.stdout == ""  # the recorder never prints


def test_no_recorder_output_without_the_env_var(
    language: Language, server: Recorder, tmp_path: Path
) -> None:
    server.reply = lambda exchange: (200, RETRIEVE.reply)
    run = language.run_code(
        tmp_path,
        f"{RETRIEVE.code(language)}\n",
        {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": server.url, "VINR_RESULT_FD": ""},
    )
    assert run.returncode == 0, run.explain()
    assert run.records == []
    assert len(server.exchanges) == 1


def test_recorder_appends_to_vinr_result_path(
    language: Language, server: Recorder, tmp_path: Path
) -> None:
    """The runners' variant: a file path instead of an inherited descriptor."""
    server.reply = lambda exchange: (200, RETRIEVE.reply)
    results = tmp_path / "results.jsonl"
    run = language.run_code(
        tmp_path,
        f"{RETRIEVE.code(language)}\n",
        {
            "VINR_SECRET_KEY": KEY,
            "VINR_API_BASE": server.url,
            "VINR_RESULT_FD": "",
            "VINR_RESULT_PATH": str(results),
        },
    )
    assert run.returncode == 0, run.explain()
    records = [json.loads(line) for line in results.read_text().splitlines()]
    assert records == [
        {"operation": language.label(RETRIEVE.label), "line": CALL_LINE, "returned": RETRIEVE.reply}
    ]
