"""HTTP edges in both mocks: `make mock` and the in-page mock (the page's bundled module behind
tests/contract/mock_server.mjs) give the same documented JSON answer to an undeclared method
(405 with `Allow`), to HEAD (GET's answer without its body), to a percent escape that is not
UTF-8 (`%E9`) in the query or the form body, to a form body whose bytes are not UTF-8, and to
`%E9` in a path id (decoded with U+FFFD, as Python's unquote: no such object). Operations and
paths come from the spec."""

from __future__ import annotations

import contextlib
import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from servers import in_page_mock, make_mock
from vinr_docs.fake.rules import FORM, HTTP_METHODS, PLACEHOLDER_KEY, ApiRules
from vinr_docs.fake.server import MAX_BODY
from vinr_docs.spec import Operation, load
from vinr_docs.tryit.generate import write

ROOT = Path(__file__).resolve().parents[2]
SPEC = load(ROOT / "docs" / "openapi.yaml")
CATALOGUE = SPEC.raw["x-vinr-errors"]
RULES = ApiRules.from_spec(SPEC)
KEY = {"X-Api-Key": PLACEHOLDER_KEY}
NOT_UTF8 = "%E9"  # é in Latin-1: a byte that starts no UTF-8 sequence


def example_path(op: Operation, suffix: str = "") -> str:
    """The path with each path parameter's documented example (+ `suffix`)."""
    path = op.path
    for (where, name), param in RULES.operations[op.id].parameters.items():
        if where == "path":
            path = path.replace("{" + name + "}", f"{param['example']}{suffix}")
    return path


def edge_requests() -> Iterator[tuple[str, dict[str, Any], tuple[int, str | None]]]:
    """(label, request, (expected status, expected error code or None))."""
    by_path: dict[str, list[Operation]] = {}
    for op in SPEC.operations:
        by_path.setdefault(op.path, []).append(op)
    for ops in by_path.values():
        path = example_path(ops[0])
        declared = {op.method for op in ops}
        for method in [m for m in (*HTTP_METHODS, "OPTIONS", "TRACE") if m not in declared]:
            request = {"method": method, "target": path, "headers": KEY, "body": None}
            yield f"{method} {path}", request, (405, "method_not_allowed")
        if "GET" in declared:
            request = {"method": "HEAD", "target": path, "headers": KEY, "body": None}
            yield f"HEAD {path}", request, (200, None)
    for op in SPEC.operations:
        target = example_path(op)
        if op.body_schema is not None:
            name = next(iter(op.body_schema.get("properties", {})))
            headers = {**KEY, "Content-Type": FORM}
            request = {"method": op.method, "target": target, "headers": headers}
            request["body"] = f"{name}={NOT_UTF8}".encode()
            yield f"{op.method} {op.path} body {NOT_UTF8}", request, (400, "request_malformed")
            raw_bytes = {**request, "body": f"{name}=".encode() + bytes([0xE9])}
            yield f"{op.method} {op.path} body byte E9", raw_bytes, (400, "request_malformed")
            too_large = {**request, "body": f"{name}=".encode() + b"a" * MAX_BODY}
            yield (
                f"{op.method} {op.path} body over {MAX_BODY} B",
                too_large,
                (413, "request_too_large"),
            )
        if op.method == "GET" and example_path(op) != op.path:
            path = example_path(op, suffix=NOT_UTF8)
            request = {"method": op.method, "target": path, "headers": KEY, "body": None}
            yield f"{op.method} {op.path} path {NOT_UTF8}", request, (404, "resource_missing")
        query = [p.name for p in op.parameters if p.location == "query"]
        if query:
            request = {"method": op.method, "target": f"{target}?{query[0]}={NOT_UTF8}"}
            request.update(headers=KEY, body=None)
            yield f"{op.method} {op.path} query {NOT_UTF8}", request, (400, "request_malformed")


EDGES = list(edge_requests())


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    out = tmp_path_factory.mktemp("tryit")
    write(out)
    with make_mock() as fake, in_page_mock(out) as page:
        yield fake, page


def send(base: str, request: dict[str, Any]) -> dict[str, Any]:
    url = urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        # Refused unread (413): the answer was sent before the connection closed.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            connection.request(
                request["method"], request["target"], request["body"], request["headers"]
            )
        reply = connection.getresponse()
        payload = reply.read()
        return {
            "status": reply.status,
            "content-type": reply.getheader("Content-Type"),
            "allow": reply.getheader("Allow"),
            "body": json.loads(payload) if payload else None,
        }
    finally:
        connection.close()


@pytest.mark.parametrize(("label", "request_", "expected"), EDGES, ids=[e[0] for e in EDGES])
def test_both_mocks_give_the_same_documented_answer(
    servers: tuple[str, str], label: str, request_: dict[str, Any], expected: tuple
) -> None:
    fake, page = (send(base, request_) for base in servers)
    assert fake == page, f"{label}: the fake and the in-page mock differ"
    status, code = expected
    assert fake["status"] == status and fake["content-type"] == "application/json", fake
    if code is not None:
        assert int(CATALOGUE[code]["status"]) == status
        assert fake["body"]["error"]["code"] == code, fake
    if request_["method"] == "HEAD":
        assert fake["body"] is None  # GET's answer without its body
    if status == 405:
        assert "GET" not in fake["allow"] or "HEAD" in fake["allow"], fake
