"""The fake VINR API's rules, as data: endpoints, their parameters and the error messages.

Everything the fake validates is declared here, in the vocabulary of OpenAPI (type, format,
minimum/maximum, maxLength, enum, required), so that a later step can build these tables from the
OpenAPI spec instead of writing them by hand. The fake's code (`fake_api.py`) only interprets them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

API_BASE = "https://api.vinr.com"
# The key samples run with (exported as VINR_SECRET_KEY); the fake accepts no other.
PLACEHOLDER_KEY = "sk_test_vinr_docs_placeholder"
API_KEY_HEADER = "X-Api-Key"
IDEMPOTENCY_HEADER = "Idempotency-Key"


@dataclass(frozen=True)
class Param:
    """One request parameter (query, form body or header)."""

    name: str
    type: str = "string"  # "string" | "integer" | "array" (of strings, sent as name[]=…)
    format: str | None = None  # a key of FORMATS
    required: bool = False
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    enum: tuple[str, ...] = ()
    default: object = None


@dataclass(frozen=True)
class Endpoint:
    """One operation: method + path template, where its parameters live, what it may raise."""

    operation: str  # name of the handler in fake_api.HANDLERS
    method: str
    path: str  # "/v1/customers/{id}"
    query: tuple[Param, ...] = ()
    body: tuple[Param, ...] = ()
    headers: tuple[Param, ...] = ()
    idempotent: bool = False  # honours Idempotency-Key (replays the first result)

    @property
    def params(self) -> tuple[Param, ...]:
        return self.query + self.body


# Formats: a regular expression the whole value must match, and the message when it does not.
FORMATS: dict[str, str] = {
    "email": r"[^@\s]+@[^@\s]+\.[^@\s]+",
    "e164": r"\+[1-9][0-9]{7,14}",
}

# Error messages by code (and by format/constraint for parameter_invalid). `{param}` and the
# Param's fields are substituted. These reproduce the documented bodies in
# snippets/customers/errors/*.json word for word.
MESSAGES: dict[str, str] = {
    "api_key_invalid": "Missing or invalid API key. Send your secret key in the X-Api-Key header.",
    "resource_missing": "No such customer: {id}.",
    "customer_has_active_subscriptions": (
        "Customer {id} has active subscriptions. Cancel them before deleting the customer."
    ),
    "parameter_missing": "Missing required param: {param}.",
    "parameter_unknown": "Received unknown parameter: {param}.",
    "format:email": "{param} must be a valid email address, e.g. jenny@example.com.",
    "format:e164": "{param} must be in E.164 format, e.g. +14155552671.",
    "type:string": "{param} must be a string.",
    "type:integer": "{param} must be an integer.",
    "range": "{param} must be an integer between {minimum} and {maximum}.",
    "max_length": "{param} must be at most {max_length} characters.",
    "enum": "{param} must be one of: {choices}.",
    "cursor": "{param} must be the ID of an existing customer.",
    "cursors_combined": "starting_after and ending_before cannot be combined.",
    "form_encoded": "Send the request body form-encoded (application/x-www-form-urlencoded).",
    "idempotency_key_in_use": (
        "Idempotency-Key {key} was already used with different parameters."
    ),
}

# HTTP status and error type for each error code.
ERROR_STATUS: dict[str, tuple[int, str]] = {
    "api_key_invalid": (401, "authentication_error"),
    "parameter_invalid": (400, "invalid_request_error"),
    "parameter_missing": (400, "invalid_request_error"),
    "parameter_unknown": (400, "invalid_request_error"),
    "idempotency_key_in_use": (400, "invalid_request_error"),
    "resource_missing": (404, "invalid_request_error"),
    "customer_has_active_subscriptions": (409, "invalid_request_error"),
}

_EMAIL = Param("email", format="email", max_length=512)
_NAME = Param("name", max_length=256)
_PHONE = Param("phone", format="e164")
_IDEMPOTENCY = (Param(IDEMPOTENCY_HEADER, max_length=255),)

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "create", "POST", "/v1/customers",
        body=(Param("email", format="email", max_length=512, required=True), _NAME, _PHONE),
        headers=_IDEMPOTENCY, idempotent=True,
    ),
    Endpoint(
        "retrieve", "GET", "/v1/customers/{id}",
        query=(Param("expand", type="array", enum=("default_payment_method",)),),
    ),
    Endpoint(
        "update", "POST", "/v1/customers/{id}",
        body=(_EMAIL, _NAME, _PHONE), headers=_IDEMPOTENCY, idempotent=True,
    ),
    Endpoint("delete", "DELETE", "/v1/customers/{id}"),
    Endpoint(
        "list", "GET", "/v1/customers",
        query=(
            Param("email"),
            Param("limit", type="integer", minimum=1, maximum=100, default=10),
            Param("starting_after"),
            Param("ending_before"),
        ),
    ),
)


@dataclass(frozen=True)
class Resource:
    """Shape of a stored object: its id prefix and its fields in the documented order."""

    prefix: str
    fields: tuple[str, ...]
    expandable: tuple[str, ...] = field(default=())


CUSTOMER = Resource(
    prefix="cust_",
    fields=("id", "email", "name", "phone", "default_payment_method", "created"),
    expandable=("default_payment_method",),
)
