"""Typed errors raised for failed requests; each carries the API's JSON error body."""

from __future__ import annotations

from typing import Any


class VinrError(Exception):
    """Base class: ``http_status``, ``json_body`` and the ``error`` fields ``type``, ``code``,
    ``param`` and ``message`` (``None`` when the reply had no error body)."""

    def __init__(
        self,
        message: str,
        *,
        http_status: int | None = None,
        json_body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.user_message = message
        self.http_status = http_status
        self.json_body = json_body
        self.headers = headers or {}
        error = (json_body or {}).get("error") or {}
        self.type: str | None = error.get("type")
        self.code: str | None = error.get("code")
        self.param: str | None = error.get("param")

    def __str__(self) -> str:
        status = f"{self.http_status} " if self.http_status else ""
        code = f"({self.code}) " if self.code else ""
        return f"{status}{code}{self.user_message}"


class InvalidRequestError(VinrError):
    """400, 404 or 409: the request was understood but cannot be carried out."""


class AuthenticationError(VinrError):
    """401: the API key is missing or wrong (also raised before sending when no key is set)."""


class PermissionDeniedError(VinrError):
    """403: the key may not perform this request."""


class RateLimitError(VinrError):
    """429: too many requests."""


class APIError(VinrError):
    """5xx or an unexpected reply from the API."""


class APIConnectionError(VinrError):
    """The request never got a reply (network failure, or no route in a mock)."""


_BY_STATUS: dict[int, type[VinrError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: InvalidRequestError,
    409: InvalidRequestError,
    429: RateLimitError,
}


def error_for(status: int, body: Any, headers: dict[str, str]) -> VinrError:
    """The exception to raise for an HTTP error reply."""
    json_body = body if isinstance(body, dict) else None
    error = (json_body or {}).get("error") or {}
    message = error.get("message") or f"HTTP {status} with no error message"
    cls = _BY_STATUS.get(status, APIError if status >= 500 else VinrError)
    return cls(message, http_status=status, json_body=json_body, headers=headers)
