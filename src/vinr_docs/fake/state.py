"""The fake's store and the fixtures (`state.json`) it starts from.

Ids and timestamps come from the fixture, so documented responses can be compared exactly:
`next_ids` are handed out by the next creates, and `now` is the `created` of the next object
(each new object advances it by one second).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_NOW = 1716300000
STATE_KEYS = ("customers", "payment_methods", "subscriptions", "next_ids", "now")


class FixtureError(ValueError):
    """A state declaration the fake cannot load; the message says what is wrong."""


@dataclass
class State:
    """Customers (in creation order), payment methods, subscriptions and the id/time sources."""

    customers: dict[str, dict[str, Any]] = field(default_factory=dict)
    payment_methods: dict[str, dict[str, Any]] = field(default_factory=dict)
    subscriptions: list[dict[str, Any]] = field(default_factory=list)
    next_ids: list[str] = field(default_factory=list)
    now: int = DEFAULT_NOW
    issued: dict[str, int] = field(default_factory=dict)  # per id prefix

    @classmethod
    def from_fixture(cls, data: Any, customer_fields: tuple[str, ...]) -> State:
        """Build the store from a fixture::

            {"customers": [{...customer object...}, ...],
             "payment_methods": [{"id": "pm_9bR3", "type": "card", "card": {...}}],
             "subscriptions": [{"id": "sub_1", "customer": "cust_8aZ2", "status": "active"}],
             "next_ids": ["cust_8aZ2"],
             "now": 1716300000}

        Every key is optional; unknown keys and fields are errors, never dropped.
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
            state.customers[item["id"]] = _customer(item, state, customer_fields)
        return state

    def new_id(self, prefix: str) -> str:
        for index, candidate in enumerate(self.next_ids):
            if candidate.startswith(prefix):
                return self.next_ids.pop(index)
        self.issued[prefix] = self.issued.get(prefix, 0) + 1
        return f"{prefix}{self.issued[prefix]:04d}"

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


def _customer(item: dict[str, Any], state: State, fields: tuple[str, ...]) -> dict[str, Any]:
    if unknown := sorted(set(item) - set(fields)):
        raise FixtureError(
            f"customer {item['id']}: unknown field {unknown[0]!r} "
            f"(the spec's Customer has: {', '.join(fields)})"
        )
    pm = item.get("default_payment_method")
    if pm is not None and pm not in state.payment_methods:
        raise FixtureError(
            f"customer {item['id']}: default_payment_method {pm!r} is not in 'payment_methods'"
        )
    customer = {name: item.get(name) for name in fields}
    if customer.get("created") is None:
        customer["created"] = state.tick()
    return customer
