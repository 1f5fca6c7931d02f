"""The fake VINR API: every status code path, and the documented error bodies word for word."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from engine_helpers import call, shared_state, snippet_json

from vinr_docs.api_rules import API_BASE
from vinr_docs.fake_api import FakeVinr, FixtureError, State

JENNY = snippet_json("customers/retrieve/response.json")


@pytest.fixture
def fake() -> Iterator[FakeVinr]:
    """A fake loaded with the shared state, served to `requests` for the test's duration."""
    api = FakeVinr(State.from_fixture(shared_state()))
    with api.activate():
        yield api


# --- documented error bodies: the fake's contract ---------------------------------------------

DOCUMENTED_ERRORS = {
    "customers/errors/invalid-email.json": (
        "POST", "/v1/customers", {"data": {"email": "jenny@example"}}, 400),
    "customers/errors/invalid-limit.json": ("GET", "/v1/customers", {"params": {"limit": 0}}, 400),
    "customers/errors/not-found.json": ("GET", "/v1/customers/cust_0000", {}, 404),
    "customers/errors/unauthorized.json": ("GET", "/v1/customers", {"key": None}, 401),
    "customers/create-invalid-phone/response.json": (
        "POST", "/v1/customers", {"data": {"email": "jenny@example.com",
                                           "phone": "415-555-2671"}}, 400),
}


@pytest.mark.parametrize("document", sorted(DOCUMENTED_ERRORS))
def test_documented_error_bodies_are_what_the_fake_returns(fake: FakeVinr, document: str) -> None:
    method, path, kwargs, status = DOCUMENTED_ERRORS[document]
    reply = call(method, path, **kwargs)
    assert reply.status_code == status
    assert reply.json() == snippet_json(document)


def test_documented_conflict_body_for_deleting_a_customer_with_subscriptions() -> None:
    state = shared_state()
    state["subscriptions"] = [{"id": "sub_1", "customer": "cust_8aZ2", "status": "active"}]
    with FakeVinr(State.from_fixture(state)).activate():
        reply = call("DELETE", "/v1/customers/cust_8aZ2")
        assert reply.status_code == 409
        assert reply.json() == snippet_json("customers/errors/active-subscriptions.json")
        assert call("GET", "/v1/customers/cust_8aZ2").status_code == 200  # nothing deleted


def test_canceled_subscriptions_do_not_block_deletion() -> None:
    state = shared_state()
    state["subscriptions"] = [{"id": "sub_1", "customer": "cust_8aZ2", "status": "canceled"}]
    with FakeVinr(State.from_fixture(state)).activate():
        assert call("DELETE", "/v1/customers/cust_8aZ2").status_code == 200


# --- 200s --------------------------------------------------------------------------------------


def test_create_hands_out_the_declared_ids_and_timestamps() -> None:
    state = State.from_fixture({"next_ids": ["cust_8aZ2", "cust_3kT7"], "now": 1716300000})
    with FakeVinr(state).activate():
        first = call("POST", "/v1/customers", data={"email": "a@example.com"}).json()
        second = call("POST", "/v1/customers", data={"email": "b@example.com"}).json()
        third = call("POST", "/v1/customers", data={"email": "c@example.com"}).json()
    assert (first["id"], first["created"]) == ("cust_8aZ2", 1716300000)
    assert (second["id"], second["created"]) == ("cust_3kT7", 1716300001)
    assert third["id"] == "cust_0001"  # deterministic fallback once the declared ids run out
    assert list(first) == ["id", "email", "name", "phone", "default_payment_method", "created"]


def test_create_then_retrieve_sees_the_new_customer(fake: FakeVinr) -> None:
    created = call("POST", "/v1/customers", data={"email": "x@example.com", "name": "X"}).json()
    assert call("GET", f"/v1/customers/{created['id']}").json() == created


def test_retrieve_returns_the_stored_customer(fake: FakeVinr) -> None:
    reply = call("GET", "/v1/customers/cust_8aZ2")
    assert reply.status_code == 200
    assert reply.json() == JENNY


def test_retrieve_expands_the_payment_method(fake: FakeVinr) -> None:
    reply = call("GET", "/v1/customers/cust_8aZ2", params={"expand[]": "default_payment_method"})
    assert reply.json() == snippet_json("customers/retrieve-expanded/response.json")


def test_update_changes_only_the_fields_sent(fake: FakeVinr) -> None:
    reply = call("POST", "/v1/customers/cust_8aZ2", data={"name": "Jenny R."})
    assert reply.json() == {**JENNY, "name": "Jenny R."}
    assert call("GET", "/v1/customers/cust_8aZ2").json()["name"] == "Jenny R."


def test_update_with_an_empty_value_clears_an_optional_field(fake: FakeVinr) -> None:
    assert call("POST", "/v1/customers/cust_8aZ2", data={"phone": ""}).json()["phone"] is None


def test_delete_removes_the_customer(fake: FakeVinr) -> None:
    assert call("DELETE", "/v1/customers/cust_8aZ2").json() == {"id": "cust_8aZ2", "deleted": True}
    assert call("GET", "/v1/customers/cust_8aZ2").status_code == 404
    assert call("DELETE", "/v1/customers/cust_8aZ2").status_code == 404


def test_list_filters_by_email_case_insensitively(fake: FakeVinr) -> None:
    call("POST", "/v1/customers", data={"email": "other@example.com"})
    reply = call("GET", "/v1/customers", params={"email": "JENNY@example.com", "limit": 10})
    assert reply.json() == snippet_json("customers/list/response.json")


def list_state() -> State:
    return State.from_fixture({"next_ids": [f"cust_{n}" for n in "ABCDE"]})


def test_list_pages_forward_and_backward_with_has_more() -> None:
    with FakeVinr(list_state()).activate():
        for _ in range(5):
            call("POST", "/v1/customers", data={"email": "p@example.com"})

        def ids(**params: object) -> tuple[list[str], bool]:
            body = call("GET", "/v1/customers", params=params).json()
            return [c["id"] for c in body["data"]], body["has_more"]

        assert ids(limit=2) == (["cust_A", "cust_B"], True)
        assert ids(limit=2, starting_after="cust_B") == (["cust_C", "cust_D"], True)
        assert ids(limit=2, starting_after="cust_D") == (["cust_E"], False)
        assert ids(limit=2, ending_before="cust_E") == (["cust_C", "cust_D"], True)
        assert ids() == (["cust_A", "cust_B", "cust_C", "cust_D", "cust_E"], False)


def test_idempotent_retry_replays_the_first_result(fake: FakeVinr) -> None:
    headers = {"Idempotency-Key": "signup-1"}
    first = call("POST", "/v1/customers", data={"email": "i@example.com"}, headers=headers)
    again = call("POST", "/v1/customers", data={"email": "i@example.com"}, headers=headers)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    listed = call("GET", "/v1/customers", params={"email": "i@example.com"}).json()
    assert len(listed["data"]) == 1


# --- 400s --------------------------------------------------------------------------------------

BAD_REQUESTS = {
    "unknown body param": ("POST", "/v1/customers", {"data": {"email": "a@b.co", "nickname": "J"}},
                           "parameter_unknown", "nickname"),
    "unknown query param": ("GET", "/v1/customers", {"params": {"sort": "name"}},
                            "parameter_unknown", "sort"),
    "param on an endpoint without params": ("DELETE", "/v1/customers/cust_8aZ2",
                                            {"params": {"force": "true"}},
                                            "parameter_unknown", "force"),
    "missing email": ("POST", "/v1/customers", {"data": {"name": "Jenny"}},
                      "parameter_missing", "email"),
    "empty required email": ("POST", "/v1/customers", {"data": {"email": ""}},
                             "parameter_missing", "email"),
    "array where a string goes": ("POST", "/v1/customers", {"data": {"email[]": "a@b.co"}},
                                  "parameter_unknown", "email[]"),
    "repeated string": ("POST", "/v1/customers/cust_8aZ2",
                        {"data": [("name", "A"), ("name", "B")]}, "parameter_invalid", "name"),
    "limit not an integer": ("GET", "/v1/customers", {"params": {"limit": "ten"}},
                             "parameter_invalid", "limit"),
    "limit above 100": ("GET", "/v1/customers", {"params": {"limit": 101}},
                        "parameter_invalid", "limit"),
    "invalid phone on update": ("POST", "/v1/customers/cust_8aZ2", {"data": {"phone": "12"}},
                                "parameter_invalid", "phone"),
    "name too long": ("POST", "/v1/customers", {"data": {"email": "a@b.co", "name": "x" * 257}},
                      "parameter_invalid", "name"),
    "unexpandable field": ("GET", "/v1/customers/cust_8aZ2", {"params": {"expand[]": "email"}},
                           "parameter_invalid", "expand[]"),
    "unknown cursor": ("GET", "/v1/customers", {"params": {"starting_after": "cust_nope"}},
                       "parameter_invalid", "starting_after"),
    "both cursors": ("GET", "/v1/customers",
                     {"params": {"starting_after": "cust_8aZ2", "ending_before": "cust_8aZ2"}},
                     "parameter_invalid", "ending_before"),
    "JSON body": ("POST", "/v1/customers", {"json": {"email": "a@b.co"}},
                  "parameter_invalid", None),
    "idempotency key too long": ("POST", "/v1/customers",
                                 {"data": {"email": "a@b.co"},
                                  "headers": {"Idempotency-Key": "k" * 256}},
                                 "parameter_invalid", "Idempotency-Key"),
}


@pytest.mark.parametrize("case", sorted(BAD_REQUESTS))
def test_bad_requests_get_a_400_naming_the_param(fake: FakeVinr, case: str) -> None:
    method, path, kwargs, code, param = BAD_REQUESTS[case]
    reply = call(method, path, **kwargs)
    assert reply.status_code == 400, reply.text
    error = reply.json()["error"]
    assert (error["type"], error["code"], error["param"]) == ("invalid_request_error", code, param)
    assert error["message"]


def test_reusing_an_idempotency_key_with_other_params_is_refused(fake: FakeVinr) -> None:
    headers = {"Idempotency-Key": "k1"}
    call("POST", "/v1/customers", data={"email": "a@example.com"}, headers=headers)
    reply = call("POST", "/v1/customers", data={"email": "b@example.com"}, headers=headers)
    assert reply.status_code == 400
    assert reply.json()["error"]["code"] == "idempotency_key_in_use"


# --- 401, 404, escapes -------------------------------------------------------------------------


@pytest.mark.parametrize("key", [None, "", "sk_live_real_key"])
def test_missing_or_wrong_key_is_401(fake: FakeVinr, key: str | None) -> None:
    reply = call("GET", "/v1/customers/cust_8aZ2", key=key)
    assert reply.status_code == 401
    assert reply.json() == snippet_json("customers/errors/unauthorized.json")


def test_header_names_are_case_insensitive(fake: FakeVinr) -> None:
    reply = call("GET", "/v1/customers/cust_8aZ2", key=None,
                 headers={"x-api-key": "sk_test_vinr_docs_placeholder"})
    assert reply.status_code == 200


def test_unknown_ids_are_404_on_every_operation(fake: FakeVinr) -> None:
    for method, data in (("GET", None), ("POST", {"name": "x"}), ("DELETE", None)):
        reply = call(method, "/v1/customers/cust_0000", data=data)
        assert reply.status_code == 404
        assert reply.json()["error"]["message"] == "No such customer: cust_0000."


@pytest.mark.parametrize("method,url", [
    ("GET", "https://example.com/"),
    ("GET", f"{API_BASE}/v1/custmers"),
    ("PUT", f"{API_BASE}/v1/customers/cust_8aZ2"),
    ("GET", "http://api.vinr.com/v1/customers"),
])
def test_requests_outside_the_fake_fail_and_are_recorded(method: str, url: str) -> None:
    api = FakeVinr(State.from_fixture(shared_state()))
    with api.activate(), pytest.raises(requests.ConnectionError):
        requests.request(method, url, timeout=5)
    assert api.escaped == [f"{method} {url}"]


def test_every_exchange_is_recorded(fake: FakeVinr) -> None:
    call("POST", "/v1/customers/cust_8aZ2", data={"email": "new@example.com"})
    call("GET", "/v1/customers/cust_0000")
    assert [(e.method, e.path, e.status) for e in fake.exchanges] == [
        ("POST", "/v1/customers/cust_8aZ2", 200), ("GET", "/v1/customers/cust_0000", 404)]
    assert fake.exchanges[0].form == {"email": ["new@example.com"]}


# --- fixtures ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture,message", [
    ({"customer": []}, "unknown key 'customer'"),
    ({"customers": [{"email": "a@b.co"}]}, "'customers' must be a list of objects"),
    ({"customers": [{"id": "user_1"}]}, "must start with 'cust_'"),
    ({"customers": [{"id": "cust_1", "nick": "x"}]}, "unknown field 'nick'"),
    ({"customers": [{"id": "cust_1", "default_payment_method": "pm_x"}]}, "'pm_x' is not in"),
    ({"now": "today"}, "'now' must be an integer"),
    ([], "must be a JSON object"),
])
def test_unusable_fixtures_are_explained(fixture: object, message: str) -> None:
    with pytest.raises(FixtureError, match=message):
        State.from_fixture(fixture)
