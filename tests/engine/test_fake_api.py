"""The spec-driven fake: routing, validation and error bodies from docs/openapi.yaml, the small
stateful handlers, and the fidelity decisions the page documents. Requests go over real HTTP to
the loopback server, as samples send them."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

import pytest
import requests
from engine_helpers import SPEC, fake_api, shared_state

from derived import SPEC as DERIVED_SPEC
from derived import acting, behaviour, raw, resource
from servers import make_mock
from vinr_docs.fake import ApiRules, FakeApi, FakeServer, FixtureError, Session
from vinr_docs.fake.app import IDEMPOTENCY_WINDOW
from vinr_docs.fake.plan import PlanError
from vinr_docs.fake.rules import PLACEHOLDER_KEY, ApiError, RawRequest

KEY = {"X-Api-Key": PLACEHOLDER_KEY}


def at(operation: object, value: str) -> str:
    """The operation's path with `value` for its path parameter."""
    return re.sub(r"\{[^}]+\}", value, operation.path)  # type: ignore[attr-defined]


# The operations these tests call, found by declared behaviour, and the objects they use, from
# the shared state and x-vinr-resources: never named (issue 17 item 5).
CREATE, LIST, RETRIEVE, UPDATE, DELETE = map(
    acting, ("create", "list", "retrieve", "update", "delete")
)
NAME = behaviour(RETRIEVE)["retrieve"]  # the resource they act on
COLLECTION, PREFIX = resource(RETRIEVE)["collection"], resource(RETRIEVE)["id_prefix"]
# Its first declared reference: a field holding the ID of another resource's object.
REF_FIELD, REF_TARGET = next(iter(resource(RETRIEVE)["references"].items()))
REF_COLLECTION = DERIVED_SPEC.raw["x-vinr-resources"][REF_TARGET]["collection"]
REF_PREFIX = DERIVED_SPEC.raw["x-vinr-resources"][REF_TARGET]["id_prefix"]
FIRST = shared_state()[COLLECTION][0]  # the first object of the shared state
ID, MISSING_ID, OLD_ID = FIRST["id"], f"{PREFIX}0000", f"{PREFIX}OLD"
RETRIEVE_AT, UPDATE_AT, DELETE_AT = (at(op, ID) for op in (RETRIEVE, UPDATE, DELETE))
CHANGES = ("created", "updated", "deleted")  # the events create, update and delete emit
# What the delete operation's first declared refusal looks for (an object of another resource
# pointing at ID), built from its `refuse: - if: {exists: …, where: …}`.
_REFUSAL = behaviour(DELETE)["refuse"][0]["if"]
BLOCKER_COLLECTION = DERIVED_SPEC.raw["x-vinr-resources"][_REFUSAL["exists"]]["collection"]
BLOCKER = {
    "id": "blocker_1",
    **{k: ID if v == "$id" else v for k, v in _REFUSAL["where"].items()},
}


class Client:
    """Raw HTTP against one session of the fake."""

    def __init__(self, session: Session, url: str) -> None:
        self.session, self.url = session, url

    def __call__(
        self,
        method: str,
        path: str,
        *,
        key: str | None = PLACEHOLDER_KEY,
        headers: dict[str, str] | None = None,
        **kwargs: object,
    ) -> requests.Response:
        sent = {**({"X-Api-Key": key} if key is not None else {}), **(headers or {})}
        return requests.request(method, self.url + path, headers=sent, timeout=5, **kwargs)


@pytest.fixture
def call() -> Iterator[Client]:
    session = fake_api().new_session({**shared_state(), "next_ids": [f"{PREFIX}NEW1"]})
    with FakeServer(fake_api()).serving(session) as url:
        yield Client(session, url)


def documented_errors(operation: str) -> list[dict]:
    """Every error body the spec documents for `operation` (its response examples)."""
    spec = fake_api().rules.operations[operation].spec
    return [
        example["value"]
        for status, response in spec["responses"].items()
        if status.startswith("4")
        for example in response["content"]["application/json"].get("examples", {}).values()
    ]


def error(reply: requests.Response) -> tuple[int, str, str | None]:
    body = reply.json()["error"]
    return reply.status_code, body["code"], body["param"]


def test_every_operation_in_the_spec_has_a_handler_and_is_routed(call: Client) -> None:
    for operation in fake_api().rules.operations.values():
        path = at(operation, ID)
        raw = RawRequest(operation.method, path, "", KEY)
        assert fake_api().rules.route(raw).id == operation.id


def test_the_most_specific_path_wins() -> None:
    spec = copy.deepcopy(ApiRules.from_file(SPEC).raw)
    retrieve = raw(RETRIEVE, spec)
    # A literal path beside the retrieve operation's templated one: `/…/search` next to `/…/{id}`.
    search = re.sub(r"\{[^}]+\}$", "search", RETRIEVE.path)
    assert search != RETRIEVE.path, f"{RETRIEVE.path} does not end with its path parameter"
    spec["paths"][search] = {
        "get": {**copy.deepcopy(retrieve), "operationId": "searchThings", "parameters": []}
    }
    rules = ApiRules(spec)
    assert rules.route(RawRequest("GET", search, "", KEY)).id == "searchThings"
    assert rules.route(RawRequest("GET", at(RETRIEVE, f"{PREFIX}1"), "", KEY)).id == RETRIEVE.id


def test_a_spec_operation_without_declared_behaviour_is_refused_at_start() -> None:
    """A copy of an operation whose x-vinr-behaviour is removed: the fake refuses to start,
    naming the operation and the spec line where the declaration belongs."""
    spec = copy.deepcopy(ApiRules.from_file(SPEC).raw)
    route, item = next(iter(spec["paths"].items()))
    method, operation = next((m, o) for m, o in item.items() if "operationId" in o)
    copied = {k: v for k, v in copy.deepcopy(operation).items() if k != "x-vinr-behaviour"}
    copied["operationId"] = operation["operationId"] + "Copy"
    spec["paths"][route + "/copy"] = {method: copied}
    with pytest.raises(PlanError, match=f"{copied['operationId']} declares no x-vinr-behaviour"):
        FakeApi(ApiRules(spec))


def test_unknown_route_is_recorded_as_a_problem(call: Client) -> None:
    reply = call("GET", "/v1/charges")
    assert reply.status_code == 404
    [exchange] = call.session.exchanges
    assert exchange.operation is None and exchange.problems[0].kind == "route_unknown"


def test_replies_name_the_operation_and_conform_to_the_spec(call: Client) -> None:
    call("POST", CREATE.path, data={"email": "a@example.com"})
    call("GET", LIST.path, params={"limit": 1})
    call("DELETE", DELETE_AT)
    assert [e.operation for e in call.session.exchanges] == [CREATE.id, LIST.id, DELETE.id]
    assert all(not e.problems for e in call.session.exchanges)


def test_a_reply_that_breaks_the_schema_is_a_fake_bug(
    call: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vinr_docs.fake import handlers

    def broken(ctx, step, values):  # noqa: ANN001, ANN202
        ctx.reply = 200, {"id": values["id"], "email_address": "x"}

    monkeypatch.setitem(handlers.STEPS, "reply", broken)
    call("GET", RETRIEVE_AT)
    [exchange] = call.session.exchanges
    assert [p.kind for p in exchange.problems] == ["fake_bug"]
    assert "email_address" in exchange.problems[0].message


@pytest.mark.parametrize("key", [None, "sk_test_wrong"])
def test_missing_or_wrong_key_gives_the_documented_401(call: Client, key: str | None) -> None:
    reply = call("GET", RETRIEVE_AT, key=key)
    assert reply.status_code == 401
    assert reply.json() in documented_errors(RETRIEVE.id)


@pytest.mark.parametrize(
    "method,path,kwargs,expected",
    [
        (
            "POST",
            CREATE.path,
            {"data": {"email": "a@b..com"}},
            (400, "parameter_invalid", "email"),
        ),
        (
            "POST",
            CREATE.path,
            {"data": {"email": "jenny@example.com."}},
            (400, "parameter_invalid", "email"),
        ),
        (
            "POST",
            CREATE.path,
            {"data": {"email": "a@example.com", "phone": "+1 415"}},
            (400, "parameter_invalid", "phone"),
        ),
        ("POST", CREATE.path, {"data": {"name": "x"}}, (400, "parameter_missing", "email")),
        (
            "POST",
            CREATE.path,
            {"data": {"email": "a@example.com", "sort": "x"}},
            (400, "parameter_unknown", "sort"),
        ),
        (
            "POST",
            CREATE.path,
            {"data": {"email": "a@example.com"}, "headers": {"Idempotency-Key": ""}},
            (400, "parameter_invalid", "Idempotency-Key"),
        ),
        (
            "POST",
            UPDATE_AT,
            {"data": {"email": ""}},
            (400, "parameter_invalid", "email"),
        ),
        (
            "POST",
            UPDATE_AT,
            {"data": {REF_FIELD: f"{REF_PREFIX}nope"}},
            (409, "reference_missing", REF_FIELD),
        ),
        (
            "POST",
            UPDATE_AT,
            {"data": {REF_FIELD: "card_1"}},  # not the referenced resource's ID prefix
            (400, "parameter_invalid", REF_FIELD),
        ),
        (
            "GET",
            LIST.path,
            {"params": {"starting_after": MISSING_ID}},
            (404, "resource_missing", "starting_after"),
        ),
        ("GET", LIST.path, {"params": {"limit": 0}}, (400, "parameter_invalid", "limit")),
        ("GET", LIST.path, {"params": {"limit": "ten"}}, (400, "parameter_invalid", "limit")),
        (
            "GET",
            LIST.path,
            {"params": {"sort": "created"}},
            (400, "parameter_unknown", "sort"),
        ),
        (
            "GET",
            LIST.path,
            {"params": {"starting_after": ID, "ending_before": ID}},
            (400, "parameter_invalid", None),
        ),
        (
            "GET",
            RETRIEVE_AT,
            {"params": {"expand[]": "card"}},
            (400, "parameter_invalid", "expand[]"),
        ),
        ("GET", at(RETRIEVE, MISSING_ID), {}, (404, "resource_missing", "id")),
    ],
)
def test_invalid_requests_get_the_documented_error(
    call: Client, method: str, path: str, kwargs: dict, expected: tuple
) -> None:
    reply = call(method, path, **kwargs)
    assert error(reply) == expected
    assert not call.session.exchanges[-1].problems  # the error body conforms to the spec


def test_documented_error_bodies_are_what_the_fake_answers(call: Client) -> None:
    assert call(
        "POST", CREATE.path, data={"email": "jenny@example.com", "phone": "415-555-2671"}
    ).json() in documented_errors(CREATE.id)
    assert call("GET", at(RETRIEVE, MISSING_ID)).json() in documented_errors(RETRIEVE.id)
    assert call("GET", LIST.path, params={"limit": 500}).json() in documented_errors(LIST.id)


def test_json_body_is_refused_with_the_form_encoding_message(call: Client) -> None:
    reply = call("POST", CREATE.path, json={"email": "a@example.com"})
    assert reply.status_code == 415 and "form-encoded" in reply.json()["error"]["message"]


def test_update_changes_only_the_fields_sent_and_accepts_a_payment_method(call: Client) -> None:
    before = call("GET", RETRIEVE_AT).json()
    after = call("POST", UPDATE_AT, data={"name": "J. Rosen"}).json()
    assert after == {**before, "name": "J. Rosen"}
    pm = call(
        "POST",
        UPDATE_AT,
        data={"default_payment_method": before["default_payment_method"]},
    )
    assert pm.status_code == 200


def test_list_is_ordered_by_created_whatever_the_fixture_order() -> None:
    state = shared_state()
    state[COLLECTION] = [
        {**c, "created": 1716300000 - i * 60}
        for i, c in enumerate(
            state[COLLECTION] + [{**state[COLLECTION][0], "id": OLD_ID, "email": "o@x.io"}]
        )
    ]
    session = fake_api().new_session(state)
    with FakeServer(fake_api()).serving(session) as url:
        data = Client(session, url)("GET", LIST.path).json()["data"]
    assert [c["created"] for c in data] == sorted(c["created"] for c in data)
    assert data[0]["id"] == OLD_ID


def test_pagination_walks_forward_and_back() -> None:
    state = {"next_ids": [f"{PREFIX}{i}" for i in range(5)]}
    session = fake_api().new_session(state)
    with FakeServer(fake_api()).serving(session) as url:
        call = Client(session, url)
        for i in range(5):
            call("POST", CREATE.path, data={"email": f"c{i}@example.com"})
        first = call("GET", LIST.path, params={"limit": 2}).json()
        second = call(
            "GET", LIST.path, params={"limit": 2, "starting_after": first["data"][-1]["id"]}
        ).json()
        back = call(
            "GET", LIST.path, params={"limit": 2, "ending_before": second["data"][0]["id"]}
        ).json()
    assert [c["id"] for c in first["data"]] == [f"{PREFIX}0", f"{PREFIX}1"] and first["has_more"]
    assert [c["id"] for c in second["data"]] == [f"{PREFIX}2", f"{PREFIX}3"] and second["has_more"]
    assert back["data"] == first["data"]


def test_idempotency_replays_within_24_hours_and_not_after() -> None:
    now = [1000.0]
    session = fake_api().new_session({}, clock=lambda: now[0])
    with FakeServer(fake_api()).serving(session) as url:
        call = Client(session, url)
        headers = {"Idempotency-Key": "k-1"}
        first = call("POST", CREATE.path, headers=headers, data={"email": "a@example.com"})
        replay = call("POST", CREATE.path, headers=headers, data={"email": "a@example.com"})
        clash = call("POST", CREATE.path, headers=headers, data={"email": "b@example.com"})
        now[0] += IDEMPOTENCY_WINDOW + 1
        later = call("POST", CREATE.path, headers=headers, data={"email": "a@example.com"})
    assert replay.json() == first.json() and replay.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert error(clash) == (400, "idempotency_key_in_use", "Idempotency-Key")
    assert later.json()["id"] != first.json()["id"]


def test_delete_with_active_subscriptions_is_the_documented_409() -> None:
    state = {
        **shared_state(),
        BLOCKER_COLLECTION: [BLOCKER],
    }
    session = fake_api().new_session(state)
    with FakeServer(fake_api()).serving(session) as url:
        reply = Client(session, url)("DELETE", DELETE_AT)
    assert reply.status_code == 409 and reply.json() in documented_errors(DELETE.id)


def test_changes_emit_events_with_previous_attributes(call: Client) -> None:
    call("POST", CREATE.path, data={"email": "a@example.com"})
    call("POST", UPDATE_AT, data={"email": "new@example.com"})
    call("DELETE", DELETE_AT)
    events = call.session.events
    assert [e.type for e in events] == [f"{NAME}.{change}" for change in CHANGES]
    assert events[1].payload["data"]["previous_attributes"] == {"email": FIRST["email"]}


def test_state_is_per_session() -> None:
    one, two = fake_api().new_session(shared_state()), fake_api().new_session(shared_state())
    server = FakeServer(fake_api())
    with server.serving(one) as url:
        Client(one, url)("DELETE", DELETE_AT)
    with server.serving(two) as url:
        assert Client(two, url)("GET", RETRIEVE_AT).status_code == 200


@pytest.mark.parametrize(
    "fixture,message",
    [
        ([], "must be a JSON object"),
        ({NAME: []}, f"unknown key '{NAME}'"),
        ({COLLECTION: [{"id": f"{PREFIX}1", "mail": "x"}]}, "unknown field 'mail'"),
        (
            {COLLECTION: [{"id": f"{PREFIX}1", REF_FIELD: f"{REF_PREFIX}x"}]},
            re.escape(f"not in '{REF_COLLECTION}"),
        ),
        ({"now": "soon"}, "'now' must be an integer"),
    ],
)
def test_unusable_fixtures_say_why(fixture: object, message: str) -> None:
    with pytest.raises(FixtureError, match=message):
        fake_api().new_session(fixture)


def test_a_crash_in_a_handler_is_a_500_and_a_fake_bug(
    call: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vinr_docs.fake import handlers

    def crash(ctx, step, values):  # noqa: ANN001, ANN202
        raise KeyError("boom")

    monkeypatch.setitem(handlers.STEPS, "page", crash)
    assert call("GET", LIST.path).status_code == 500
    [exchange] = call.session.exchanges
    assert (
        exchange.problems[0].kind == "fake_bug"
        and "KeyError: 'boom'" in exchange.problems[0].message
    )


def test_make_mock_serves_the_fake_with_the_page_state() -> None:
    with make_mock() as url:
        reply = requests.get(f"{url}{LIST.path}", headers=KEY, timeout=5)
    ids = [c["id"] for c in reply.json()["data"]]
    assert ids == [
        c["id"] for c in sorted(shared_state()[COLLECTION], key=lambda c: (c["created"], c["id"]))
    ]


def test_expanding_the_same_field_twice_expands_it_once(call: Client) -> None:
    once = call("GET", RETRIEVE_AT, params={"expand[]": "default_payment_method"})
    twice = call("GET", RETRIEVE_AT, params=[("expand[]", "default_payment_method")] * 2)
    assert twice.status_code == 200 and twice.json() == once.json()
    assert not any(e.problems for e in call.session.exchanges)


def test_request_checks_are_memoized_per_request_and_hand_out_copies(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The four tabs send one request: openapi-core runs once for it, a different value or an
    added header runs it again, and a caller changing its values cannot change the next reply."""
    rules = ApiRules.from_file(SPEC)
    create = rules.operations[CREATE.id]
    calls: list[str] = []
    unmarshal = rules.openapi.unmarshal_request
    monkeypatch.setattr(
        rules.openapi, "unmarshal_request", lambda r: calls.append(r.path) or unmarshal(r)
    )
    form = {**KEY, "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "curl"}

    def check(body: bytes, **headers: str) -> dict:
        return rules.check_request(
            create, RawRequest("POST", CREATE.path, "", {**form, **headers}, body)
        )

    first = check(b"email=jenny%40example.com")
    first["email"] = "changed"
    assert check(b"email=jenny%40example.com", **{"User-Agent": "node"}) == {
        "email": "jenny@example.com"
    }
    assert len(calls) == 1  # a header validation does not read leaves the check shared
    check(b"email=other%40example.com")
    check(b"email=jenny%40example.com", **{"Idempotency-Key": "k1"})
    assert len(calls) == 3
    for _ in range(2):  # an error is memoized too, and raised afresh each time
        with pytest.raises(ApiError) as raised:
            check(b"email=not-an-email")
        assert raised.value.body["error"]["param"] == "email"
        raised.value.body["error"]["param"] = "tampered"
    assert len(calls) == 4
