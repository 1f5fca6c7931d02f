"""A small, stateful, in-memory VINR API, served to `requests` through `responses`.

One `FakeVinr` per sample run: it starts from the sample's declared state (`state.json`), checks
every request against the rules in `api_rules` (API key, unknown/missing/invalid parameters),
applies it to its in-memory store, and records each exchange. Ids and timestamps come from the
state, so documented responses can be compared exactly. Any request that matches no endpoint
is refused by `responses` and reported as having escaped the fake.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import responses
from requests.structures import CaseInsensitiveDict

from vinr_docs.api_rules import (
    API_BASE,
    API_KEY_HEADER,
    CUSTOMER,
    ENDPOINTS,
    ERROR_STATUS,
    FORMATS,
    IDEMPOTENCY_HEADER,
    MESSAGES,
    PLACEHOLDER_KEY,
    Endpoint,
    Param,
)

FORM = "application/x-www-form-urlencoded"
DEFAULT_NOW = 1716300000
STATE_KEYS = ("customers", "payment_methods", "subscriptions", "next_ids", "now")


class FixtureError(ValueError):
    """A state declaration the fake cannot load; the message says what is wrong."""


class ApiError(Exception):
    """An error reply: raised by validation and handlers, rendered as the API's error body."""

    def __init__(self, code: str, param: str | None = None, template: str | None = None,
                 **values: Any) -> None:
        status, error_type = ERROR_STATUS[code]
        message = MESSAGES[template or code].format(param=param, **values)
        super().__init__(message)
        self.status = status
        self.body = {"error": {"type": error_type, "code": code, "param": param,
                               "message": message}}


def invalid(param: Param, template: str, **values: Any) -> ApiError:
    """A parameter_invalid error for `param` (named as sent: `expand[]` for arrays)."""
    return ApiError("parameter_invalid", wire_name(param), template, **{**asdict(param), **values})


@dataclass
class Exchange:
    """One request the fake received and the reply it gave (status None: nothing matched)."""

    method: str
    url: str
    headers: CaseInsensitiveDict  # lookups ignore case, as HTTP does
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    status: int | None = None
    body: Any = None

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    def params(self) -> dict[str, list[str]]:
        return {**self.query, **self.form}


@dataclass
class State:
    """The fake's store, loaded from a sample's `state.json` (see `from_fixture`)."""

    customers: dict[str, dict[str, Any]] = field(default_factory=dict)
    payment_methods: dict[str, dict[str, Any]] = field(default_factory=dict)
    subscriptions: list[dict[str, Any]] = field(default_factory=list)
    next_ids: list[str] = field(default_factory=list)
    now: int = DEFAULT_NOW
    issued: int = 0

    @classmethod
    def from_fixture(cls, data: Any) -> State:
        """Build the store from a fixture::

            {"customers": [{...customer object...}, ...],      # in creation order
             "payment_methods": [{"id": "pm_9bR3", "type": "card", "card": {...}}],
             "subscriptions": [{"id": "sub_1", "customer": "cust_8aZ2", "status": "active"}],
             "next_ids": ["cust_8aZ2"],   # ids handed out by the next creates, in order
             "now": 1716300000}           # `created` of the next object (+1 per object)

        Every key is optional. Raises FixtureError on anything the fake would misread.
        """
        if not isinstance(data, dict):
            raise FixtureError("the state must be a JSON object")
        if unknown := sorted(set(data) - set(STATE_KEYS)):
            raise FixtureError(f"unknown key {unknown[0]!r} (allowed: {', '.join(STATE_KEYS)})")
        state = cls(now=_int(data.get("now", DEFAULT_NOW), "now"))
        state.next_ids = [str(i) for i in data.get("next_ids", [])]
        state.payment_methods = {pm["id"]: pm for pm in _objects(data, "payment_methods")}
        state.subscriptions = _objects(data, "subscriptions")
        for item in _objects(data, "customers"):
            state.customers[item["id"]] = _customer_from_fixture(item, state)
        return state

    def new_id(self, prefix: str) -> str:
        for index, candidate in enumerate(self.next_ids):
            if candidate.startswith(prefix):
                return self.next_ids.pop(index)
        self.issued += 1
        return f"{prefix}{self.issued:04d}"

    def tick(self) -> int:
        self.now += 1
        return self.now - 1


def _int(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise FixtureError(f"{name!r} must be an integer, not {value!r}")
    return value


def _objects(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = data.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) and "id" in i for i in items):
        raise FixtureError(f"{key!r} must be a list of objects that each have an 'id'")
    return items


def _customer_from_fixture(item: dict[str, Any], state: State) -> dict[str, Any]:
    if unknown := sorted(set(item) - set(CUSTOMER.fields)):
        raise FixtureError(f"customer {item['id']}: unknown field {unknown[0]!r}")
    if not str(item["id"]).startswith(CUSTOMER.prefix):
        raise FixtureError(f"customer id {item['id']!r} must start with {CUSTOMER.prefix!r}")
    pm = item.get("default_payment_method")
    if pm is not None and pm not in state.payment_methods:
        raise FixtureError(
            f"customer {item['id']}: default_payment_method {pm!r} is not in 'payment_methods'"
        )
    customer = {name: item.get(name) for name in CUSTOMER.fields}
    if customer["created"] is None:
        customer["created"] = state.tick()
    return customer


# --- request validation (interprets api_rules.Endpoint) -------------------------------------


def wire_name(param: Param) -> str:
    return f"{param.name}[]" if param.type == "array" else param.name


def validate(endpoint: Endpoint, sent: dict[str, list[str]]) -> dict[str, Any]:
    """Check `sent` against the endpoint's parameters; return the typed values that were sent."""
    declared = {wire_name(p): p for p in endpoint.params}
    for name in sent:
        if name not in declared:
            raise ApiError("parameter_unknown", name)
    values: dict[str, Any] = {}
    for wire, param in declared.items():
        if wire not in sent:
            if param.required:
                raise ApiError("parameter_missing", param.name)
            continue
        values[param.name] = _check(param, sent[wire])
    return values


def _check(param: Param, raw: list[str]) -> Any:
    if param.type == "array":
        for item in raw:
            if param.enum and item not in param.enum:
                raise invalid(param, "enum", choices=", ".join(param.enum))
        return raw
    if len(raw) != 1:
        raise invalid(param, "type:string")
    value = raw[0]
    if value == "":
        if param.required:
            raise ApiError("parameter_missing", param.name)
        return None  # an empty value clears an optional field
    if param.type == "integer":
        return _check_integer(param, value)
    if param.format and not re.fullmatch(FORMATS[param.format], value):
        raise invalid(param, f"format:{param.format}")
    if param.max_length is not None and len(value) > param.max_length:
        raise invalid(param, "max_length")
    if param.enum and value not in param.enum:
        raise invalid(param, "enum", choices=", ".join(param.enum))
    return value


def _check_integer(param: Param, value: str) -> int:
    bounded = param.minimum is not None or param.maximum is not None
    template = "range" if bounded else "type:integer"
    if not re.fullmatch(r"-?[0-9]+", value):
        raise invalid(param, template)
    number = int(value)
    low = param.minimum if param.minimum is not None else number
    high = param.maximum if param.maximum is not None else number
    if not low <= number <= high:
        raise invalid(param, template)
    return number


# --- operations ------------------------------------------------------------------------------

Reply = tuple[int, Any]


def _render(state: State, customer: dict[str, Any], expand: list[str] | None = None) -> dict:
    rendered = dict(customer)
    for name in expand or ():
        if rendered.get(name) is not None:
            rendered[name] = state.payment_methods[rendered[name]]
    return rendered


def _find(state: State, customer_id: str) -> dict[str, Any]:
    if customer_id not in state.customers:
        raise ApiError("resource_missing", "id", id=customer_id)
    return state.customers[customer_id]


def create(state: State, path: dict[str, str], values: dict[str, Any]) -> Reply:
    customer = {name: values.get(name) for name in CUSTOMER.fields}
    customer["id"] = state.new_id(CUSTOMER.prefix)
    customer["created"] = state.tick()
    state.customers[customer["id"]] = customer
    return 200, _render(state, customer)


def retrieve(state: State, path: dict[str, str], values: dict[str, Any]) -> Reply:
    return 200, _render(state, _find(state, path["id"]), values.get("expand"))


def update(state: State, path: dict[str, str], values: dict[str, Any]) -> Reply:
    customer = _find(state, path["id"])
    customer.update(values)  # partial update: only the fields sent change
    return 200, _render(state, customer)


def delete(state: State, path: dict[str, str], values: dict[str, Any]) -> Reply:
    customer = _find(state, path["id"])
    if any(s.get("customer") == customer["id"] and s.get("status") == "active"
           for s in state.subscriptions):
        raise ApiError("customer_has_active_subscriptions", id=customer["id"])
    del state.customers[customer["id"]]
    return 200, {"id": customer["id"], "deleted": True}


def list_(state: State, path: dict[str, str], values: dict[str, Any]) -> Reply:
    after, before = values.get("starting_after"), values.get("ending_before")
    if after and before:
        raise ApiError("parameter_invalid", "ending_before", "cursors_combined")
    ids = list(state.customers)
    for name, cursor in (("starting_after", after), ("ending_before", before)):
        if cursor and cursor not in state.customers:
            raise ApiError("parameter_invalid", name, "cursor")
    if after:
        ids = ids[ids.index(after) + 1:]
    elif before:
        ids = ids[: ids.index(before)]
    if email := values.get("email"):
        ids = [i for i in ids if (state.customers[i]["email"] or "").lower() == email.lower()]
    limit = values.get("limit") or 10
    page = ids[-limit:] if before else ids[:limit]
    data = [_render(state, state.customers[i]) for i in page]
    return 200, {"object": "list", "data": data, "has_more": len(ids) > limit}


HANDLERS: dict[str, Callable[[State, dict[str, str], dict[str, Any]], Reply]] = {
    "create": create, "retrieve": retrieve, "update": update, "delete": delete, "list": list_,
}


# --- HTTP layer ------------------------------------------------------------------------------


def url_pattern(endpoint: Endpoint) -> re.Pattern[str]:
    """`/v1/customers/{id}` → a regex on the full URL with a named group per path parameter."""
    path = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/?#]+)", re.escape(endpoint.path))
    return re.compile(rf"^{re.escape(API_BASE)}{path}(?:\?.*)?$")


class FakeVinr:
    """The fake API. `handle()` answers one request; `activate()` serves it to `requests`."""

    def __init__(self, state: State | None = None, api_key: str = PLACEHOLDER_KEY) -> None:
        self.state = state or State()
        self.api_key = api_key
        self.exchanges: list[Exchange] = []
        self.escaped: list[str] = []
        self._idempotency: dict[str, tuple[str, Reply]] = {}

    def handle(self, endpoint: Endpoint, method: str, url: str, headers: dict[str, str],
               body: str | bytes | None) -> tuple[int, dict[str, str], str]:
        """Answer one request routed to `endpoint`; record it; return status, headers, JSON."""
        parts = urlsplit(url)
        text = body.decode() if isinstance(body, bytes) else (body or "")
        exchange = Exchange(method, url, CaseInsensitiveDict(headers), parse_qs(parts.query, True),
                            parse_qs(text, True) if text else {})
        self.exchanges.append(exchange)
        path = url_pattern(endpoint).match(url).groupdict()  # type: ignore[union-attr]
        try:
            reply, extra = self._answer(endpoint, exchange, path, text)
        except ApiError as error:
            reply, extra = (error.status, error.body), {}
        exchange.status, exchange.body = reply
        return reply[0], {"Content-Type": "application/json", **extra}, json.dumps(reply[1])

    def _answer(self, endpoint: Endpoint, exchange: Exchange, path: dict[str, str],
                text: str) -> tuple[Reply, dict[str, str]]:
        if exchange.headers.get(API_KEY_HEADER) != self.api_key:
            raise ApiError("api_key_invalid")
        content_type = exchange.headers.get("Content-Type", "")
        if text and not content_type.startswith(FORM):
            raise ApiError("parameter_invalid", None, "form_encoded")
        for param in endpoint.headers:
            if param.name in exchange.headers:
                _check(param, [exchange.headers[param.name]])
        values = validate(endpoint, exchange.params())
        key = exchange.headers.get(IDEMPOTENCY_HEADER) if endpoint.idempotent else None
        fingerprint = json.dumps([endpoint.operation, path, exchange.params()], sort_keys=True)
        if key is not None and key in self._idempotency:
            first_fingerprint, reply = self._idempotency[key]
            if first_fingerprint != fingerprint:
                raise ApiError("idempotency_key_in_use", None, key=key)
            return reply, {"Idempotent-Replayed": "true"}
        try:
            reply = HANDLERS[endpoint.operation](self.state, path, values)
        except ApiError as error:
            reply = (error.status, error.body)
        if key is not None:
            self._idempotency[key] = (fingerprint, reply)
        return reply, {}

    def install(self, mock: responses.RequestsMock) -> None:
        """Register one callback per endpoint (URL regex + method) on `mock`."""
        for endpoint in ENDPOINTS:
            def callback(request: Any, endpoint: Endpoint = endpoint) -> tuple:
                return self.handle(endpoint, request.method, request.url,
                                   dict(request.headers), request.body)
            mock.add_callback(endpoint.method, url_pattern(endpoint), callback=callback)

    @contextmanager
    def activate(self) -> Iterator[responses.RequestsMock]:
        """Serve this fake to every `requests` call in the block; unmatched requests raise
        `ConnectionError` and are listed in `self.escaped` afterwards."""
        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            self.install(mock)
            try:
                yield mock
            finally:
                self.escaped.extend(
                    f"{call.request.method} {call.request.url}"
                    for call in mock.calls
                    if isinstance(call.response, Exception)
                )
