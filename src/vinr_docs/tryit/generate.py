"""Build the in-page mock's inputs from the spec and the fixture state: one JSON config and the
ajv validators precompiled from it.

Everything the mock checks comes from here, read through the Python fake's own `ApiRules`, so the
two mocks read the same spec the same way: routes and parameters, request and response schemas,
the `x-vinr-errors` catalogue, each schema's `x-vinr-invalid` message, the placeholder key and the
fixture state (loaded by the fake's `State`, so a bad fixture fails here as it fails there).
Schemas are deduplicated by content and referenced by key; `build_validators.mjs` (node, ajv
standalone + esbuild) turns `config["schemas"]` into `validators.js`, a module with no `eval`.

    python -m vinr_docs.tryit.generate --out build/tryit
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from vinr_docs.fake.app import IDEMPOTENCY_WINDOW, _unknown_route
from vinr_docs.fake.plan import PlanError, plan_for
from vinr_docs.fake.rules import (
    API_KEY_HEADER,
    FORM,
    FORM_ENCODED_MESSAGE,
    IDEMPOTENCY_HEADER,
    PLACEHOLDER_KEY,
    REPEATED_MESSAGE,
    ApiRules,
    Operation,
    RawRequest,
)
from vinr_docs.fake.server import MAX_BODY
from vinr_docs.fake.state import FixtureError, State
from vinr_docs.languages import LANGUAGES
from vinr_docs.spec.schemas import constraints
from vinr_docs.tryit.pages import default_state, load_state, page_states

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
SPEC = ROOT / "docs" / "openapi.yaml"
BUILD_SCRIPT = HERE / "build_validators.mjs"
CHECK_SCRIPT = HERE / "check_mock.mjs"
# Copied next to the generated files: together they are the mock's whole runtime.
RUNTIME_FILES = (  # package.json: {"type": "module"}; check_mock.mjs runs from HERE
    "mock.js",
    "custom.js",
    "email.js",
    "codegen.js",
    "panel.js",
    "entry.js",
    "package.json",
)
# What the mock knows how to read off the wire; anything else in the spec fails the build.
CASTABLE = {"string", "integer"}
# The panel writes SDK calls in these languages from each operation's `x-vinr-sdk`.
SDK_LANGUAGES = ("node", "python", "ruby")
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


class ConfigError(ValueError):
    """The spec asks for something the in-page mock cannot do; the message says what."""


def default_fixture(project: Path = ROOT) -> Path | None:
    """The default state (a Try it container naming no page state, `make tryit`): the state
    file every page's state is or extends, found from the project's pages (`tryit.pages`);
    None (an empty state) when they share none. Never one page's data chosen by name."""
    snippets = project / "snippets"
    return default_state(page_states(project / "docs", snippets, project).values())


def __getattr__(name: str) -> Any:
    """`FIXTURE`: the default state of this checkout, derived when asked for."""
    if name == "FIXTURE":
        return default_fixture()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def build_config(
    rules: ApiRules, fixture: Any, states: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The mock's whole configuration, as plain JSON data: `state` starts a mock by default,
    `states` (by key, see `tryit.pages`) start the mock of each page that names one."""
    schemas: dict[str, Any] = {}
    routes = [_route(op, schemas) for op in rules.operations.values()]
    try:
        plan = plan_for(rules)
    except PlanError as error:
        raise ConfigError(str(error)) from error
    _check_custom(plan)
    state = _state_json(State.from_fixture(fixture, plan["resources"]))
    page_states = {}
    for key, data in (states or {}).items():
        try:
            page_states[key] = _state_json(State.from_fixture(data, plan["resources"]))
        except FixtureError as error:
            raise ConfigError(f"snippets/{key}: {error}") from error
    return {
        "source": rules.source,
        "server": _server(rules),
        "languages": [{"key": lang.key, "label": lang.tab} for lang in LANGUAGES],
        "routes": routes,
        "errors": rules.errors,
        "schemas": schemas,
        "schemaDigest": _digest(schemas),
        "auth": {"header": API_KEY_HEADER, "placeholderKey": PLACEHOLDER_KEY},
        "idempotency": {
            "header": IDEMPOTENCY_HEADER,
            "windowSeconds": IDEMPOTENCY_WINDOW,
            "replayedHeader": "Idempotent-Replayed",
        },
        "maxBody": MAX_BODY,
        "form": {
            "contentType": FORM,
            "message": FORM_ENCODED_MESSAGE,
            "repeated": REPEATED_MESSAGE,
        },
        "unknownRoute": _unknown_route(RawRequest("{method}", "{path}", "", {})),
        "plan": plan,
        "state": state,
        "states": page_states,
    }


def _route(operation: Operation, schemas: dict[str, Any]) -> dict[str, Any]:
    parameters = []
    for parameter in operation.spec.get("parameters", []):
        schema = parameter.get("schema", {})
        parameters.append(
            {
                "name": parameter["name"],
                "in": parameter["in"],
                "required": bool(parameter.get("required", False)),
                "allowEmptyValue": bool(parameter.get("allowEmptyValue", False)),
                "schema": _key(schemas, schema),
                "cast": _cast(operation, parameter["name"], schema, parameter),
                "invalidMessage": _invalid_message(schema),
            }
        )
    body = operation.spec.get("requestBody")
    body_schema = operation.body_schema
    if body is not None and body_schema is None:
        raise ConfigError(f"{operation.id}: the mock reads request bodies as {FORM} only")
    responses = {
        status: _key(schemas, schema)
        for status, response in operation.spec.get("responses", {}).items()
        if (schema := response.get("content", {}).get("application/json", {}).get("schema"))
    }
    return {
        "operationId": operation.id,
        "method": operation.method,
        "path": operation.path,
        "parameters": parameters,
        "body": None
        if body is None
        else {
            "required": bool(body.get("required", False)),
            "schema": _key(schemas, body_schema),
            "properties": [
                {
                    "name": name,
                    "cast": _cast(operation, name, prop),
                    "schema": _key(schemas, prop),
                    "invalidMessage": _invalid_message(prop),
                }
                for name, prop in body_schema.get("properties", {}).items()
            ],
            "requiredFields": list(body_schema.get("required", [])),
        },
        "idempotent": operation.idempotent,
        "responses": responses,
        "errorExamples": _error_examples(operation),
        "panel": _panel(operation),
    }


def _panel(operation: Operation) -> dict[str, Any]:
    """What the Try-it panel shows for the operation: a field per parameter and body property
    (typed, required, enums, constraints, the documented example) and how the SDKs call it."""
    sdk = operation.spec.get("x-vinr-sdk")
    if not isinstance(sdk, dict) or not all(isinstance(sdk.get(k), str) for k in SDK_LANGUAGES):
        raise ConfigError(
            f"{operation.id}: x-vinr-sdk must name the SDK call in "
            f"{', '.join(SDK_LANGUAGES)} (e.g. {{node: customers.create, python: "
            "Customer.create, ruby: Customer.create, result: customer})"
        )
    fields = [
        _field(
            operation,
            parameter["name"],
            parameter["in"],
            parameter.get("schema", {}),
            bool(parameter.get("required", False)),
            parameter.get("description", ""),
            parameter.get("example"),
        )
        for parameter in operation.spec.get("parameters", [])
    ]
    body = operation.body_schema or {}
    media = operation.spec.get("requestBody", {}).get("content", {}).get(FORM, {})
    example = media.get("example", {})
    for name, prop in body.get("properties", {}).items():
        fields.append(
            _field(
                operation,
                name,
                "body",
                prop,
                name in body.get("required", []),
                prop.get("description", ""),
                example.get(name),
            )
        )
    return {
        "summary": operation.spec.get("summary", operation.id),
        "sdk": {"result": sdk.get("result", "result"), **{k: sdk[k] for k in SDK_LANGUAGES}},
        "fields": fields,
    }


def _field(
    operation: Operation,
    name: str,
    where: str,
    schema: dict[str, Any],
    required: bool,
    description: str,
    example: Any,
) -> dict[str, Any]:
    items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
    argument = name.removesuffix("[]")
    if where == "header" and name.lower() != IDEMPOTENCY_HEADER.lower():
        raise ConfigError(
            f"{operation.id}: header {name!r}: the SDKs send only {IDEMPOTENCY_HEADER}"
        )
    if (schema.get("type") == "array") != name.endswith("[]"):
        raise ConfigError(
            f"{operation.id}: {name!r}: the SDKs send arrays as `name[]`, and only arrays"
        )
    if where != "header" and not IDENTIFIER.match(argument):
        raise ConfigError(
            f"{operation.id}: {name!r} is not a name the SDKs take as a keyword argument"
        )
    return {
        "name": name,
        "in": where,
        "argument": argument,
        "required": required,
        "type": items.get("type", "string")
        if schema.get("type") == "array"
        else schema.get("type", "string"),
        "array": schema.get("type") == "array",
        "enum": schema.get("enum") or items.get("enum"),
        "description": " ".join(description.split()),
        "constraints": constraints(schema),
        "example": example,
    }


def _server(rules: ApiRules) -> str:
    servers = rules.resolved.get("servers") or [{}]
    url = servers[0].get("url")
    if not isinstance(url, str):
        raise ConfigError(f"{rules.source}: servers[0].url is what the panel's code calls")
    return url.rstrip("/")


def _cast(
    operation: Operation, name: str, schema: dict[str, Any], parameter: dict[str, Any] | None = None
) -> dict[str, Any]:
    """How the mock reads the value off the wire: its type, and whether it repeats."""
    kind, array = schema.get("type", "string"), False
    if kind == "array":
        kind, array = schema.get("items", {}).get("type", "string"), True
        style = (parameter or {}).get("style", "form")
        if parameter is None or style != "form" or parameter.get("explode", True) is False:
            raise ConfigError(
                f"{operation.id}: {name!r}: the mock reads arrays only as query "
                "parameters of style form, explode true"
            )
    if kind not in CASTABLE:
        raise ConfigError(
            f"{operation.id}: {name!r} has type {kind!r}; the mock casts only "
            f"{', '.join(sorted(CASTABLE))} (and arrays of them): teach mock.js "
            "`cast` and CASTABLE in generate.py"
        )
    return {"type": kind, "array": array}


def _invalid_message(schema: dict[str, Any]) -> str | None:
    """The same lookup as `ApiRules.invalid`: the schema's message, else its items'."""
    items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
    return schema.get("x-vinr-invalid") or items.get("x-vinr-invalid")


def _error_examples(operation: Operation) -> list[dict[str, Any]]:
    """Every error body the spec documents for the operation (status, example name, value)."""
    return [
        {"status": int(status), "name": name, "value": example["value"]}
        for status, response in operation.spec.get("responses", {}).items()
        if status.startswith("4")
        for name, example in response.get("content", {})
        .get("application/json", {})
        .get("examples", {})
        .items()
    ]


def _check_custom(plan: dict[str, Any]) -> None:
    """Each `custom: name` the plan uses is an export of custom.js (fake/custom.py is checked
    by the plan compiler)."""
    text = (HERE / "custom.js").read_text(encoding="utf-8")
    for operation in plan["operations"].values():
        for step in operation["steps"]:
            if step["op"] == "custom" and not re.search(
                rf"export\s+function\s+{re.escape(step['name'])}\s*\(", text
            ):
                raise ConfigError(
                    f"{operation['source']}: custom behaviour {step['name']!r} is not exported "
                    f"by src/vinr_docs/tryit/custom.js: add `export function {step['name']}"
                    "(ctx, values)` there"
                )


def _key(schemas: dict[str, Any], schema: dict[str, Any]) -> str:
    """Schemas are stored once each, under a key derived from their content."""
    key = "s" + _digest(schema)[:12]
    schemas.setdefault(key, schema)
    return key


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _state_json(state: State) -> dict[str, Any]:
    data = dataclasses.asdict(state)
    data["collections"] = {name: list(items.values()) for name, items in state.collections.items()}
    return data


def load_config(
    spec: Path = SPEC,
    fixture: Path | None = None,
    states: dict[str, Path] | None = None,
    *,
    project: Path = ROOT,
) -> dict[str, Any]:
    """The config for `spec`; `fixture`: the default state (None: `default_fixture(project)`)."""
    rules = ApiRules.from_file(spec, _label(spec))
    fixture = fixture or default_fixture(project)
    loaded: dict[str, Any] = {"": {}}  # no shared state: the default is empty
    for key, path in {**({"": fixture} if fixture else {}), **(states or {})}.items():
        try:
            loaded[key] = load_state(path)
        except FixtureError as error:
            raise ConfigError(str(error)) from error
    default = loaded.pop("")
    try:
        return build_config(rules, default, loaded)
    except FixtureError as error:
        raise ConfigError(
            f"{_label(fixture) if fixture else 'the default state'}: {error}"
        ) from error


def write(
    out: Path,
    spec: Path = SPEC,
    fixture: Path | None = None,
    states: dict[str, Path] | None = None,
    *,
    project: Path = ROOT,
) -> dict[str, Path]:
    """Write config.json, validators.js, the runtime modules and the page bundle into `out`
    (`states`: each page's state file by key, see `tryit.pages`)."""
    out.mkdir(parents=True, exist_ok=True)
    config = load_config(spec, fixture, states, project=project)
    (out / "config.json").write_text(
        json.dumps(config, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for name in RUNTIME_FILES:
        shutil.copyfile(HERE / name, out / name)
    node = shutil.which("node")
    if node is None:
        raise ConfigError("node is needed to precompile the mock's validators (ajv standalone)")
    run = subprocess.run(
        [node, str(BUILD_SCRIPT), str(out)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if run.returncode != 0:
        raise ConfigError(f"{BUILD_SCRIPT.name} failed:\n{run.stdout}{run.stderr}")
    check = subprocess.run(
        [node, str(CHECK_SCRIPT), str(out)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if check.returncode != 0:
        raise ConfigError((check.stdout or check.stderr).strip())
    return {
        name: out / name
        for name in (
            "config.json",
            "validators.js",
            "mock.js",
            "email.js",
            "codegen.js",
            "tryit-mock.js",
            "tryit.js",
        )
    }


def _label(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "tryit")
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("--fixture", type=Path, default=None, help="default: pages' shared state")
    args = parser.parse_args(argv)
    for name, path in write(args.out, args.spec, args.fixture).items():
        print(f"{name}: {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
