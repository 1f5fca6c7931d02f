"""Schemathesis hooks for tests/contract/test_schemathesis.py (SCHEMATHESIS_HOOKS).

A valid `Idempotency-Key` is made unique per request, as clients are told to generate them:
Schemathesis draws short keys (`0`, `00…`) that collide across unrelated requests, which makes
one generated request replay or conflict with another. Reuse itself (replay within the window,
`idempotency_key_in_use` with other parameters) is documented in the spec and verified by the
samples that show it. Invalid keys (empty, over 255 characters) are left as generated.

A list's two cursors cannot be combined: the spec declares it (`x-vinr-pagination`, the
documented `cursors_combined` 400 example), but OpenAPI parameters are independent schemas, so
Schemathesis calls a request with both "schema-valid". In a case meant to be valid, the cursor
the declaration names `before` is dropped; negative cases are sent as generated.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import schemathesis

from vinr_docs.spec import load

HEADER = "Idempotency-Key"
PAGING = load(Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml").raw[
    "x-vinr-pagination"
]


def _positive(case: Any) -> bool:
    mode = getattr(getattr(getattr(case, "meta", None), "generation", None), "mode", None)
    return bool(getattr(mode, "is_positive", False))


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    headers = case.headers or {}
    key = headers.get(HEADER)
    if isinstance(key, str) and 1 <= len(key) <= 255:
        headers[HEADER] = f"{key[:200]}-{uuid.uuid4().hex}"
    query = case.query or {}
    if PAGING["after"] in query and PAGING["before"] in query and _positive(case):
        del query[PAGING["before"]]
