"""The one function that talks to the API: encode, send with `requests`, decode, raise."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import requests

import vinr
from vinr.errors import APIConnectionError, APIError, AuthenticationError, error_for


def encode(params: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Form-encode like the curl samples: lists as ``key[]``, dicts as ``key[sub]``,
    booleans as ``true``/``false``, ``None`` as an empty string (clears the field)."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if isinstance(value, Mapping):
            pairs.extend(encode(value, name))
        elif isinstance(value, list | tuple):
            pairs.extend((f"{name}[]", _scalar(item)) for item in value)
        else:
            pairs.append((name, _scalar(value)))
    return pairs


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def api_key() -> str:
    key = vinr.api_key or os.environ.get("VINR_SECRET_KEY")
    if not key:
        raise AuthenticationError(
            "No API key provided: set vinr.api_key or the VINR_SECRET_KEY environment variable."
        )
    return key


def request(
    method: str,
    path: str,
    params: Mapping[str, Any] | None = None,
    *,
    headers: Mapping[str, str] | None = None,
) -> Any:
    """Send one request and return the decoded JSON body; raise a VinrError on 4xx/5xx."""
    all_headers = {"X-Api-Key": api_key(), "Accept": "application/json", **(headers or {})}
    encoded = encode(params or {})
    in_query = method in ("GET", "DELETE")
    try:
        response = requests.request(
            method,
            vinr.api_base + path,
            params=encoded if in_query else None,
            data=None if in_query else encoded,
            headers=all_headers,
            timeout=vinr.timeout,
        )
    except requests.RequestException as exc:
        raise APIConnectionError(f"Could not reach the VINR API: {exc}") from exc
    try:
        body = response.json()
    except ValueError:
        raise APIError(
            f"Invalid JSON from the API (HTTP {response.status_code}): {response.text[:200]}",
            http_status=response.status_code,
        ) from None
    if response.status_code >= 400:
        raise error_for(response.status_code, body, dict(response.headers))
    return body
