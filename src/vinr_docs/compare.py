"""Comparisons: the documented JSON vs what the fake answered, and curl vs Python requests."""

from __future__ import annotations

import difflib
import json
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit


class DocumentError(ValueError):
    """A snippet file that cannot be read as what it claims to be (message names file:line)."""


def load_json(path: Path, label: str | None = None) -> Any:
    """Parse a JSON file; on error raise DocumentError naming `label`:line:column."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DocumentError(
            f"{label or path}:{exc.lineno}:{exc.colno}: malformed JSON: {exc.msg}"
        ) from None


def align(value: Any, like: Any) -> Any:
    """`value` with its object keys in the order `like` uses (so diffs show only real changes)."""
    if isinstance(value, dict) and isinstance(like, dict):
        keys = [k for k in like if k in value] + [k for k in value if k not in like]
        return {k: align(value[k], like.get(k)) for k in keys}
    if isinstance(value, list) and isinstance(like, list):
        return [align(v, like[i] if i < len(like) else None) for i, v in enumerate(value)]
    return value


def json_diff(expected: Any, received: Any, expected_label: str, received_label: str) -> str:
    """Unified diff of two JSON values rendered with indent 2; empty when they are equal."""
    if expected == received:
        return ""
    left = json.dumps(expected, indent=2, ensure_ascii=False).splitlines()
    right = json.dumps(align(received, expected), indent=2, ensure_ascii=False).splitlines()
    return "\n".join(difflib.unified_diff(left, right, expected_label, received_label,
                                         lineterm=""))


@dataclass(frozen=True)
class RequestShape:
    """What identifies a request on the page: method, path, parameters, idempotency key."""

    method: str
    path: str
    params: dict[str, list[str]]
    idempotency_key: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"method": self.method, "path": self.path, "params": self.params,
                "Idempotency-Key": self.idempotency_key}


def parse_curl(text: str) -> RequestShape:
    """The request a curl sample makes (`-X`, `-H`, `-d`, URL with query string)."""
    try:
        words = shlex.split(text.replace("\\\n", " "), comments=True)
    except ValueError as exc:
        raise DocumentError(f"cannot parse the curl command: {exc}") from None
    method, url, data, headers = None, None, [], {}
    args = iter(words[1:] if words and words[0] == "curl" else words)
    for word in args:
        if word in ("-X", "--request"):
            method = next(args, "")
        elif word in ("-H", "--header"):
            name, _, value = next(args, "").partition(":")
            headers[name.strip().lower()] = value.strip()
        elif word in ("-d", "--data", "--data-urlencode"):
            data.append(next(args, ""))
        elif not word.startswith("-"):
            url = word
    if url is None:
        raise DocumentError("the curl command has no URL")
    parts = urlsplit(url)
    params = parse_qs(parts.query, keep_blank_values=True)
    for pair in data:
        key, _, value = pair.partition("=")
        params.setdefault(key, []).append(value)
    return RequestShape((method or ("POST" if data else "GET")).upper(), parts.path, params,
                        headers.get("idempotency-key"))


def shape_of(exchange: dict[str, Any]) -> RequestShape:
    """The RequestShape of an exchange recorded by the fake."""
    headers = {k.lower(): v for k, v in exchange.get("headers", {}).items()}
    return RequestShape(exchange["method"], urlsplit(exchange["url"]).path,
                        {**exchange.get("query", {}), **exchange.get("form", {})},
                        headers.get("idempotency-key"))
