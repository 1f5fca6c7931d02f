"""The agreement script, generated from the spec and the plan (no hand-kept request list).

`generate(api, states)` returns scenarios in the shape tests/tryit/test_agreement.py replays on
both mocks: per page state, and per operation of the plan,

- its documented request (parameter and body examples), and each documented error example,
  produced from what the spec says about the parameter it names (a value its schema refuses, a
  required field left out, an unknown name, no key, an id that does not exist, both cursors, a
  reused idempotency key, the state a `refuse` rule describes);
- lifecycles: create → retrieve → list → update → delete → each `find` of it is a 404;
- list walks with `limit=1` forward and back over extra objects cloned from the state;
- expansions (each value of the expand enum), idempotency replay and conflict;
- relations: attach → the nested list → the parent with its references expanded → detach.

Steps name the spec example they must answer word for word (`documents`).
"""

from __future__ import annotations

import copy
import re
from typing import Any
from urllib.parse import urlencode

from vinr_docs.fake import FakeApi
from vinr_docs.fake.rules import FORM, IDEMPOTENCY_HEADER, Operation

from .corpus import EMAILS, INTEGERS, PATH_SEGMENTS, encoded_id, string_values

JUNK = "zz_unknown_param"


def documented_examples(api: FakeApi) -> dict[str, tuple[int, dict]]:
    """'operationId/example' → (status, body) for every error example in the spec."""
    return {
        f"{op.id}/{name}": (int(status), example["value"])
        for op in api.rules.operations.values()
        for status, response in op.spec["responses"].items()
        if status.startswith("4")
        for name, example in response.get("content", {})
        .get("application/json", {})
        .get("examples", {})
        .items()
    }


class Generator:
    def __init__(self, api: FakeApi, state: dict[str, Any], label: str) -> None:
        self.api, self.state, self.label = api, state, label
        self.plan = api.plan
        self.resources = self.plan["resources"]

    # --- reading the plan --------------------------------------------------------------------

    def steps(self, op: Operation) -> list[dict[str, Any]]:
        return self.plan["operations"][op.id]["steps"]

    def kind(self, op: Operation) -> str:
        ops = [s["op"] for s in self.steps(op)]
        if "insert" in ops:
            return "create"
        if "page" in ops:
            return "list"
        if "remove" in ops:
            return "delete"
        if "update" in ops:
            return "update"
        if "set" in ops:
            linked = any(s.get("value", {}).get("var") for s in self.steps(op))
            return "attach" if linked else "detach"
        return "retrieve"

    def target(self, op: Operation) -> str | None:
        """The resource the operation acts on (its `it`)."""
        for step in self.steps(op):
            if step["op"] == "find" and step["as"] == "it":
                return step["resource"]
            if step["op"] in ("insert", "page"):
                return step["resource"]
        return None

    def parent(self, op: Operation) -> str | None:
        return next(
            (s["resource"] for s in self.steps(op) if s["op"] == "find" and s["as"] == "parent"),
            None,
        )

    def ops(self, kind: str, resource: str | None = None) -> list[Operation]:
        return [
            op
            for op in self.api.rules.operations.values()
            if self.kind(op) == kind and (resource is None or self.target(op) == resource)
        ]

    def items(self, resource: str, state: dict[str, Any] | None = None) -> list[dict]:
        return list((state or self.state).get(self.resources[resource]["collection"], []))

    # --- requests ----------------------------------------------------------------------------

    def path_param(self, op: Operation) -> str | None:
        return next((n for (w, n) in op.parameters if w == "path"), None)

    def request(
        self,
        op: Operation,
        name: str,
        *,
        id: str | None = None,  # noqa: A002
        query: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """A step for `op`: the path's id, the query, the body (defaults: the documented
        examples)."""
        path = op.path
        if (param := self.path_param(op)) is not None:
            value = id if id is not None else op.parameters[("path", param)].get("example", "x")
            path = path.replace("{" + param + "}", str(value))
        step: dict[str, Any] = {"name": f"{self.label} / {op.id}: {name}", "method": op.method}
        step["path"] = path
        query = self.example_query(op) if query is None else query
        if query:
            step["query"] = urlencode(query, doseq=True)
        body = self.example_body(op) if body is None else body
        if body or op.body_schema is not None and body is not None and body != {}:
            step["body"] = urlencode(body, doseq=True)
        return {**step, **extra}

    def example_query(self, op: Operation) -> dict[str, Any]:
        return {
            n: p["example"]
            for (w, n), p in op.parameters.items()
            if w == "query" and "example" in p
        }

    def example_body(self, op: Operation) -> dict[str, Any]:
        content = op.spec.get("requestBody", {}).get("content", {})
        return dict(next(iter(content.values()), {}).get("example", {}) or {})

    def existing_id(self, resource: str) -> str | None:
        items = self.items(resource)
        return items[0]["id"] if items else None

    # --- documented errors -------------------------------------------------------------------

    def error_steps(self, op: Operation) -> list[tuple[dict[str, Any] | None, list[dict]]]:
        """(state overrides or None, steps) producing each documented error example."""
        out = []
        for status, response in op.spec["responses"].items():
            if not status.startswith("4"):
                continue
            examples = response.get("content", {}).get("application/json", {}).get("examples", {})
            for name, example in examples.items():
                produced = self.produce(op, name, example["value"]["error"])
                assert produced is not None, (
                    f"tests/tryit/generated.py cannot produce {op.id}'s documented error "
                    f"{name!r} from the spec: {example['value']}"
                )
                overrides, steps = produced
                steps[-1]["documents"] = f"{op.id}/{name}"
                out.append((overrides, steps))
        return out

    def base(self, op: Operation) -> dict[str, Any]:
        """The documented request's parts, with the path's id an object that exists."""
        resource = self.parent(op) or self.target(op)
        param = self.path_param(op)
        ident = None
        if param is not None and resource is not None:
            ident = op.parameters[("path", param)].get("example") or self.existing_id(resource)
        return {"id": ident, "query": self.example_query(op), "body": self.example_body(op)}

    def produce(
        self, op: Operation, name: str, error: dict[str, Any]
    ) -> tuple[dict | None, list[dict]] | None:
        code, param, message = error["code"], error["param"], error["message"]
        parts = self.base(op)
        if code == "api_key_invalid":
            return None, [self.request(op, name, **parts, key=None)]
        if code == "parameter_unknown":
            where = "query" if op.body_schema is None else "body"
            parts[where] = {**parts[where], param: "x"}
            return None, [self.request(op, name, **parts)]
        if code == "parameter_missing":
            parts["body"] = {k: v for k, v in parts["body"].items() if k != param}
            if not parts["body"]:
                parts["body"] = {}
                return None, [{**self.request(op, name, **parts), "body": ""}]
            return None, [self.request(op, name, **parts)]
        if code in ("resource_missing", "reference_missing"):
            missing = re.findall(r"[A-Za-z]+_[A-Za-z0-9]+", message)
            absent = missing[-1] if missing else "missing_0000"
            if param == self.path_param(op):
                parts["id"] = absent
            else:  # a reference field or a cursor naming no object
                where = "body" if param in op.body_names() else "query"
                parts[where] = {**parts[where], param: absent}
            return None, [self.request(op, name, **parts)]
        if code == "idempotency_key_in_use":
            key = re.findall(r"Idempotency-Key (\S+) was", message)[0]
            header = {IDEMPOTENCY_HEADER: key}
            first = self.request(op, name + " (first use)", **parts, headers=header)
            parts["body"] = self.other_body(op, parts["body"])
            second = self.request(op, name, **parts, headers={IDEMPOTENCY_HEADER: key})
            return None, [first, second]
        if code == "parameter_invalid":
            return self.invalid(op, name, param, parts)
        return self.refused(op, name, code, parts)

    def other_body(self, op: Operation, body: dict[str, Any]) -> dict[str, Any]:
        """The same body with one field changed (a valid value still)."""
        for field, value in body.items():
            if isinstance(value, str) and "@" in value:
                return {**body, field: "other." + value}
            if isinstance(value, str):
                return {**body, field: value + " Jr"}
        return body

    def invalid(
        self, op: Operation, name: str, param: str | None, parts: dict[str, Any]
    ) -> tuple[dict | None, list[dict]] | None:
        paging = next((s for s in self.steps(op) if s["op"] == "page"), None)
        if param is None and paging is not None:  # both cursors
            ids = [o["id"] for o in self.items(paging["resource"])] or ["x"]
            parts["query"] = {paging["after"]: ids[0], paging["before"]: ids[-1]}
            return None, [self.request(op, name, **parts)]
        if param is not None and param.lower() == IDEMPOTENCY_HEADER.lower():
            return None, [self.request(op, name, **parts, headers={IDEMPOTENCY_HEADER: ""})]
        value = self.refusing_value(op.schema_of(param or ""))
        if value is None:
            return None
        where = "body" if param in op.body_names() else "query"
        parts[where] = {**parts[where], param: value}
        return None, [self.request(op, name, **parts)]

    def refusing_value(self, schema: dict[str, Any]) -> Any:
        """A value the schema refuses (as sent on the wire)."""
        if schema.get("type") == "array":
            return ["not_a_value"] if schema.get("items", {}).get("enum") else None
        if schema.get("type") == "integer":
            if "maximum" in schema:
                return schema["maximum"] + 1
            return "not-a-number"
        if schema.get("format") == "email":
            return "jenny@example"
        if "minLength" in schema and schema["minLength"] > 0:
            return ""
        if "pattern" in schema:
            return "!"
        if "maxLength" in schema:
            return "x" * (schema["maxLength"] + 1)
        if "enum" in schema:
            return "not_a_value"
        return None

    def refused(
        self, op: Operation, name: str, code: str, parts: dict[str, Any]
    ) -> tuple[dict | None, list[dict]] | None:
        """A `refuse` rule's code: a state in which its condition holds."""
        rule = next((s for s in self.steps(op) if s["op"] == "refuse" and s["error"] == code), None)
        if rule is None:
            return None
        when = rule["when"]
        resource = self.target(op)
        obj_id = parts["id"] or (self.existing_id(resource) if resource else None)
        if "exists" in when:
            row: dict[str, Any] = {"id": "gen_refusal_1"}
            for field, ref in when["where"].items():
                row[field] = ref.get("const", obj_id)
            collection = self.resources[when["exists"]]["collection"]
            overrides = {collection: [*self.state.get(collection, []), row]}
            return overrides, [self.request(op, name, **parts)]
        if "field" in when:
            return self.field_refusal(op, name, when, parts)
        return None

    # --- scenarios ---------------------------------------------------------------------------

    def scenarios(self) -> list[dict[str, Any]]:
        out = [self.scenario("documented requests", None, self.documented())]
        for index, (overrides, steps) in enumerate(
            e for op in self.api.rules.operations.values() for e in self.error_steps(op)
        ):
            out.append(self.scenario(f"documented error {index}", overrides, steps))
        out.append(self.scenario("lifecycles", None, self.lifecycles()))
        out.extend(self.walks())
        out.append(self.scenario("expansions", None, self.expansions()))
        out.append(self.scenario("idempotency", None, self.idempotency()))
        out.append(self.scenario("relations", None, self.relations()))
        for op in self.api.rules.operations.values():
            out.append(self.scenario(f"{op.id} wire edge cases", None, self.wire_cases(op)))
        for n, (overrides, step) in enumerate(self.refusals_lifted()):
            out.append(self.scenario(f"refusal lifted {n}", overrides, [step]))
        return [s for s in out if s["steps"]]

    def scenario(self, name: str, overrides: dict | None, steps: list[dict]) -> dict[str, Any]:
        state = {**copy.deepcopy(self.state), **(overrides or {})}
        return {"name": f"{self.label}: {name}", "state": state, "steps": steps}

    def documented(self) -> list[dict[str, Any]]:
        steps = []
        for op in self.api.rules.operations.values():
            steps += [self.request(op, "documented request", **self.base(op)), {"reset": True}]
        return steps[:-1]

    def lifecycles(self) -> list[dict[str, Any]]:
        steps: list[dict[str, Any]] = []
        for create in self.ops("create"):
            resource = self.target(create)
            new_id = self.next_id(resource)
            steps.append(self.request(create, "create"))
            for op in self.ops("retrieve", resource):
                steps.append(self.request(op, "the new object", id=new_id, query={}))
            for op in self.ops("list", resource):
                steps.append(self.request(op, "lists it", id=None, query={}))
            for op in self.ops("update", resource):
                steps.append(self.request(op, "update it", id=new_id))
                steps.append(self.request(op, "update it again", id=new_id))
            for op in self.ops("delete", resource):
                steps.append(self.request(op, "delete it", id=new_id))
                for after in self.api.rules.operations.values():
                    finds_it = self.path_param(after) and not self.parent(after)
                    if self.target(after) == resource and finds_it:
                        steps.append(self.request(after, "404 after delete", id=new_id))
            steps.append({"reset": True})
        return steps

    def next_id(self, resource: str) -> str:
        prefix = self.resources[resource]["prefix"]
        pending = [i for i in self.state.get("next_ids", []) if i.startswith(prefix)]
        return pending[0] if pending else f"{prefix}0001"

    def walk_state(self, resource: str, scope: dict[str, Any] | None) -> dict[str, Any] | None:
        items = self.items(resource)
        if not items:
            return None
        clones = []
        for n in range(1, 4):
            clone = copy.deepcopy(items[0])
            clone["id"] = f"{self.resources[resource]['prefix']}walk{n}"
            if "created" in clone:
                clone["created"] = items[0]["created"] + (n % 2)  # ties are ordered by id
            for field in self.resources[resource]["references"]:
                if scope is None or field != scope:
                    clone[field] = None
            clones.append(clone)
        collection = self.resources[resource]["collection"]
        return {collection: [*items, *clones]}

    def walks(self) -> list[dict[str, Any]]:
        out = []
        for op in self.ops("list"):
            paging = next(s for s in self.steps(op) if s["op"] == "page")
            scope = paging["scope"]["field"] if paging["scope"] else None
            overrides = self.walk_state(paging["resource"], scope)
            if overrides is None:
                continue
            parent_id = self.base(op)["id"]
            collection = next(iter(overrides.values()))
            if paging["scope"]:
                collection = [o for o in collection if o.get(scope) == parent_id]
            order = paging["order"]
            ids = [o["id"] for o in sorted(collection, key=lambda o: tuple(o[k] for k in order))]
            limit = {paging["limit"]: 1}
            steps = [self.request(op, "walk: first page", id=parent_id, query=limit)]
            for n, cursor in enumerate(ids):
                query = {**limit, paging["after"]: cursor}
                steps.append(self.request(op, f"walk forward {n}", id=parent_id, query=query))
            for n, cursor in enumerate(reversed(ids)):
                query = {**limit, paging["before"]: cursor}
                steps.append(self.request(op, f"walk back {n}", id=parent_id, query=query))
            query = {paging["after"]: "missing_0000"}
            steps.append(self.request(op, "walk: unknown cursor", id=parent_id, query=query))
            out.append(self.scenario(f"{op.id} walk", overrides, steps))
        return out

    def expansions(self) -> list[dict[str, Any]]:
        steps = []
        for op in self.api.rules.operations.values():
            reply = next((s for s in self.steps(op) if s["op"] == "reply" and s["expand"]), None)
            if reply is None:
                continue
            schema = op.parameters[("query", reply["expand"])]["schema"]
            names = schema.get("items", {}).get("enum", [])
            base = self.base(op)
            for value in names:
                steps.append(self.request(op, f"expand {value}", id=base["id"],
                                          query={reply["expand"]: [value]}))  # fmt: skip
                steps.append(self.request(op, f"expand {value} twice", id=base["id"],
                                          query={reply["expand"]: [value, value]}))  # fmt: skip
        return steps

    def idempotency(self) -> list[dict[str, Any]]:
        steps = []
        for op in self.api.rules.operations.values():
            if not op.idempotent:
                continue
            parts = self.base(op)
            key = {IDEMPOTENCY_HEADER: f"gen-{op.id}"}
            steps.append(self.request(op, "first use of a key", **parts, headers=key))
            steps.append(self.request(op, "replay", **parts, headers=key))
            steps.append({"advance_clock": 24 * 60 * 60 + 1})
            steps.append(self.request(op, "the key expired", **parts, headers=key))
        return steps

    def relations(self) -> list[dict[str, Any]]:
        steps: list[dict[str, Any]] = []
        for attach in self.ops("attach"):
            resource, parent = self.target(attach), self.parent(attach)
            parts = self.base(attach)
            steps.append(self.request(attach, "attach", **parts))
            steps.append(self.request(attach, "attach again", **parts))
            for op in self.ops("list", resource):
                steps.append(self.request(op, "the nested list", id=parts["id"], query={}))
            for op in self.ops("retrieve", parent):
                reply = next(s for s in self.steps(op) if s["op"] == "reply")
                names = []
                if reply["expand"]:
                    names = op.parameters[("query", reply["expand"])]["schema"]["items"]["enum"]
                query = {reply["expand"]: names} if names else {}
                steps.append(self.request(op, "the parent expanded", id=parts["id"], query=query))
            parent_items = {o["id"]: o for o in self.items(parent)}
            defaults = [
                parent_items.get(parts["id"], {}).get(f)
                for f, t in self.resources[parent]["references"].items()
                if t == resource
            ]
            for detach in self.ops("detach", resource):
                for default in (d for d in defaults if d):
                    steps.append(self.request(detach, "detach the default", id=default, body={}))
                body_id = next(iter(parts["body"].values()), None)
                steps.append(self.request(detach, "detach", id=body_id, body={}))
                steps.append(self.request(detach, "detach again", id=body_id, body={}))
                for op in self.ops("list", resource):
                    after = self.request(op, "the nested list after", id=parts["id"], query={})
                    steps.append(after)
                for op in self.ops("retrieve", parent):
                    steps.append(self.request(op, "the default cleared", id=parts["id"], query={}))
            steps.append({"reset": True})
        return steps[:-1]  # the last session's events are compared

    def wire_cases(self, op: Operation) -> list[dict[str, Any]]:
        """The corpus's values for each parameter and field, and the request-shape cases."""
        parts = self.base(op)
        steps: list[dict[str, Any]] = []

        def ask(name: str, **changes: Any) -> None:
            steps.append(self.request(op, name, **{**parts, **changes}))

        for (where, name), parameter in op.parameters.items():
            schema = parameter.get("schema", {})
            if where != "query":
                continue
            values: list[Any] = [""]
            if schema.get("type") == "integer":
                values += [*INTEGERS, schema.get("maximum", 100), schema.get("maximum", 100) + 1]
                values += [["2", "500"], ["500", "2"]]
            elif schema.get("format") == "email":
                values += EMAILS
            elif schema.get("type") == "array":
                ask(f"{name} without brackets", query={name.removesuffix("[]"): "x"})
            for value in values:
                ask(f"{name}={value!r}", query={name: value})
            ask(f"{name} without a value", query={})
            steps[-1]["query"] = name
        ask("leading question mark", query={})
        steps[-1]["query"] = "?" + urlencode(parts["query"] or {"limit": 1})
        body_schema = op.body_schema
        if body_schema is not None:
            example = parts["body"]
            for name, prop in body_schema.get("properties", {}).items():
                values = EMAILS if prop.get("format") == "email" else []
                if prop.get("type") == "string" and prop.get("format") != "email":
                    values = string_values(prop, example.get(name))
                for value in values:
                    ask(f"{name}={value!r}", body={**example, name: value})
            first = next(iter(example), None) or next(iter(body_schema.get("properties", {})))
            ask("JSON body", content_type="application/json")
            steps[-1]["body"] = '{"email": "a@example.com"}'
            ask("form body without content type", content_type=None)
            ask("content type with charset", content_type=f"{FORM}; charset=utf-8")
            ask("no body", body={})
            steps[-1]["body"] = ""
            ask("field without a value", body={})
            steps[-1]["body"] = first
            ask("repeated field: first wins", body={})
            steps[-1]["body"] = urlencode([(first, example.get(first, "x")), (first, "!")])
            ask("repeated field: bad first", body={})
            steps[-1]["body"] = urlencode([(first, "!"), (first, example.get(first, "x"))])
            ask("empty pairs", body={})
            steps[-1]["body"] = "&&" + urlencode(example) + "&"
            ask("two unknown fields", body={**example, "nickname": "x", "sort": "y"})
            ask("a body field in the query", query={first: "x"})
        else:
            ask("form body", body={"force": "true"})
            ask("JSON body", content_type="application/json")
            steps[-1]["body"] = "{}"
        if self.path_param(op) is not None and parts["id"]:
            ask("encoded id", id=encoded_id(parts["id"]))
            for segment in PATH_SEGMENTS:
                ask(f"path {segment}", id=segment)
        return steps

    def field_refusal(
        self, op: Operation, name: str, when: dict[str, Any], parts: dict[str, Any]
    ) -> tuple[dict | None, list[dict]] | None:
        """The found object's field set to a value the condition names (`in`), or to another
        object's id outside the listed values (`not_in`)."""
        find = next(s for s in self.steps(op) if s["op"] == "find" and s["as"] == "it")
        param = find["id"]["param"]
        ident = parts["id"] if param == self.path_param(op) else parts["body"].get(param)
        field = when["field"]["field"]
        resource = self.resources[find["resource"]]
        if "in" in when:
            value = next(v["const"] for v in when["in"] if "const" in v)
        else:
            excluded = [v["const"] if "const" in v else parts["id"] for v in when["not_in"]]
            target = resource["references"].get(field)
            others = [o["id"] for o in self.items(target) if o["id"] not in excluded]
            if not others:
                return None
            value = others[0]
        items = self.items(find["resource"])
        changed = [{**o, field: value} if o["id"] == ident else o for o in items]
        return {resource["collection"]: changed}, [self.request(op, name, **parts)]

    def refusals_lifted(self) -> list[dict[str, Any]]:
        """Each `exists` refusal's row with its constants changed: the request passes."""
        steps = []
        for op in self.api.rules.operations.values():
            for index, rule in enumerate(s for s in self.steps(op) if s["op"] == "refuse"):
                when = rule["when"]
                if "exists" not in when:
                    continue
                parts = self.base(op)
                row: dict[str, Any] = {"id": f"gen_lifted_{index}"}
                for field, ref in when["where"].items():
                    row[field] = f"not_{ref['const']}" if "const" in ref else parts["id"]
                collection = self.resources[when["exists"]]["collection"]
                overrides = {collection: [*self.state.get(collection, []), row]}
                step = self.request(op, f"not refused: {rule['error']}", **parts)
                steps.append((overrides, step))
        return steps


def generate(api: FakeApi, states: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The agreement script for every page state (label → merged state)."""
    scenarios = []
    for label, state in states.items():
        scenarios += Generator(api, state, label).scenarios()
    return {"scenarios": scenarios}
