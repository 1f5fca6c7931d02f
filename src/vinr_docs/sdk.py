"""The reference clients' operations table, derived from each operation's `x-vinr-sdk`.

The three clients (src/vinr, clients/js, clients/ruby) keep no list of operations: at load time
each reads `clients/operations.json`, which this module writes from `docs/openapi.yaml`, and
defines one method per row (Python `vinr.Customer.create`, Ruby `Vinr::Customer.create`,
JavaScript `vinr.customers.create`; `customers.paymentMethods.list` nests a namespace).
Path parameters are the leading positional arguments, in the order the path names them.

`python -m vinr_docs.sdk` writes the table; verification writes it before any sample runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vinr_docs.spec import Spec
from vinr_docs.spec import load as load_spec

SDK_KEY = "x-vinr-sdk"
TABLE = Path("clients") / "operations.json"  # gitignored, relative to the project
LANGUAGES = ("python", "node", "ruby")
_IDENT = r"[A-Za-z][A-Za-z0-9_]*"
PATTERNS = {
    "python": re.compile(rf"[A-Z][A-Za-z0-9]*\.{_IDENT}"),
    "ruby": re.compile(rf"[A-Z][A-Za-z0-9]*\.{_IDENT}"),
    "node": re.compile(rf"{_IDENT}(\.{_IDENT})+"),
}
EXAMPLE = {"python": "Customer.create", "ruby": "Customer.create", "node": "customers.create"}
# Names the clients themselves use on a resource class or namespace.
RESERVED = {"python": {"mro", "convert"}, "ruby": {"new", "call", "name"}, "node": {"client"}}
# Names the clients use for themselves: a resource class or top namespace may not take them.
_ERRORS = {"VinrError", "APIError", "APIConnectionError", "AuthenticationError"}
_ERRORS |= {"InvalidRequestError", "PermissionDeniedError", "RateLimitError"}
_OBJECTS = {"APIResource", "VinrObject", "ListObject"}
RESERVED_OWNERS = {
    "python": _ERRORS | _OBJECTS,
    "ruby": _ERRORS | _OBJECTS | {"HTTP", "Recorder", "Operations"},
    "node": {"request", "secretKey", "apiBase", "client"},
}


class SdkError(ValueError):
    """An operation's `x-vinr-sdk` the clients cannot use; `where` is `spec:line`."""

    def __init__(self, message: str, where: str) -> None:
        super().__init__(f"{where}: {message}")
        self.message = message
        self.where = where


@dataclass(frozen=True)
class Row:
    id: str
    method: str
    path: str
    path_params: tuple[str, ...]
    names: dict[str, str]  # language → "Customer.create" / "customers.create"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "method": self.method,
            "path": self.path,
            "path_params": list(self.path_params),
            **self.names,
        }


def spec_line(spec_path: Path, operation_id: str) -> int | None:
    """The line of `operationId: <id>` in the spec file (1-based), for messages."""
    pattern = re.compile(rf"^\s*operationId:\s*['\"]?{re.escape(operation_id)}['\"]?\s*$")
    try:
        lines = spec_path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    return next((i for i, line in enumerate(lines, 1) if pattern.match(line)), None)


def _where(spec_path: Path, label: str, operation_id: str) -> str:
    line = spec_line(spec_path, operation_id)
    return f"{label}:{line}" if line else label


def rows(spec: Spec, spec_path: Path, label: str = "docs/openapi.yaml") -> list[Row]:
    """One row per operation; an unusable `x-vinr-sdk` raises SdkError naming the spec line."""
    found: list[Row] = []
    seen: dict[tuple[str, str], str] = {}
    for operation in spec.operations:
        where = _where(spec_path, label, operation.id)
        item = spec.raw["paths"][operation.path][operation.method.lower()]
        sdk = item.get(SDK_KEY)
        if not isinstance(sdk, dict):
            raise SdkError(
                f"operation {operation.id} has no {SDK_KEY}: add, beside its operationId, "
                f"`{SDK_KEY}: {{result: <variable>, python: Class.method, node: "
                "namespace.method, ruby: Class.method}` (how the clients name the call)",
                where,
            )
        names = {}
        for language in LANGUAGES:
            name = sdk.get(language)
            if not isinstance(name, str) or not PATTERNS[language].fullmatch(name):
                raise SdkError(
                    f"{SDK_KEY}.{language} of {operation.id} is {name!r}: write it like "
                    f"{EXAMPLE[language]!r}",
                    where,
                )
            method = name.rsplit(".", 1)[1]
            owner = name.split(".", 1)[0]
            if owner in RESERVED_OWNERS[language] or owner.startswith("_"):
                raise SdkError(
                    f"{SDK_KEY}.{language} of {operation.id}: {owner!r} is a name the client "
                    "uses itself; choose another resource name",
                    where,
                )
            if method.startswith("_") or method in RESERVED[language]:
                raise SdkError(
                    f"{SDK_KEY}.{language} of {operation.id}: {method!r} is a name the "
                    "client uses itself; choose another method name",
                    where,
                )
            if (language, name) in seen:
                raise SdkError(
                    f"{SDK_KEY}.{language} of {operation.id} is {name!r}, the name "
                    f"{seen[(language, name)]} already has: give each operation its own",
                    where,
                )
            seen[(language, name)] = operation.id
            names[language] = name
        params = tuple(re.findall(r"\{([^}/]+)\}", operation.path))
        found.append(Row(operation.id, operation.method, operation.path, params, names))
    return found


def digest(spec_path: Path) -> str:
    return hashlib.sha256(spec_path.read_bytes()).hexdigest()


def table(spec: Spec, spec_path: Path, label: str = "docs/openapi.yaml") -> dict[str, Any]:
    return {
        "comment": f"Generated from {label} by `python -m vinr_docs.sdk`; do not edit.",
        "spec_sha256": digest(spec_path),
        "operations": [row.to_json() for row in rows(spec, spec_path, label)],
    }


def write(project: Path, spec: Spec | None = None, spec_path: Path | None = None) -> Path:
    """(Re)write `clients/operations.json` of `project` from its spec; atomic, and only when
    the content changes (concurrent builds of one checkout are fine)."""
    spec_path = spec_path or project / "docs" / "openapi.yaml"
    spec = spec or load_spec(spec_path)
    label = (
        spec_path.relative_to(project).as_posix()
        if spec_path.is_relative_to(project)
        else str(spec_path)
    )
    text = json.dumps(table(spec, spec_path, label), indent=1) + "\n"
    out = project / TABLE
    try:
        if out.read_text(encoding="utf-8") == text:
            return out
    except OSError:
        pass
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    return out


def main() -> int:
    project = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    try:
        print(write(project))
    except SdkError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
