"""Schemathesis hooks for tests/contract/test_schemathesis.py (SCHEMATHESIS_HOOKS).

A valid `Idempotency-Key` is made unique per request, as clients are told to generate them:
Schemathesis draws short keys (`0`, `00…`) that collide across unrelated requests, which makes
one generated request replay or conflict with another. Reuse itself (replay within the window,
`idempotency_key_in_use` with other parameters) is documented in the spec and verified by the
samples that show it. Invalid keys (empty, over 255 characters) are left as generated.
"""

from __future__ import annotations

import uuid
from typing import Any

import schemathesis

HEADER = "Idempotency-Key"


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    headers = case.headers or {}
    key = headers.get(HEADER)
    if isinstance(key, str) and 1 <= len(key) <= 255:
        headers[HEADER] = f"{key[:200]}-{uuid.uuid4().hex}"
