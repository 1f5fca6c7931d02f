"""Shared helpers for engine tests: a fake VINR API loaded with the documented customers."""

from __future__ import annotations

import json
from pathlib import Path

import requests

from vinr_docs.api_rules import API_BASE, PLACEHOLDER_KEY

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = ROOT / "snippets"


def snippet_json(relative: str) -> object:
    return json.loads((SNIPPETS / relative).read_text())


def shared_state() -> dict:
    """The Customers resource's declared state: Jenny (cust_8aZ2) with card pm_9bR3."""
    return json.loads((SNIPPETS / "customers" / "state.json").read_text())


def call(method: str, path: str, *, key: str | None = PLACEHOLDER_KEY,
         headers: dict[str, str] | None = None, **kwargs: object) -> requests.Response:
    """Send a raw request to the fake, with the placeholder key unless `key` says otherwise."""
    sent = {**({"X-Api-Key": key} if key is not None else {}), **(headers or {})}
    return requests.request(method, API_BASE + path, headers=sent, timeout=5, **kwargs)
