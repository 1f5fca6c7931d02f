"""The reference client `vinr`: what it sends, what it returns, what it raises.

Every call is an operation's `x-vinr-sdk` method with values from the spec (tests/clients/calls.py
and tests/derived.py): the first create, retrieve, update, list and delete of the created
resource, its declared filters and refusals; no operation or id is named here."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import responses
from engine_helpers import fake_api, fake_requests, shared_state

import vinr
from clients.calls import CASES, RETRIEVE, Case, path_values, reply_of
from derived import SPEC, acting, behaviour, of_kind, request_schema, variants
from vinr._http import encode
from vinr_docs.fake import Session
from vinr_docs.fake.rules import API_BASE, PLACEHOLDER_KEY

CREATE = next(c for c in CASES if c.operation == acting("create") and c.id == c.operation.id)
RESOURCE = behaviour(CREATE.operation)["create"]
DECLARED = SPEC.raw["x-vinr-resources"][RESOURCE]
NEW_ID = f"{DECLARED['id_prefix']}NEW1"
[UPDATE, LISTING, DELETE] = [
    next(op for op in of_kind(list(SPEC.operations), kind, RESOURCE) if "of" not in behaviour(op))
    for kind in ("update", "list", "delete")
]


def call(case: Case, *args: object, **params: object) -> object:
    """The case's client method, with other arguments."""
    owner, method = case.sdk["python"].split(".")
    return getattr(getattr(vinr, owner), method)(*args, **params)


def case_of(operation) -> Case:  # noqa: ANN001 - an Operation
    return next(c for c in CASES if c.operation == operation and c.id == operation.id)


@pytest.fixture(autouse=True)
def placeholder_key(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("VINR_SECRET_KEY", PLACEHOLDER_KEY)
    monkeypatch.setattr(vinr, "api_key", None)
    yield


@pytest.fixture
def fake() -> Iterator[Session]:
    session = fake_api().new_session({**shared_state(), "next_ids": [NEW_ID]})
    with fake_requests(session):
        yield session


def test_encode_matches_the_curl_samples_form_encoding() -> None:
    assert encode(
        {
            "email": "a@b.co",
            "limit": 10,
            "expand": ["x", "y"],
            "active": True,
            "metadata": {"plan": "pro"},
            "phone": None,
        }
    ) == [
        ("email", "a@b.co"),
        ("limit", "10"),
        ("expand[]", "x"),
        ("expand[]", "y"),
        ("active", "true"),
        ("metadata[plan]", "pro"),
        ("phone", ""),
    ]


def test_create_sends_a_form_encoded_body_with_the_key_header(fake: Session) -> None:
    call(CREATE, *CREATE.args, **CREATE.params, idempotency_key="k-1")
    sent = fake.exchanges[-1]
    assert sent.headers["x-api-key"] == PLACEHOLDER_KEY
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert sent.headers["idempotency-key"] == "k-1"
    assert sent.form == {k: [str(v)] for k, v in CREATE.params.items()}


def test_returned_objects_serialize_back_to_the_api_json(fake: Session) -> None:
    expanded = next(
        c for c in CASES if c.operation == RETRIEVE.operation and c.id != c.operation.id
    )
    [(name, fields)] = [(k, v) for k, v in expanded.params.items() if isinstance(v, list)]
    obj = call(expanded, *expanded.args, **expanded.params)
    assert type(obj).__name__ == expanded.sdk["python"].split(".")[0]
    assert json.loads(json.dumps(obj)) == fake.exchanges[-1].body
    assert json.dumps(obj) == json.dumps(fake.exchanges[-1].body)  # same key order too
    for field in fields:
        assert getattr(obj, field).id == fake.exchanges[-1].body[field]["id"]  # nested objects
    documented = [
        json.loads((folder / "response.json").read_text())
        for folder in variants(RETRIEVE.operation)
        if all(
            isinstance(json.loads((folder / "response.json").read_text()).get(f), dict)
            for f in fields
        )
    ]
    assert obj.to_dict() in documented, f"no documented reply of {name}={fields}"


def test_every_operation_round_trips(fake: Session) -> None:
    filters = behaviour(LISTING).get("filters") or {}
    unique = {k: f"new{v}" for k, v in CREATE.params.items() if k in filters}
    created = call(CREATE, *CREATE.args, **{**CREATE.params, **unique})
    assert created.id == NEW_ID
    text = next(  # a free-text field the update takes
        k
        for k, schema in (UPDATE.body_schema or {}).get("properties", {}).items()
        if schema.get("type") == "string" and not {"pattern", "format", "enum"} & schema.keys()
    )
    assert getattr(call(case_of(UPDATE), created.id, **{text: "New"}), text) == "New"
    page = call(case_of(LISTING), **unique, limit=5)
    assert isinstance(page, vinr.ListObject)
    assert [c.id for c in page] == [NEW_ID]
    assert all(type(c) is type(created) for c in page.data)
    assert call(case_of(DELETE), created.id) == {**reply_of(DELETE), "id": NEW_ID}


def test_api_key_attribute_wins_over_the_environment(
    fake: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vinr, "api_key", "sk_test_other")
    with pytest.raises(vinr.AuthenticationError) as raised:
        RETRIEVE.python()
    assert raised.value.http_status == 401
    assert fake.exchanges[-1].headers["x-api-key"] == "sk_test_other"


def test_no_key_at_all_fails_before_sending(fake: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VINR_SECRET_KEY")
    with pytest.raises(vinr.AuthenticationError, match="VINR_SECRET_KEY"):
        RETRIEVE.python()
    assert fake.exchanges == []


def invalid_field() -> tuple[str, str]:
    """A body field of the create call with a pattern, and a value off it."""
    import re

    for name in CREATE.params:
        pattern = request_schema(CREATE.operation, name).get("pattern")
        if pattern and not re.search(pattern, "x"):
            return name, "x"
    raise AssertionError("the create operation has no field with a pattern")


def limit_over_maximum() -> tuple[str, int]:
    name = SPEC.raw["x-vinr-pagination"]["limit"]
    return name, request_schema(LISTING, name)["maximum"] + 1


@pytest.mark.parametrize(
    "make_call,param",
    [
        (
            lambda: call(CREATE, **{**CREATE.params, invalid_field()[0]: invalid_field()[1]}),
            invalid_field()[0],
        ),
        (
            lambda: call(RETRIEVE, f"{DECLARED['id_prefix']}0000"),
            path_values(RETRIEVE.operation) and "id",
        ),
        (lambda: call(case_of(LISTING), **dict([limit_over_maximum()])), limit_over_maximum()[0]),
    ],
    ids=["invalid", "missing", "limit"],
)
def test_errors_are_typed_and_carry_the_body(fake: Session, make_call, param) -> None:  # noqa: ANN001
    with pytest.raises(vinr.InvalidRequestError) as raised:
        make_call()
    operation = fake.exchanges[-1].operation
    documented_bodies = [e.body for e in SPEC.operation(operation).error_examples]
    assert raised.value.json_body == fake.exchanges[-1].body
    assert raised.value.param == param
    assert (raised.value.code, raised.value.param) in {
        (b["error"]["code"], b["error"]["param"]) for b in documented_bodies
    }
    assert raised.value.http_status in {e.status for e in SPEC.operation(operation).error_examples}


def test_conflict_is_an_invalid_request_error() -> None:
    """The state a declared refusal describes (e.g. an active subscription) makes the call
    refused with the documented 409."""
    refusing = next(
        op
        for op in SPEC.operations
        if any("exists" in r["if"] for r in behaviour(op).get("refuse", []))
    )
    rule = next(r for r in behaviour(refusing)["refuse"] if "exists" in r["if"])
    [target] = path_values(refusing)
    where = {k: (target if v == "$id" else v) for k, v in rule["if"]["where"].items()}
    collection = SPEC.raw["x-vinr-resources"][rule["if"]["exists"]]["collection"]
    state = {**shared_state(), collection: [{"id": "x_1", **where}]}
    session = fake_api().new_session(state)
    with fake_requests(session), pytest.raises(vinr.InvalidRequestError) as raised:
        call(case_of(refusing), target)
    assert raised.value.http_status == SPEC.errors[rule["error"]].status
    operation = session.exchanges[-1].operation  # the one the fake routed the call to
    documented = (
        fake_api().rules.operations[operation].spec["responses"][str(raised.value.http_status)]
    )
    examples = documented["content"]["application/json"]["examples"].values()
    assert raised.value.json_body in [example["value"] for example in examples]


@pytest.mark.parametrize(
    "status,error",
    [
        (403, vinr.PermissionDeniedError),
        (429, vinr.RateLimitError),
        (500, vinr.APIError),
        (503, vinr.APIError),
        (418, vinr.VinrError),
    ],
)
def test_other_statuses_map_to_their_error_class(status: int, error: type) -> None:
    body = {"error": {"type": "api_error", "code": "x", "param": None, "message": "boom"}}
    with responses.RequestsMock() as mock:
        mock.get(API_BASE + RETRIEVE.path, json=body, status=status)
        with pytest.raises(error, match="boom") as raised:
            RETRIEVE.python()
    assert type(raised.value) is error
    assert raised.value.json_body == body


def test_non_json_replies_and_connection_failures_are_typed() -> None:
    with responses.RequestsMock() as mock:
        mock.get(API_BASE + RETRIEVE.path, body="<html>", status=502)
        with pytest.raises(vinr.APIError, match="Invalid JSON"):
            RETRIEVE.python()
    with responses.RequestsMock(), pytest.raises(vinr.APIConnectionError):
        RETRIEVE.python()
