"""The fake's behaviour: one interpreter of the plan compiled from the spec's declarations.

`fake/plan.py` compiles each operation's `x-vinr-behaviour` into steps; `run` executes them on
the session's `State`. There is no code for any one operation here: `tryit/mock.js` runs the
same steps in the page, and tests/tryit proves both answer alike. A step that fails raises the
documented `ApiError` (codes from `x-vinr-errors`, messages from the spec).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from vinr_docs.fake import custom
from vinr_docs.fake.records import Event
from vinr_docs.fake.rules import ApiRules
from vinr_docs.fake.state import State

Reply = tuple[int, Any]


@dataclass
class Context:
    """What a step may touch: the store, the plan, the error catalogue and the event log."""

    state: State
    rules: ApiRules
    plan: dict[str, Any]
    operation: str
    events: list[Event] = field(default_factory=list)
    bound: dict[str, Any] = field(default_factory=dict)  # names the steps bind (`as:`)
    at: int | None = None  # the time of the last change (its event's `created`)
    previous: dict[str, Any] = field(default_factory=dict)
    reply: Reply | None = None

    def collection(self, resource: str) -> dict[str, dict[str, Any]]:
        return self.state.collection(self.plan["resources"][resource]["collection"])

    def value(self, ref: dict[str, Any], values: dict[str, Any]) -> Any:
        if "const" in ref:
            return ref["const"]
        if "param" in ref:
            return values.get(ref["param"])
        return self.bound[ref["var"]].get(ref["field"])

    def render(self, resource: str | None, obj: dict[str, Any], expand: Any = ()) -> dict:
        rendered = copy.deepcopy(obj)
        references = self.plan["resources"][resource]["references"] if resource else {}
        for name in dict.fromkeys(expand or ()):  # `expand[]=x&expand[]=x` expands x once
            if rendered.get(name) is not None:
                target = self.collection(references[name])
                rendered[name] = copy.deepcopy(target[rendered[name]])
        return rendered


def run(ctx: Context, values: dict[str, Any]) -> Reply:
    """Run the operation's steps; the last `reply` (or `page`) is the answer."""
    for step in ctx.plan["operations"][ctx.operation]["steps"]:
        STEPS[step["op"]](ctx, step, values)
    assert ctx.reply is not None, f"{ctx.operation}: the plan's steps gave no reply"
    return ctx.reply


def _resource_of(ctx: Context, name: str) -> str | None:
    return ctx.bound.get(f"{name}:resource")


def _find(ctx: Context, step: dict[str, Any], values: dict[str, Any]) -> None:
    key = ctx.value(step["id"], values)
    found = ctx.collection(step["resource"]).get(key)
    if found is None:
        param = step["id"].get("param")
        raise ctx.rules.error(step["missing"], param, id=key, resource=step["resource"])
    ctx.bound[step["as"]] = found
    ctx.bound[f"{step['as']}:resource"] = step["resource"]


def _check_refs(ctx: Context, step: dict[str, Any], values: dict[str, Any]) -> None:
    for name, target in step["fields"].items():
        sent = values.get(name)
        if sent is not None and sent not in ctx.collection(target):
            raise ctx.rules.error(step["missing"], name, id=sent, resource=target)


def _holds(ctx: Context, when: dict[str, Any], values: dict[str, Any]) -> bool:
    if "exists" in when:
        where = {f: ctx.value(v, values) for f, v in when["where"].items()}
        return any(
            all(item.get(f) == v for f, v in where.items())
            for item in ctx.collection(when["exists"]).values()
        )
    actual = ctx.value(when["field"], values)
    if "in" in when:
        return actual in [ctx.value(v, values) for v in when["in"]]
    return actual not in [ctx.value(v, values) for v in when["not_in"]]


def _refuse(ctx: Context, step: dict[str, Any], values: dict[str, Any]) -> None:
    if _holds(ctx, step["when"], values):
        filled = {k: ctx.value(v, values) for k, v in step["values"].items()}
        raise ctx.rules.error(step["error"], **filled)


def _insert(ctx: Context, step: dict[str, Any], values: dict[str, Any]) -> None:
    resource = ctx.plan["resources"][step["resource"]]
    obj = {name: values.get(name) if name in step["from"] else None for name in resource["fields"]}
    obj["id"] = ctx.state.new_id(resource["prefix"])
    if "created" in obj:
        obj["created"] = ctx.at = ctx.state.tick()
    ctx.collection(step["resource"])[obj["id"]] = obj
    ctx.bound[step["as"]] = obj
    ctx.bound[f"{step['as']}:resource"] = step["resource"]


def _update(ctx: Context, step: dict[str, Any], values: dict[str, Any]) -> None:
    obj = ctx.bound[step["var"]]
    fields = set(step["fields"])
    changes = {k: v for k, v in values.items() if k in fields and k in obj}
    ctx.previous = {k: obj[k] for k, v in changes.items() if obj[k] != v}
    obj.update(changes)  # partial update: only the fields sent change
    ctx.at = ctx.state.tick()


def _remove(ctx: Context, step: dict[str, Any], values: dict[str, Any]) -> None:
    obj = ctx.bound[step["var"]]
    del ctx.collection(_resource_of(ctx, step["var"]))[obj["id"]]
    ctx.bound[step["as"]] = {"id": obj["id"], "deleted": True}
    ctx.at = ctx.state.tick()


def _set(ctx: Context, step: dict[str, Any], values: dict[str, Any]) -> None:
    ctx.bound[step["var"]][step["field"]] = ctx.value(step["value"], values)
    ctx.at = ctx.state.tick()


def _clear_refs(ctx: Context, step: dict[str, Any], values: dict[str, Any]) -> None:
    """References to the object from other objects become null (e.g. a detached default)."""
    resource, target = _resource_of(ctx, step["var"]), ctx.bound[step["var"]]["id"]
    for name, declared in ctx.plan["resources"].items():
        for field_name, points_to in declared["references"].items():
            if points_to == resource and name != resource:
                for item in ctx.collection(name).values():
                    if item.get(field_name) == target:
                        item[field_name] = None


def _emit(ctx: Context, step: dict[str, Any], values: dict[str, Any]) -> None:
    at = ctx.at if ctx.at is not None else ctx.state.tick()
    obj = ctx.bound[step["object"]]
    data: dict[str, Any] = {"object": ctx.render(_resource_of(ctx, step["object"]), obj)}
    if step["previous"]:
        data["previous_attributes"] = dict(ctx.previous)
    payload = {
        "id": ctx.state.new_id(ctx.plan["events"]["prefix"]),
        "type": step["type"],
        "created": at,
        "data": data,
    }
    ctx.events.append(Event(step["type"], payload, ctx.operation))


def _reply(ctx: Context, step: dict[str, Any], values: dict[str, Any]) -> None:
    expand = values.get(step["expand"]) if step["expand"] else None
    obj = ctx.bound[step["object"]]
    ctx.reply = 200, ctx.render(_resource_of(ctx, step["object"]), obj, expand)


def _page(ctx: Context, step: dict[str, Any], values: dict[str, Any]) -> None:
    """Ordered by the resource's `order`; cursors are ids; `has_more` says whether another
    page follows in the direction of travel."""
    after, before = values.get(step["after"]), values.get(step["before"])
    if after and before:
        raise ctx.rules.error("parameter_invalid", None, step["combined_message"])
    items = ctx.collection(step["resource"])
    if step["scope"] is not None:
        wanted = ctx.value(step["scope"]["value"], values)
        items = {k: v for k, v in items.items() if v.get(step["scope"]["field"]) == wanted}
    for name, cursor in ((step["after"], after), (step["before"], before)):
        if cursor and cursor not in items:  # no such object (or none in the list's scope)
            raise ctx.rules.error(step["missing"], name, id=cursor, resource=step["resource"])
    ordered = sorted(items.values(), key=lambda o: tuple(o[k] for k in step["order"]))
    ids = [o["id"] for o in ordered]
    if after:
        ids = ids[ids.index(after) + 1 :]
    elif before:
        ids = ids[: ids.index(before)]
    for spec in step["filters"]:
        if wanted := values.get(spec["param"]):
            ids = [i for i in ids if _matches(items[i].get(spec["field"]), wanted, spec["match"])]
    limit = values.get(step["limit"]) or step["default_limit"]
    page = ids[-limit:] if before else ids[:limit]
    data = [ctx.render(step["resource"], items[i]) for i in page]
    ctx.reply = 200, {"object": "list", "data": data, "has_more": len(ids) > limit}


def _matches(actual: Any, wanted: str, match: str) -> bool:
    if match == "case_insensitive":
        return (actual or "").lower() == wanted.lower()
    return actual == wanted


def _custom(ctx: Context, step: dict[str, Any], values: dict[str, Any]) -> None:
    ctx.reply = getattr(custom, step["name"])(ctx, values)


STEPS = {
    "find": _find,
    "check_refs": _check_refs,
    "refuse": _refuse,
    "insert": _insert,
    "update": _update,
    "remove": _remove,
    "set": _set,
    "clear_refs": _clear_refs,
    "emit": _emit,
    "reply": _reply,
    "page": _page,
    "custom": _custom,
}
