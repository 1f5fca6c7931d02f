"""What a spec cannot say: the fake's state changes, list order, cursors and the 409 rule.

One small function per operationId. Each gets the request's validated values and a `Context`
(the store, the error catalogue, the event log) and returns (status, JSON body).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from vinr_docs.fake.records import Event
from vinr_docs.fake.rules import ApiError, ApiRules
from vinr_docs.fake.state import State

CUSTOMER_PREFIX = "cust_"
EVENT_PREFIX = "evt_"
DEFAULT_LIMIT = 10
Reply = tuple[int, Any]


@dataclass
class Context:
    """What a handler may touch."""

    state: State
    rules: ApiRules
    operation: str
    events: list[Event] = field(default_factory=list)

    def emit(self, event_type: str, at: int, data: dict[str, Any]) -> None:
        payload = {
            "id": self.state.new_id(EVENT_PREFIX),
            "type": event_type,
            "created": at,
            "data": data,
        }
        self.events.append(Event(event_type, payload, self.operation))

    def missing(self, customer_id: str) -> ApiError:
        return self.rules.error("resource_missing", "id", id=customer_id)


def customer_fields(rules: ApiRules) -> tuple[str, ...]:
    """The Customer object's fields, in the spec's order."""
    return tuple(rules.resolved["components"]["schemas"]["Customer"]["properties"])


def _render(ctx: Context, customer: dict[str, Any], expand: list[str] | None = None) -> dict:
    rendered = dict(customer)
    for name in dict.fromkeys(expand or ()):  # `expand[]=x&expand[]=x` expands x once
        if rendered.get(name) is not None:
            rendered[name] = ctx.state.payment_methods[rendered[name]]
    return rendered


def _find(ctx: Context, customer_id: str) -> dict[str, Any]:
    if customer_id not in ctx.state.customers:
        raise ctx.missing(customer_id)
    return ctx.state.customers[customer_id]


def _check_payment_method(ctx: Context, values: dict[str, Any]) -> None:
    pm = values.get("default_payment_method")
    if pm is not None and pm not in ctx.state.payment_methods:
        operation = ctx.rules.operations[ctx.operation]
        raise ctx.rules.invalid(operation, "default_payment_method")


def create(ctx: Context, values: dict[str, Any]) -> Reply:
    _check_payment_method(ctx, values)
    fields = customer_fields(ctx.rules)
    customer = {name: values.get(name) for name in fields}
    customer["id"] = ctx.state.new_id(CUSTOMER_PREFIX)
    customer["created"] = at = ctx.state.tick()
    ctx.state.customers[customer["id"]] = customer
    ctx.emit("customer.created", at, {"object": _render(ctx, customer)})
    return 200, _render(ctx, customer)


def retrieve(ctx: Context, values: dict[str, Any]) -> Reply:
    return 200, _render(ctx, _find(ctx, values["id"]), values.get("expand[]"))


def update(ctx: Context, values: dict[str, Any]) -> Reply:
    customer = _find(ctx, values["id"])
    _check_payment_method(ctx, values)
    changes = {k: v for k, v in values.items() if k in customer and k not in ("id", "created")}
    previous = {k: customer[k] for k, v in changes.items() if customer[k] != v}
    customer.update(changes)  # partial update: only the fields sent change
    ctx.emit(
        "customer.updated",
        ctx.state.tick(),
        {"object": _render(ctx, customer), "previous_attributes": previous},
    )
    return 200, _render(ctx, customer)


def delete(ctx: Context, values: dict[str, Any]) -> Reply:
    customer = _find(ctx, values["id"])
    if any(
        s.get("customer") == customer["id"] and s.get("status") == "active"
        for s in ctx.state.subscriptions
    ):
        raise ctx.rules.error("customer_has_active_subscriptions", id=customer["id"])
    del ctx.state.customers[customer["id"]]
    deleted = {"id": customer["id"], "deleted": True}
    ctx.emit("customer.deleted", ctx.state.tick(), {"object": deleted})
    return 200, deleted


def list_(ctx: Context, values: dict[str, Any]) -> Reply:
    """Oldest first (by `created`, then id); cursors are customer ids; `has_more` says whether
    another page follows in the direction of travel."""
    after, before = values.get("starting_after"), values.get("ending_before")
    if after and before:
        raise ctx.rules.error(
            "parameter_invalid", None, "starting_after and ending_before cannot be combined."
        )
    for name, cursor in (("starting_after", after), ("ending_before", before)):
        if cursor and cursor not in ctx.state.customers:
            raise ctx.rules.error(
                "parameter_invalid", name, "{param} must be the ID of an existing customer."
            )
    ordered = sorted(ctx.state.customers.values(), key=lambda c: (c["created"], c["id"]))
    ids = [c["id"] for c in ordered]
    if after:
        ids = ids[ids.index(after) + 1 :]
    elif before:
        ids = ids[: ids.index(before)]
    if email := values.get("email"):
        ids = [i for i in ids if (ctx.state.customers[i]["email"] or "").lower() == email.lower()]
    limit = values.get("limit") or DEFAULT_LIMIT
    page = ids[-limit:] if before else ids[:limit]
    data = [_render(ctx, ctx.state.customers[i]) for i in page]
    return 200, {"object": "list", "data": data, "has_more": len(ids) > limit}


HANDLERS: dict[str, Callable[[Context, dict[str, Any]], Reply]] = {
    "createCustomer": create,
    "retrieveCustomer": retrieve,
    "updateCustomer": update,
    "deleteCustomer": delete,
    "listCustomers": list_,
}
