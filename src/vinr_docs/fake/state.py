"""The fake's store and the fixtures (`state.json`) it starts from.

One collection per resource the spec declares (`x-vinr-resources`), keyed by id in creation
order. Ids and timestamps come from the fixture, so documented responses can be compared exactly:
`next_ids` are handed out by the next creates (and events), and `now` is the `created` of the
next object (each change advances it by one second).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_NOW = 1716300000
CLOCK_KEYS = ("next_ids", "now")


class FixtureError(ValueError):
    """A state declaration the fake cannot load; the message says what is wrong."""


@dataclass
class State:
    """The objects of each collection (by id, in creation order) and the id/time sources."""

    collections: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    next_ids: list[str] = field(default_factory=list)
    now: int = DEFAULT_NOW
    issued: dict[str, int] = field(default_factory=dict)  # per id prefix

    @classmethod
    def from_fixture(cls, data: Any, resources: dict[str, Any]) -> State:
        """Build the store from a fixture, e.g. for the resources customer, payment_method and
        subscription (`resources` is the plan's)::

            {"customers": [{...customer object...}, ...],
             "payment_methods": [{"id": "pm_9bR3", "type": "card", "card": {...}}],
             "subscriptions": [{"id": "sub_1", "customer": "cust_8aZ2", "status": "active"}],
             "next_ids": ["cust_8aZ2"],
             "now": 1716300000}

        Every key is optional; unknown keys and fields are errors, never dropped.
        """
        if not isinstance(data, dict):
            raise FixtureError("the state must be a JSON object")
        allowed = [r["collection"] for r in resources.values()] + list(CLOCK_KEYS)
        if unknown := sorted(set(data) - set(allowed)):
            raise FixtureError(f"unknown key {unknown[0]!r} (allowed: {', '.join(allowed)})")
        state = cls(now=_int(data.get("now", DEFAULT_NOW), "now"))
        state.next_ids = [str(i) for i in data.get("next_ids", [])]
        for resource in resources.values():
            key = resource["collection"]
            state.collections[key] = {item["id"]: item for item in _objects(data, key)}
        for name, resource in resources.items():
            items = state.collections[resource["collection"]]
            for item_id, item in items.items():
                items[item_id] = _normalized(name, resource, item, state, resources)
        return state

    def collection(self, name: str) -> dict[str, dict[str, Any]]:
        return self.collections.setdefault(name, {})

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


def _normalized(
    name: str, resource: dict[str, Any], item: dict[str, Any], state: State, resources: dict
) -> dict[str, Any]:
    """The object with every field its schema has (absent ones null), references checked."""
    fields = resource["fields"]
    if fields is None:  # a fixture-only resource without a schema: kept as written
        return item
    if unknown := sorted(set(item) - set(fields)):
        raise FixtureError(
            f"{name} {item['id']}: unknown field {unknown[0]!r} "
            f"(the spec's {resource['schema']} has: {', '.join(fields)})"
        )
    for field_name, target in resource["references"].items():
        value = item.get(field_name)
        collection = resources[target]["collection"]
        if value is not None and value not in state.collections[collection]:
            raise FixtureError(
                f"{name} {item['id']}: {field_name} {value!r} is not in {collection!r}"
            )
    obj = {field_name: item.get(field_name) for field_name in fields}
    if "created" in obj and obj["created"] is None:
        obj["created"] = state.tick()
    return obj
