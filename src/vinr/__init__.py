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
from vinr.resources import APIResource, Customer

api_key: str | None = None
# VINR_API_BASE points the client elsewhere, e.g. at the fake API while samples are verified.
api_base: str = os.environ.get("VINR_API_BASE", "https://api.vinr.com")
timeout: float = 30.0

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResource",
    "AuthenticationError",
    "Customer",
    "InvalidRequestError",
    "ListObject",
    "PermissionDeniedError",
    "RateLimitError",
    "VinrError",
    "VinrObject",
    "api_base",
    "api_key",
    "timeout",
]
