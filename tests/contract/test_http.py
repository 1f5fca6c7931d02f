"""The fake's HTTP layer: every malformed or unsupported request gets a documented JSON error
(a code of the spec's `x-vinr-errors`, a status the catalogue gives it), promptly, on the wire;
nothing closes silently, hangs, or answers HTML. Operations and parameters come from the spec."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from jsonschema import Draft202012Validator

from vinr_docs.fake import FakeApi, FakeServer, FixtureError
from vinr_docs.fake.rules import FORM, PLACEHOLDER_KEY, RawRequest
from vinr_docs.spec import load
from vinr_docs.spec.schemas import alternatives
from vinr_docs.tryit.generate import default_fixture  # the state every page's state extends
from vinr_docs.tryit.pages import load_state

ROOT = Path(__file__).resolve().parents[2]
SPEC = load(ROOT / "docs/openapi.yaml")
CATALOGUE = SPEC.raw["x-vinr-errors"]
ERROR_SCHEMA = SPEC.schema("Error")
SHARED = default_fixture(ROOT)
assert SHARED is not None, "the pages share no state.json; these tests start from the shared one"
FIXTURE = load_state(SHARED)
KEY = f"X-Api-Key: {PLACEHOLDER_KEY}\r\n"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: Any
    raw: bytes = b""
    closed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def send(tmp_path) -> Iterator[Any]:
    api = FakeApi.from_file(ROOT / "docs/openapi.yaml")
    session = api.new_session(json.loads(json.dumps(FIXTURE)))
    with FakeServer(api).serving(session) as url:
        host, port = url.removeprefix("http://").split(":")

        def send(request: bytes, head: bool = False) -> Reply:
            with socket.create_connection((host, int(port)), timeout=5) as sock:
                sock.sendall(request)
                return read_reply(sock, head)

        send.session = session
        yield send


def read_reply(sock: socket.socket, head: bool) -> Reply:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)  # a timeout here fails the test: the fake hung
        assert chunk, f"the fake closed the connection without a reply (got {data!r})"
        data += chunk
    top, _, rest = data.partition(b"\r\n\r\n")
    lines = top.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    length = int(headers.get("Content-Length", "0"))
    while not head and len(rest) < length:
        chunk = sock.recv(65536)
        assert chunk, "the reply was cut short"
        rest += chunk
    body = json.loads(rest[:length]) if length and not head else None
    closed = headers.get("Connection", "").lower() == "close"
    return Reply(int(lines[0].split(" ")[1]), headers, body, rest, closed)


def request(method: str, target: str, body: bytes = b"", headers: str = "", key: str = KEY):
    framed = "Content-Length" in headers or "Transfer-Encoding" in headers
    length = f"Content-Length: {len(body)}\r\n" if body and not framed else ""
    head = f"{method} {target} HTTP/1.1\r\nHost: api\r\n{key}{headers}{length}\r\n"
    return head.encode() + body


def documented_error(reply: Reply, code: str) -> None:
    """The reply is the catalogue's `code`: its status, JSON, and a valid Error body."""
    assert reply.headers.get("Content-Type") == "application/json", reply
    assert reply.body["error"]["code"] == code, reply.body
    assert code in CATALOGUE, f"{code} is not in x-vinr-errors"
    assert reply.status == int(CATALOGUE[code]["status"])
    assert not list(Draft202012Validator(ERROR_SCHEMA).iter_errors(reply.body))


def concrete(path: str) -> str:
    """The path with each {param} replaced by the parameter's example."""
    for op in SPEC.operations:
        if op.path == path:
            for param in op.parameters:
                if param.location == "path":
                    value = _param_example(op.path, param.name) or "x"
                    path = path.replace("{" + param.name + "}", value)
    return path


def _param_example(path: str, name: str) -> str | None:
    for item_op in SPEC.raw["paths"][path].values():
        for param in item_op.get("parameters", []) if isinstance(item_op, dict) else []:
            if param.get("name") == name and "example" in param:
                return str(param["example"])
    return None


PATHS = sorted({op.path for op in SPEC.operations})
BODY_OPS = [op for op in SPEC.operations if op.body_schema]
GET_OPS = [op for op in SPEC.operations if op.method == "GET"]
INTEGER_PARAMS = [
    (op, p)
    for op in SPEC.operations
    for p in op.parameters
    if p.location in ("query", "body") and p.schema.get("type") == "integer"
]


def body_example(op) -> dict[str, str]:  # noqa: ANN001
    raw = SPEC.raw["paths"][op.path][op.method.lower()]["requestBody"]["content"][FORM]
    return {k: str(v) for k, v in raw.get("example", {}).items()}


EXAMPLES = {k: v for op in BODY_OPS for k, v in body_example(op).items()}
PATTERN_FIELDS = [
    (op, p)
    for op in BODY_OPS
    for p in op.parameters
    if p.location == "body" and p.schema.get("pattern") and p.name in EXAMPLES
]


@pytest.mark.parametrize("path", PATHS)
def test_undeclared_methods_get_405_with_allow(send, path: str) -> None:
    declared = {op.method for op in SPEC.operations if op.path == path}
    for method in sorted({*METHODS, "TRACE", "OPTIONS"} - declared):
        reply = send(request(method, concrete(path)))
        documented_error(reply, "method_not_allowed")
        allowed = {m.strip() for m in reply.headers["Allow"].split(",")}
        assert allowed == declared | ({"HEAD"} if "GET" in declared else set())


@pytest.mark.parametrize("op", GET_OPS, ids=lambda op: op.path)
def test_head_is_get_without_the_body(send, op) -> None:  # noqa: ANN001
    get = send(request("GET", concrete(op.path)))
    head = send(request("HEAD", concrete(op.path)), head=True)
    assert (head.status, head.headers["Content-Length"]) == (
        get.status,
        get.headers["Content-Length"],
    )
    assert head.raw == b""


@pytest.mark.parametrize("op", BODY_OPS, ids=lambda op: op.path + op.method)
def test_framing_errors_are_json_and_close(send, op) -> None:  # noqa: ANN001
    target = concrete(op.path)
    form = f"Content-Type: {FORM}\r\n"
    big = b"email=" + b"a" * (1 << 20)
    reply = send(request(op.method, target, big, form))
    documented_error(reply, "request_too_large")
    assert reply.closed
    for length in ("abc", "-1", "1, 2", "+3", " "):
        reply = send(request(op.method, target, b"", f"{form}Content-Length: {length}\r\n"))
        documented_error(reply, "request_malformed")
        assert reply.closed, length
    both = f"{form}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"
    documented_error(send(request(op.method, target, b"0\r\n\r\n", both)), "request_malformed")
    bad_chunk = f"{form}Transfer-Encoding: chunked\r\n"
    documented_error(send(request(op.method, target, b"zz\r\n", bad_chunk)), "request_malformed")


@pytest.mark.parametrize("op", BODY_OPS, ids=lambda op: op.path + op.method)
def test_a_chunked_body_is_read(send, op) -> None:  # noqa: ANN001
    body = urlencode(body_example(op)).encode()
    plain = send(request(op.method, concrete(op.path), body, f"Content-Type: {FORM}\r\n"))
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (body[:3], body[3:])) + b"0\r\n\r\n"
    te = f"Content-Type: {FORM}\r\nTransfer-Encoding: chunked\r\n"
    chunked = send(request(op.method, concrete(op.path), chunks, te))
    assert chunked.status == plain.status
    assert send.session.exchanges[-1].form == send.session.exchanges[-2].form != {}


@pytest.mark.parametrize("op", BODY_OPS, ids=lambda op: op.path + op.method)
def test_body_encoding_and_content_type(send, op) -> None:  # noqa: ANN001
    target = concrete(op.path)
    field_name = next(iter(body_example(op)))
    for body in (f"{field_name}=caf\xe9".encode("latin-1"), f"{field_name}=%E9".encode()):
        reply = send(request(op.method, target, body, f"Content-Type: {FORM}\r\n"))
        documented_error(reply, "request_malformed")
    body = urlencode(body_example(op)).encode()
    for media in (f"{FORM}XYZ", "application/json", "text/plain", f"{FORM}; charset=latin-1"):
        reply = send(request(op.method, target, body, f"Content-Type: {media}\r\n"))
        documented_error(reply, "content_type_unsupported")
    ok = send(request(op.method, target, body, f"Content-Type: {FORM}; charset=UTF-8\r\n"))
    assert ok.status < 400 or ok.body["error"]["code"] != "content_type_unsupported"


@pytest.mark.parametrize(("op", "param"), INTEGER_PARAMS, ids=lambda x: getattr(x, "name", ""))
def test_integers_are_plain_ascii_decimals(send, op, param) -> None:  # noqa: ANN001
    for literal in (" 1", "+5", "05", "\uff11", "\u0663", "1_0", "1 ", "0x1"):
        target = concrete(op.path) + "?" + urlencode({param.name: literal})
        reply = send(request(op.method, target))
        documented_error(reply, "parameter_invalid")
        assert reply.body["error"]["param"] == param.name, literal


@pytest.mark.parametrize(("op", "param"), INTEGER_PARAMS, ids=lambda x: getattr(x, "name", ""))
def test_a_repeated_parameter_is_refused(send, op, param) -> None:  # noqa: ANN001
    target = concrete(op.path) + "?" + urlencode([(param.name, "1"), (param.name, "2")])
    reply = send(request(op.method, target))
    documented_error(reply, "parameter_invalid")
    assert reply.body["error"]["param"] == param.name


def test_an_empty_path_segment_is_no_route(send) -> None:
    for path in PATHS:
        reply = send(request("GET", "/" + concrete(path)))
        assert reply.status == 404 and reply.body["error"]["code"] == "route_unknown"


@pytest.mark.parametrize(("op", "param"), PATTERN_FIELDS, ids=lambda x: getattr(x, "name", ""))
def test_pattern_end_does_not_match_before_a_trailing_newline(send, op, param) -> None:  # noqa: ANN001
    values = {**body_example(op), param.name: EXAMPLES[param.name] + "\n"}
    body = urlencode(values).encode()
    reply = send(request(op.method, concrete(op.path), body, f"Content-Type: {FORM}\r\n"))
    documented_error(reply, "parameter_invalid")
    assert reply.body["error"]["param"] == param.name


def test_the_reply_check_notices_a_stored_value_that_breaks_the_schema() -> None:
    """A fixture value with a trailing newline where the reply schema has a `pattern`: the
    fake serves it, and its own reply check must say the reply breaks the spec."""
    api = FakeApi.from_file(ROOT / "docs/openapi.yaml")
    checked = 0
    for op in GET_OPS:
        ident = next((p.name for p in op.parameters if p.location == "path"), None)
        schema = op.response_schema("200") or {}
        if ident is None or "properties" not in schema:
            continue
        wanted = _param_example(op.path, ident)
        for items in (v for v in FIXTURE.values() if isinstance(v, list)):
            stored = next((i for i in items if i.get("id") == wanted), None)
            for name, prop in schema["properties"].items():
                patterns = [alt.get("pattern") for alt in alternatives(prop)]
                if name == ident or stored is None or not any(patterns):
                    continue
                if not isinstance(stored.get(name), str):
                    continue
                state = json.loads(json.dumps(FIXTURE))
                next(
                    i
                    for i in state[[k for k, v in FIXTURE.items() if v is items][0]]
                    if i["id"] == wanted
                )[name] += "\n"
                try:
                    session = api.new_session(state)
                except FixtureError:  # a reference the fixture itself checks
                    continue
                exchange = api.handle(
                    session,
                    RawRequest("GET", concrete(op.path), "", {"X-Api-Key": PLACEHOLDER_KEY}),
                )
                assert exchange.status == 200
                assert any(p.kind == "fake_bug" and name in p.message for p in exchange.problems), (
                    op.id,
                    name,
                    exchange.problems,
                )
                checked += 1
    assert checked, "no stored value with a pattern is served by a GET operation"
