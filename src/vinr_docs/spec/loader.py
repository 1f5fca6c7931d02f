"""Read `docs/openapi.yaml`, validate it, and build the `Spec` model."""

from __future__ import annotations

import hashlib
import json
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml

from vinr_docs.spec.lines import line_of
from vinr_docs.spec.model import (
    ERRORS_KEY,
    SAMPLES_KEY,
    ErrorExample,
    ErrorType,
    Operation,
    Parameter,
    Spec,
    Webhook,
)
from vinr_docs.spec.refs import resolve

METHODS = ("get", "post", "put", "patch", "delete")
FORM = "application/x-www-form-urlencoded"


class SpecError(ValueError):
    """The spec is not valid OpenAPI 3.1 or breaks one of our conventions."""


def load(path: str | Path) -> Spec:
    """Load and validate the spec at `path`; raise `SpecError` naming the file and JSON pointer."""
    path = Path(path)
    text, document = _read_yaml(path)
    _validate(document, path, text)
    raw = resolve(document)
    try:
        return Spec(
            path=str(path),
            raw=raw,
            operations=tuple(_operations(raw)),
            webhooks=tuple(_webhooks(raw)),
            errors=_errors(raw),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise SpecError(f"{path}: breaks a VINR convention: {error!r}") from error


# libyaml's parser when PyYAML has it (the pure-Python one takes ~0.4 s on the spec), same rules.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Spec documents already found valid, by content and validator version: the build and its
# verification process both load the spec, on every rebuild (validation is ~0.8 s of CPU).
VALID_MARKS = Path(tempfile.gettempdir()) / "vinr-docs-valid-specs"


def parse_yaml(text: str) -> Any:
    """`yaml.safe_load`, with libyaml when available."""
    return yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 (a SafeLoader)


def _read_yaml(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
        document = parse_yaml(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        what = " ".join(filter(None, [error.context, error.problem]))
        raise SpecError(f"{where}: malformed YAML: {what}") from error
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise SpecError(f"{path}: cannot read the spec: {error}") from error
    if not isinstance(document, dict):
        raise SpecError(f"{path}: the spec is not a mapping")
    return text, document


def _validate(document: dict[str, Any], path: Path, text: str) -> None:
    mark = VALID_MARKS / _validity_key(document)
    if mark.is_file():
        return
    # Imported here: ~0.5 s that a spec already marked valid does not pay.
    from openapi_spec_validator import OpenAPIV31SpecValidator

    errors = sorted(OpenAPIV31SpecValidator(document).iter_errors(), key=lambda e: e.json_path)
    if errors:
        lines = [
            f"{path}#{_pointer(e.absolute_path)} (line {line_of(text, list(e.absolute_path))}): "
            f"{e.message}"
            for e in errors[:10]
        ]
        raise SpecError("invalid OpenAPI 3.1 spec:\n" + "\n".join(lines))
    try:
        VALID_MARKS.mkdir(exist_ok=True)
        mark.touch()
    except OSError:
        pass  # a read-only temp folder: validate every time


def _validity_key(document: dict[str, Any]) -> str:
    text = json.dumps(document, sort_keys=True, default=str, ensure_ascii=False)
    salt = f"openapi-spec-validator {version('openapi-spec-validator')}\n"
    return hashlib.sha256((salt + text).encode()).hexdigest()


def _pointer(parts: Any) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _operations(raw: dict[str, Any]) -> list[Operation]:
    return [
        _operation(path, method, item, item[method])
        for path, item in raw.get("paths", {}).items()
        for method in item
        if method in METHODS
    ]


def _operation(path: str, method: str, item: dict[str, Any], op: dict[str, Any]) -> Operation:
    body = op.get("requestBody", {})
    body_schema = body.get("content", {}).get(FORM, {}).get("schema")
    params = [_parameter(p) for p in item.get("parameters", []) + op.get("parameters", [])]
    return Operation(
        id=op["operationId"],
        method=method.upper(),
        path=path,
        summary=op.get("summary", ""),
        description=op.get("description", ""),
        parameters=tuple(params + _body_parameters(body_schema)),
        body_schema=body_schema,
        body_required=bool(body.get("required", False)),
        responses=op.get("responses", {}),
        error_examples=tuple(_error_examples(op.get("responses", {}))),
        sample_folder=op[SAMPLES_KEY],
    )


def _parameter(param: dict[str, Any]) -> Parameter:
    return Parameter(
        name=param["name"],
        location=param["in"],
        required=bool(param.get("required", False)),
        schema=param.get("schema", {}),
        description=param.get("description", ""),
    )


def _body_parameters(schema: dict[str, Any] | None) -> list[Parameter]:
    """The form fields of a request body, as parameters located in `body`."""
    if not schema:
        return []
    required = set(schema.get("required", []))
    return [
        Parameter(name, "body", name in required, prop, prop.get("description", ""))
        for name, prop in schema.get("properties", {}).items()
    ]


def _error_examples(responses: dict[str, Any]) -> list[ErrorExample]:
    found = []
    for status, response in responses.items():
        if not status.isdigit() or int(status) < 400:
            continue
        for media in response.get("content", {}).values():
            for key, example in media.get("examples", {}).items():
                found.append(_error_example(int(status), key, example))
    return found


def _error_example(status: int, key: str, example: dict[str, Any]) -> ErrorExample:
    body = example["value"]
    return ErrorExample(
        status=status,
        code=body["error"]["code"],
        summary=example.get("summary", ""),
        description=example.get("description", ""),
        body=body,
        key=key,
    )


def _webhooks(raw: dict[str, Any]) -> list[Webhook]:
    hooks = []
    for name, item in raw.get("webhooks", {}).items():
        post = item["post"]
        schema = post["requestBody"]["content"]["application/json"]["schema"]
        hooks.append(Webhook(name, post.get("summary", ""), post.get("description", ""), schema))
    return hooks


def _errors(raw: dict[str, Any]) -> dict[str, ErrorType]:
    return {
        code: ErrorType(code, int(entry["status"]), entry["type"], entry["message"])
        for code, entry in raw.get(ERRORS_KEY, {}).items()
    }
