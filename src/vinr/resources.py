"""API resources: one class per resource, one classmethod per operation, none written by hand.

The methods come from the spec's `x-vinr-sdk` (`python: Customer.create`) through the operations
table `clients/operations.json` (written from docs/openapi.yaml by `python -m vinr_docs.sdk` and
by every verification run). Path parameters are the leading positional arguments, in the order
the path names them: `Customer.retrieve("cust_1")`, `PaymentMethod.list("cust_1", limit=3)`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

from vinr import _http
from vinr.objects import VinrObject, convert

PROJECT = Path(__file__).resolve().parents[2]
TABLE = PROJECT / "clients" / "operations.json"
SPEC = PROJECT / "docs" / "openapi.yaml"
REGENERATE = "run `python -m vinr_docs.sdk` (any build or `make verify` does it too)"


class _ResourceType(type):
    def __getattr__(cls, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        known = ", ".join(cls.__dict__.get("OPERATIONS", ())) or "none"
        raise AttributeError(
            f"type object {cls.__name__!r} has no attribute {name!r}: no operation of "
            f"docs/openapi.yaml has `x-vinr-sdk: {{python: {cls.__name__}.{name}}}`; add it "
            f"to the operation's x-vinr-sdk (known: {known})"
        )


class APIResource(VinrObject, metaclass=_ResourceType):
    """Base class. ``OPERATIONS`` names the classmethods that call the API (from the table)."""

    OPERATIONS: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def _call(
        cls,
        method: str,
        path: str,
        params: dict[str, Any],
        idempotency_key: str | None = None,
    ) -> Any:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key is not None else {}
        return convert(_http.request(method, path, params, headers=headers), cls)


def _operation(row: dict[str, Any]) -> Any:
    """The classmethod for one table row: `(cls, *path_args, idempotency_key=None, **params)`."""
    names: list[str] = row["path_params"]
    label = row["python"]

    def call(
        cls: type[APIResource], *args: Any, idempotency_key: str | None = None, **params: Any
    ) -> Any:
        if len(args) != len(names):
            wanted = ", ".join(names) or "no positional argument"
            raise TypeError(
                f"{label}() takes {wanted} ({row['method']} {row['path']}) and keyword "
                f"parameters; it was given {len(args)} positional argument(s)"
            )
        path = row["path"]
        for name, value in zip(names, args, strict=True):
            path = path.replace("{" + name + "}", quote(str(value), safe=""))
        return cls._call(row["method"], path, params, idempotency_key)

    call.__name__ = label.split(".")[1]
    call.__qualname__ = label
    call.__doc__ = f"``{row['method']} {row['path']}`` ({row['id']} in docs/openapi.yaml)."
    return classmethod(call)


def load_table(table: Path = TABLE, spec: Path = SPEC) -> tuple[list[dict[str, Any]], str | None]:
    """The table's operations, or ([], why not) when it is missing or stale."""
    try:
        data = json.loads(table.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [], f"the operations table {table} is unreadable ({exc}): {REGENERATE}"
    try:
        current = hashlib.sha256(spec.read_bytes()).hexdigest()
    except OSError:
        current = data.get("spec_sha256")  # a client installed without the docs: trust it
    if data.get("spec_sha256") != current:
        return [], f"the operations table {table} was made from another {spec.name}: {REGENERATE}"
    return data["operations"], None


def build(operations: list[dict[str, Any]]) -> dict[str, type[APIResource]]:
    """One APIResource subclass per class name in the table's `python` column."""
    methods: dict[str, dict[str, Any]] = {}
    for row in operations:
        owner, name = row["python"].split(".")
        methods.setdefault(owner, {})[name] = _operation(row)
    return {
        owner: type(
            owner,
            (APIResource,),
            {**ops, "OPERATIONS": tuple(ops), "__module__": "vinr", "__doc__": f"VINR {owner}."},
        )
        for owner, ops in methods.items()
    }


OPERATIONS, PROBLEM = load_table()
RESOURCES = build(OPERATIONS)
