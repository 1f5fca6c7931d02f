"""What the spec says about requests: routing, validation and error bodies, via openapi-core.

`ApiRules` wraps the spec once per run. `check_request` turns a raw request into the operation
that serves it and its validated values, or raises `ApiError` with the body the spec documents
(codes, statuses and message templates come from the spec's `x-vinr-errors` catalogue and each
schema's `x-vinr-invalid` message). Nothing here knows about customers.
"""

from __future__ import annotations

import copy
import functools
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

from email_validator import EmailNotValidError, validate_email
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import PathError
from openapi_core.templating.paths.finders import APICallPathFinder
from werkzeug.datastructures import Headers, ImmutableMultiDict

from vinr_docs.spec import Spec
from vinr_docs.spec.loader import parse_yaml
from vinr_docs.spec.refs import resolve

API_BASE = "https://api.vinr.com"
API_KEY_HEADER = "X-Api-Key"
CHECKED_REQUESTS = 4096  # memoized request checks kept (a run sends a few hundred)
IDEMPOTENCY_HEADER = "Idempotency-Key"
# The key samples run with (exported as VINR_SECRET_KEY); the fake accepts no other.
PLACEHOLDER_KEY = "sk_test_vinr_docs_placeholder"
FORM = "application/x-www-form-urlencoded"
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
FORM_ENCODED_MESSAGE = "Send the request body form-encoded (application/x-www-form-urlencoded)."


def is_email(value: object) -> bool:
    """RFC 5322 address with a real-looking domain (email-validator, no DNS lookups). A format
    says nothing of other types (JSON Schema): `type` rejects them, and a None here used to
    raise inside the fake's reply check and close the connection with no reply."""
    if not isinstance(value, str):
        return True
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


FORMATS = FormatChecker()
FORMATS.checks("email")(is_email)
INTEGER = re.compile(r"-?(0|[1-9][0-9]*)", re.ASCII)
REPEATED_MESSAGE = "{param} was sent more than once; send each parameter once."


@functools.lru_cache(maxsize=256)
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """`pattern` with ECMA-262 meaning: an unescaped `$` outside a class is the end of input
    (`\\Z`), and `\\d`/`\\w` are ASCII."""
    out, escaped, in_class = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = r"\Z"
        out.append(char)
    return re.compile("".join(out), re.ASCII)


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


# JSON Schema validation with ECMA-262 patterns: what every JSON check of the project uses.
SchemaValidator = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})


def _is_form(content_type: str) -> bool:
    """`application/x-www-form-urlencoded`, optionally `; charset=utf-8` (nothing else)."""
    media, *params = [part.strip() for part in content_type.split(";")]
    charset = [
        p.split("=", 1)[1].strip('"').lower() for p in params if p.lower().startswith("charset=")
    ]
    return media == FORM and all(c in ("utf-8", "utf8") for c in charset)


class ApiError(Exception):
    """An error reply with a documented body: raised by validation and handlers."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body["error"]["message"])
        self.status = status
        self.body = body


@dataclass(frozen=True)
class RawRequest:
    """A request as it arrived on the wire."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return _header(self.headers, "Content-Type").lower()


def _header(headers: Mapping[str, str], name: str) -> str:
    """The header's value, "" when absent."""
    return _sent(headers, name) or ""


def _sent(headers: Mapping[str, str], name: str) -> str | None:
    """The header's value, or None when absent (an empty value is not an absent header)."""
    return next((v for k, v in headers.items() if k.lower() == name.lower()), None)


class _CoreRequest:
    """The request in openapi-core's protocol."""

    def __init__(self, raw: RawRequest) -> None:
        self.host_url = API_BASE
        self.path = raw.path
        self.method = raw.method.lower()
        self.body = raw.body or None
        self.content_type = raw.content_type
        self.full_url_pattern = API_BASE + raw.path
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qsl(raw.query, keep_blank_values=True)),
            header=Headers(list(raw.headers.items())),
            cookie=ImmutableMultiDict(),
        )


@dataclass(frozen=True)
class Operation:
    """One operation as the fake needs it."""

    id: str
    method: str
    path: str
    spec: dict[str, Any]  # the resolved operation object

    @cached_property
    def parameters(self) -> dict[tuple[str, str], dict[str, Any]]:
        """(location, name) → parameter object."""
        return {(p["in"], p["name"]): p for p in self.spec.get("parameters", [])}

    @cached_property
    def body_schema(self) -> dict[str, Any] | None:
        content = self.spec.get("requestBody", {}).get("content", {})
        return content.get(FORM, {}).get("schema")

    def query_names(self) -> set[str]:
        return {name for (where, name) in self.parameters if where == "query"}

    def body_names(self) -> set[str]:
        return set((self.body_schema or {}).get("properties", {}))

    def schema_of(self, param: str) -> dict[str, Any]:
        """The schema of a query/header/path parameter or body field named `param`."""
        for (_, name), parameter in self.parameters.items():
            if name.lower() == param.lower():
                return parameter.get("schema", {})
        return (self.body_schema or {}).get("properties", {}).get(param, {})

    @property
    def idempotent(self) -> bool:
        return ("header", IDEMPOTENCY_HEADER) in self.parameters


class ApiRules:
    """The spec, compiled once: routing, request/response validation, error bodies."""

    def __init__(
        self, spec: dict[str, Any], source: str = "docs/openapi.yaml", validated: bool = False
    ) -> None:
        """`validated`: `spec` was already checked by `vinr_docs.spec.load` (openapi-core would
        validate it again, ~0.5 s of every verification run)."""
        self.source = source
        self.path: Path | None = None  # the spec's file, when read from one (for line numbers)
        self.raw = spec
        self.resolved: dict[str, Any] = resolve(spec)
        config = Config(extra_format_validators={"email": is_email})
        if validated:
            config.spec_validator_cls = None
        self.openapi = OpenAPI.from_dict(self.resolved, config=config)
        self._finder = APICallPathFinder(self.openapi.spec, base_url=API_BASE)
        self._validators: dict[int, Draft202012Validator] = {}
        self._checked: dict[tuple[Any, ...], tuple[Any, ApiError | None]] = {}
        self._checked_lock = threading.Lock()
        self.errors: dict[str, dict[str, Any]] = self.resolved.get("x-vinr-errors", {})
        self.operations: dict[str, Operation] = {
            op["operationId"]: Operation(op["operationId"], method.upper(), path, op)
            for path, item in self.resolved.get("paths", {}).items()
            for method, op in item.items()
            if isinstance(op, dict) and "operationId" in op
        }

    @classmethod
    def from_spec(cls, spec: Spec, label: str | None = None) -> ApiRules:
        """From a spec already loaded and validated by `vinr_docs.spec.load`."""
        rules = cls(spec.raw, label or spec.path, validated=True)
        rules.path = Path(spec.path)
        return rules

    @classmethod
    def from_file(cls, path: Path, label: str | None = None) -> ApiRules:
        rules = cls(parse_yaml(path.read_text(encoding="utf-8")), label or str(path))
        rules.path = path
        return rules

    def error(
        self, code: str, param: str | None = None, message: str | None = None, **values: Any
    ) -> ApiError:
        """The documented error `code` (status, type and message from `x-vinr-errors`)."""
        entry = self.errors[code]
        text = (message or entry["message"]).format(param=param, **values)
        return ApiError(
            int(entry["status"]),
            {"error": {"type": entry["type"], "code": code, "param": param, "message": text}},
        )

    def invalid(self, operation: Operation, param: str) -> ApiError:
        """parameter_invalid for `param`, with the message its schema documents."""
        schema = operation.schema_of(param)
        items = schema.get("items", {}) if isinstance(schema.get("items"), dict) else {}
        message = schema.get("x-vinr-invalid") or items.get("x-vinr-invalid")
        return self.error("parameter_invalid", param, message)

    # --- routing and validation -----------------------------------------------------------

    def route(self, raw: RawRequest) -> Operation | None:
        """The operation serving this method + path (the most specific path wins). A path
        with an empty segment (`//v1/customers`) is no URL of the API."""
        return self._find(raw.method, raw.path)

    def _find(self, method: str, path: str) -> Operation | None:
        if "//" in path or not path.startswith("/"):
            return None
        try:
            found = self._finder.find(method.lower(), API_BASE + path)
        except PathError:
            return None
        return self.operations.get(found.operation["operationId"])

    def allowed_methods(self, path: str) -> list[str]:
        """The methods the spec declares on `path` (with HEAD wherever GET is), for `Allow`."""
        methods = [m for m in HTTP_METHODS if self._find(m, path) is not None]
        return [*methods, "HEAD"] if "GET" in methods else methods

    def check_request(self, operation: Operation, raw: RawRequest) -> dict[str, Any]:
        """Validated values of every parameter sent (query, path, body), or an ApiError.

        Memoized on everything validation reads (operation, path, query, body, Content-Type,
        the key and the operation's declared headers): a sample's four tabs send the same
        request, and openapi-core costs ~4 ms a request. Callers get their own copy."""
        key = (
            operation.id,
            raw.path,
            raw.query,
            raw.body,
            raw.content_type,
            _header(raw.headers, API_KEY_HEADER),
            *(
                _sent(raw.headers, name)
                for where, name in operation.parameters
                if where == "header"
            ),
        )
        with self._checked_lock:
            known = self._checked.get(key)
        if known is None:
            try:
                known = (self._check_request(operation, raw), None)
            except ApiError as error:
                known = (None, error)
            with self._checked_lock:
                if len(self._checked) >= CHECKED_REQUESTS:
                    self._checked.clear()
                self._checked[key] = known
        values, error = known
        if error is not None:
            raise ApiError(error.status, copy.deepcopy(error.body))
        return copy.deepcopy(values)

    def _check_request(self, operation: Operation, raw: RawRequest) -> dict[str, Any]:
        if not _header(raw.headers, API_KEY_HEADER):
            raise self.error("api_key_invalid")
        if _header(raw.headers, API_KEY_HEADER) != PLACEHOLDER_KEY:
            raise self.error("api_key_invalid")
        if raw.body and not _is_form(raw.content_type):
            if operation.body_schema is not None:
                raise self.error("content_type_unsupported")
            raise self.error("parameter_invalid", None, FORM_ENCODED_MESSAGE)
        query = self._pairs(raw.query.encode())
        form = self._pairs(raw.body) if raw.body else []
        self._reject_unknown(operation, query, form)
        self._check_literals(operation, [*query, *form])
        result = self.openapi.unmarshal_request(_CoreRequest(raw))
        for error in result.errors:
            raise self._translate(operation, error, raw)
        params = result.parameters
        # Path values arrive percent-encoded (`cust%20x` is the customer "cust x").
        path = {name: unquote(value) for name, value in params.path.items()}
        values: dict[str, Any] = {**path, **params.query, **(result.body or {})}
        self._check_patterns(operation, values)
        return values

    def _pairs(self, encoded: bytes) -> list[tuple[str, str]]:
        """Form/query pairs; bytes or escapes that are not UTF-8 are a malformed request."""
        try:
            return parse_qsl(encoded.decode("utf-8"), keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            raise self.error("request_malformed") from None

    def _reject_unknown(
        self, operation: Operation, query: list[tuple[str, str]], form: list[tuple[str, str]]
    ) -> None:
        for pairs, known in ((query, operation.query_names()), (form, operation.body_names())):
            for name, _ in pairs:
                if name not in known:
                    raise self.error("parameter_unknown", name)
            names = [name for name, _ in pairs]
            for name in names:
                if names.count(name) > 1 and operation.schema_of(name).get("type") != "array":
                    raise self.error("parameter_invalid", name, REPEATED_MESSAGE)

    def _check_literals(self, operation: Operation, pairs: list[tuple[str, str]]) -> None:
        """Integers are plain ASCII decimals: no sign, spaces, leading zeros, `_` or other
        digits (Python's int() would accept `+5`, ` 1`, `05`, `1_0`, `１`, `٣`)."""
        for name, value in pairs:
            if operation.schema_of(name).get("type") == "integer" and not INTEGER.fullmatch(value):
                raise self.invalid(operation, name)

    def _check_patterns(self, operation: Operation, values: dict[str, Any]) -> None:
        """`pattern` as JSON Schema means it (ECMA-262: `$` is the end of the value; Python's
        `$` also matches before a trailing newline, which openapi-core lets through)."""
        for name, value in values.items():
            pattern = operation.schema_of(name).get("pattern")
            if isinstance(value, str) and pattern and not ecma_regex(pattern).search(value):
                raise self.invalid(operation, name)

    def _translate(self, operation: Operation, error: Exception, raw: RawRequest) -> ApiError:
        """An openapi-core validation error → the error body the spec documents."""
        name = type(error).__name__
        if "Security" in name:
            return self.error("api_key_invalid")
        if name == "MissingRequestBody" or name == "MissingRequiredRequestBody":
            required = (operation.body_schema or {}).get("required", [None])
            return self.error("parameter_missing", required[0])
        if name == "MediaTypeNotFound":
            return self.error("parameter_invalid", None, FORM_ENCODED_MESSAGE)
        param = getattr(error, "name", None)
        if name.startswith("MissingRequired") or name == "MissingParameter":
            return self.error("parameter_missing", param)
        if param is not None:  # InvalidParameter, ParameterValidationError (cast)
            return self.invalid(operation, param)
        schema_errors = _schema_errors(error)
        missing = [e for e in schema_errors if e.validator == "required"]
        if missing:
            absent = [p for p in missing[0].validator_value if p not in missing[0].instance]
            return self.error("parameter_missing", absent[0] if absent else None)
        for schema_error in schema_errors:
            if schema_error.path:
                return self.invalid(operation, str(schema_error.path[0]))
        return self.error("parameter_invalid", None, f"The request is invalid: {error}")

    def check_response(self, operation: Operation, status: int, body: Any) -> list[str]:
        """Why this reply breaks the spec (empty when it conforms). Plain jsonschema on the
        resolved schema: openapi-core's response unmarshalling costs ~20 ms a reply."""
        responses = operation.spec.get("responses", {})
        documented = (
            responses.get(str(status))
            or responses.get(f"{str(status)[0]}XX")
            or responses.get("default")
        )
        if documented is None:
            return [f"status {status} is not documented for {operation.id}"]
        schema = documented.get("content", {}).get("application/json", {}).get("schema")
        if schema is None:
            return []
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message}"
            for e in self._validator(schema).iter_errors(body)
        ]

    def _validator(self, schema: dict[str, Any]) -> Draft202012Validator:
        key = id(schema)
        if key not in self._validators:
            self._validators[key] = SchemaValidator(schema, format_checker=FORMATS)
        return self._validators[key]

    def webhook_schema(self, event_type: str) -> dict[str, Any] | None:
        hook = self.resolved.get("webhooks", {}).get(event_type, {}).get("post", {})
        content = hook.get("requestBody", {}).get("content", {})
        return content.get("application/json", {}).get("schema")


def _schema_errors(error: Exception) -> list[Any]:
    found: list[Any] = []
    current: BaseException | None = error
    while current is not None:
        found.extend(getattr(current, "schema_errors", []) or [])
        current = current.__cause__
    return found
