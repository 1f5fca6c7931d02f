"""The reference client `vinr`: what it sends, what it returns, what it raises."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import responses
from engine_helpers import fake_api, fake_requests, shared_state, snippet_json

import vinr
from vinr._http import encode
from vinr_docs.fake import Session
from vinr_docs.fake.rules import PLACEHOLDER_KEY


@pytest.fixture(autouse=True)
def placeholder_key(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("VINR_SECRET_KEY", PLACEHOLDER_KEY)
    monkeypatch.setattr(vinr, "api_key", None)
    yield


@pytest.fixture
def fake() -> Iterator[Session]:
    session = fake_api().new_session({**shared_state(), "next_ids": ["cust_NEW1"]})
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
    vinr.Customer.create(email="jenny@example.com", name="Jenny Rosen", idempotency_key="k-1")
    sent = fake.exchanges[-1]
    assert sent.headers["x-api-key"] == PLACEHOLDER_KEY
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert sent.headers["idempotency-key"] == "k-1"
    assert sent.form == {"email": ["jenny@example.com"], "name": ["Jenny Rosen"]}


def test_returned_objects_serialize_back_to_the_api_json(fake: Session) -> None:
    customer = vinr.Customer.retrieve("cust_8aZ2", expand=["default_payment_method"])
    assert isinstance(customer, vinr.Customer)
    assert json.loads(json.dumps(customer)) == fake.exchanges[-1].body
    assert json.dumps(customer) == json.dumps(fake.exchanges[-1].body)  # same key order too
    assert customer.default_payment_method.card.last4 == "4242"
    assert customer.to_dict() == snippet_json("customers/retrieve-expanded/response.json")


def test_every_operation_round_trips(fake: Session) -> None:
    created = vinr.Customer.create(email="new@example.com")
    assert created.id == "cust_NEW1"
    assert vinr.Customer.modify(created.id, name="New").name == "New"
    page = vinr.Customer.list(email="new@example.com", limit=5)
    assert isinstance(page, vinr.ListObject)
    assert [c.id for c in page] == ["cust_NEW1"]
    assert all(isinstance(c, vinr.Customer) for c in page.data)
    assert vinr.Customer.delete(created.id) == {"id": "cust_NEW1", "deleted": True}


def test_api_key_attribute_wins_over_the_environment(
    fake: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vinr, "api_key", "sk_test_other")
    with pytest.raises(vinr.AuthenticationError) as raised:
        vinr.Customer.retrieve("cust_8aZ2")
    assert raised.value.http_status == 401
    assert fake.exchanges[-1].headers["x-api-key"] == "sk_test_other"


def test_no_key_at_all_fails_before_sending(fake: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VINR_SECRET_KEY")
    with pytest.raises(vinr.AuthenticationError, match="VINR_SECRET_KEY"):
        vinr.Customer.retrieve("cust_8aZ2")
    assert fake.exchanges == []


@pytest.mark.parametrize(
    "call,error,status,code,param",
    [
        (
            lambda: vinr.Customer.create(email="x", phone="+14155552671"),
            vinr.InvalidRequestError,
            400,
            "parameter_invalid",
            "email",
        ),
        (
            lambda: vinr.Customer.retrieve("cust_0000"),
            vinr.InvalidRequestError,
            404,
            "resource_missing",
            "id",
        ),
        (
            lambda: vinr.Customer.list(limit=500),
            vinr.InvalidRequestError,
            400,
            "parameter_invalid",
            "limit",
        ),
    ],
)
def test_errors_are_typed_and_carry_the_body(
    fake: Session, call, error, status, code, param
) -> None:
    with pytest.raises(error) as raised:
        call()
    assert (raised.value.http_status, raised.value.code, raised.value.param) == (
        status,
        code,
        param,
    )
    assert raised.value.json_body == fake.exchanges[-1].body


def test_conflict_is_an_invalid_request_error() -> None:
    state = {
        **shared_state(),
        "subscriptions": [{"id": "sub_1", "customer": "cust_8aZ2", "status": "active"}],
    }
    session = fake_api().new_session(state)
    with fake_requests(session), pytest.raises(vinr.InvalidRequestError) as raised:
        vinr.Customer.delete("cust_8aZ2")
    assert raised.value.http_status == 409
    operation = session.exchanges[-1].operation  # the one the fake routed the call to
    documented = fake_api().rules.operations[operation].spec["responses"]["409"]
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
        mock.get("https://api.vinr.com/v1/customers/cust_1", json=body, status=status)
        with pytest.raises(error, match="boom") as raised:
            vinr.Customer.retrieve("cust_1")
    assert type(raised.value) is error
    assert raised.value.json_body == body


def test_non_json_replies_and_connection_failures_are_typed() -> None:
    with responses.RequestsMock() as mock:
        mock.get("https://api.vinr.com/v1/customers/cust_1", body="<html>", status=502)
        with pytest.raises(vinr.APIError, match="Invalid JSON"):
            vinr.Customer.retrieve("cust_1")
    with responses.RequestsMock(), pytest.raises(vinr.APIConnectionError):
        vinr.Customer.retrieve("cust_1")
