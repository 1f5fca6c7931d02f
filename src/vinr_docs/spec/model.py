"""The typed, read-only view of the spec that pages, the fake and tests use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SAMPLES_KEY = "x-vinr-samples"  # an operation's main snippet folder, e.g. customers/create
INVALID_KEY = "x-vinr-invalid"  # message template for an invalid value of a parameter/property
ERRORS_KEY = "x-vinr-errors"  # root-level catalogue: error code -> {status, type, message}


@dataclass(frozen=True)
class Parameter:
    """A request parameter: `location` is path, query, header, or body (form field)."""

    name: str
    location: str
    required: bool
    schema: dict[str, Any]
    description: str

    @property
    def invalid_message(self) -> str | None:
        """The template of the API's message for an invalid value (`{param}` placeholder)."""
        return self.schema.get(INVALID_KEY)


@dataclass(frozen=True)
class ErrorExample:
    """One documented error response: an example of an error response in the spec."""

    status: int
    code: str
    summary: str
    description: str
    body: dict[str, Any]
    key: str = ""


@dataclass(frozen=True)
class ErrorType:
    """An entry of the error catalogue (`x-vinr-errors`)."""

    code: str
    status: int
    type: str
    message: str


@dataclass(frozen=True)
class Operation:
    id: str
    method: str  # upper case: GET, POST, DELETE
    path: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    body_schema: dict[str, Any] | None
    body_required: bool
    responses: dict[str, dict[str, Any]]
    error_examples: tuple[ErrorExample, ...]
    sample_folder: str

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def response_schema(self, status: str = "200") -> dict[str, Any] | None:
        content = self.responses.get(status, {}).get("content", {})
        return content.get("application/json", {}).get("schema")


@dataclass(frozen=True)
class Webhook:
    """An event VINR sends (`webhooks:`); `schema` is the payload (refs resolved)."""

    name: str
    summary: str
    description: str
    schema: dict[str, Any]


@dataclass(frozen=True)
class Spec:
    path: str
    raw: dict[str, Any]  # the whole document with every $ref resolved
    operations: tuple[Operation, ...]
    webhooks: tuple[Webhook, ...]
    errors: dict[str, ErrorType] = field(default_factory=dict)

    def operation(self, operation_id: str) -> Operation | None:
        return next((op for op in self.operations if op.id == operation_id), None)

    def auth_parameters(self, operation: Operation) -> list[Parameter]:
        """The API-key headers an operation requires (its `security`, or the global one)."""
        item = self.raw["paths"][operation.path][operation.method.lower()]
        schemes = self.raw.get("components", {}).get("securitySchemes", {})
        names = [
            name for rule in item.get("security", self.raw.get("security", [])) for name in rule
        ]
        return [
            Parameter(
                schemes[n]["name"],
                schemes[n]["in"],
                True,
                {"type": "string"},
                schemes[n].get("description", ""),
            )
            for n in names
            if schemes.get(n, {}).get("type") == "apiKey"
        ]

    def schema(self, name: str) -> dict[str, Any] | None:
        return self.raw.get("components", {}).get("schemas", {}).get(name)

    def webhook(self, name: str) -> Webhook | None:
        return next((hook for hook in self.webhooks if hook.name == name), None)

    def operation_for_folder(self, folder: str) -> Operation | None:
        """The operation a snippet folder shows: its main folder or `<main>-<variant>`.

        The longest main folder wins, so `customers/list-payment-methods` would belong to an
        operation with that folder rather than to `customers/list`.
        """
        matches = [
            op
            for op in self.operations
            if folder == op.sample_folder or folder.startswith(op.sample_folder + "-")
        ]
        return max(matches, key=lambda op: len(op.sample_folder), default=None)
