"""Reference Python client for the VINR API, as used by the code samples in the docs.

    import vinr
    customer = vinr.Customer.create(email="jenny@example.com")

The secret key comes from ``vinr.api_key`` or, when that is unset, the ``VINR_SECRET_KEY``
environment variable. Requests go to ``vinr.api_base`` (``VINR_API_BASE`` overrides it) with
``requests``; request bodies are form-encoded like the curl samples; 4xx/5xx replies raise a
typed :class:`VinrError` subclass.
"""

from __future__ import annotations

import os

from vinr.errors import (
    APIConnectionError,
    APIError,
    AuthenticationError,
    InvalidRequestError,
    PermissionDeniedError,
    RateLimitError,
    VinrError,
)
from vinr.objects import ListObject, VinrObject
from vinr.resources import PROBLEM, RESOURCES, APIResource

api_key: str | None = None
# VINR_API_BASE points the client elsewhere, e.g. at the fake API while samples are verified.
api_base: str = os.environ.get("VINR_API_BASE", "https://api.vinr.com")
timeout: float = 30.0

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResource",
    "AuthenticationError",
    "InvalidRequestError",
    "ListObject",
    "PermissionDeniedError",
    "RateLimitError",
    "VinrError",
    "VinrObject",
    "api_base",
    "api_key",
    "timeout",
    *RESOURCES,
]

globals().update(RESOURCES)  # vinr.Customer, … : one class per resource of the spec


def __getattr__(name: str) -> object:
    """A resource the table lacks: say what to add instead of a bare AttributeError."""
    if name[:1].isupper():
        why = PROBLEM or (
            f"no operation of docs/openapi.yaml has `x-vinr-sdk: {{python: {name}.<method>}}`: "
            f"add x-vinr-sdk to the operation (known classes: {', '.join(sorted(RESOURCES))})"
        )
        raise AttributeError(f"module 'vinr' has no attribute {name!r}: {why}")
    raise AttributeError(f"module 'vinr' has no attribute {name!r}")
