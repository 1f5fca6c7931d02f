"""The API's behaviour, declared in the spec, compiled into one plan both mocks interpret.

Authors declare resources once (`x-vinr-resources`, `x-vinr-events`, `x-vinr-pagination`) and,
on each operation, what it does (`x-vinr-behaviour`):

    x-vinr-behaviour: {create: customer}
    x-vinr-behaviour: {list: customer, filters: {email: case_insensitive}}
    x-vinr-behaviour: {list: payment_method, of: customer}            # /v1/customers/{id}/…
    x-vinr-behaviour: {retrieve: customer}        # {update: …} {delete: …} the same way
    x-vinr-behaviour: {attach: payment_method, to: customer, id_from: payment_method}
    x-vinr-behaviour: {detach: payment_method}
    x-vinr-behaviour:
      delete: customer
      refuse:
        - if: {exists: subscription, where: {customer: $id, status: active}}
          error: customer_has_active_subscriptions
    x-vinr-behaviour: {custom: name}   # escape hatch: fake/custom.py and tryit/custom.js

`compile_plan` turns them into plain JSON: per resource its collection, id prefix, fields and
references; per operation a list of steps from a closed set (find, check_refs, refuse, insert,
update, remove, set, clear_refs, emit, page, reply, custom). The Python fake
(`fake/handlers.py`) and the in-page mock (`tryit/mock.js`) both run these steps; neither has
code for any one operation. A declaration the compiler cannot read raises `PlanError` naming the
spec file and line and what to write there.
"""

from __future__ import annotations

import contextlib
from typing import Any

import yaml

from vinr_docs.fake import custom

BEHAVIOUR = "x-vinr-behaviour"
RESOURCES = "x-vinr-resources"
EVENTS = "x-vinr-events"
PAGINATION = "x-vinr-pagination"
KINDS = ("create", "retrieve", "update", "delete", "list", "attach", "detach", "custom")
OPTIONS = {
    "create": set(),
    "retrieve": set(),
    "update": set(),
    "delete": {"refuse"},
    "list": {"of", "filters"},
    "attach": {"to", "id_from", "refuse"},
    "detach": {"refuse"},
    "custom": set(),
}
PAST = {
    "create": "created",
    "update": "updated",
    "delete": "deleted",
    "attach": "attached",
    "detach": "detached",
}
MATCHES = ("exact", "case_insensitive")
# The x-vinr-errors codes for an id that names no object (with `param`): in the URL (the path,
# a list cursor) and in a field of the body (`default_payment_method`, attach's
# `payment_method`). Such a request is well formed (a schema cannot say "must exist"): not a 400.
MISSING = "resource_missing"
REFERENCE_MISSING = "reference_missing"
EXAMPLE = "e.g. `x-vinr-behaviour: {retrieve: customer}` (kinds: " + ", ".join(KINDS) + ")"


class PlanError(ValueError):
    """A behaviour declaration the mocks cannot run; the message names the file and line."""


class SpecLines:
    """Line numbers of keys in the spec's YAML text (1-based), by key path."""

    def __init__(self, text: str | None) -> None:
        self._lines: dict[tuple[str, ...], int] = {}
        if text:
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            with contextlib.suppress(yaml.YAMLError):
                self._walk(yaml.compose(text, Loader=loader), ())

    def _walk(self, node: Any, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode) and len(path) < 8:
            for key, value in node.value:
                here = (*path, str(key.value))
                self._lines[here] = key.start_mark.line + 1
                self._walk(value, here)

    def line(self, *path: str) -> int | None:
        """The line of the deepest key of `path` that the text has."""
        for end in range(len(path), 0, -1):
            if path[:end] in self._lines:
                return self._lines[path[:end]]
        return None


class _Compiler:
    def __init__(self, spec: dict[str, Any], source: str, text: str | None) -> None:
        self.spec = spec
        self.source = source
        self.lines = SpecLines(text)
        self.schemas = spec.get("components", {}).get("schemas", {})

    def where(self, *path: str) -> str:
        line = self.lines.line(*path)
        return f"{self.source}:{line}" if line else self.source

    def fail(self, path: tuple[str, ...], message: str) -> PlanError:
        return PlanError(f"{self.where(*path)}: {' → '.join(path)}: {message}")

    # --- resources -------------------------------------------------------------------------

    def resources(self) -> dict[str, Any]:
        declared = self.spec.get(RESOURCES)
        path = (RESOURCES,)
        if not isinstance(declared, dict) or not declared:
            raise self.fail(
                path,
                f"declare the resources the operations act on at the top of the spec, e.g. "
                f"`{RESOURCES}: {{customer: {{schema: Customer, collection: customers, "
                "id_prefix: cust_}}`",
            )
        out: dict[str, Any] = {}
        for name, entry in declared.items():
            here = (*path, name)
            if not isinstance(entry, dict) or not isinstance(entry.get("collection"), str):
                raise self.fail(here, "give it a `collection:` (its key in state.json)")
            unknown = set(entry) - {"schema", "collection", "id_prefix", "order", "references"}
            if unknown:
                raise self.fail(
                    here,
                    f"unknown key {sorted(unknown)[0]!r} (allowed: schema, collection, "
                    "id_prefix, order, references)",
                )
            schema = entry.get("schema")
            fields: list[str] | None = None
            if schema is not None:
                if schema not in self.schemas:
                    raise self.fail((*here, "schema"), f"no schema {schema!r} in components")
                fields = list(self.schemas[schema].get("properties", {}))
            out[name] = {
                "collection": entry["collection"],
                "schema": schema,
                "fields": fields,
                "prefix": entry.get("id_prefix"),
                "order": list(entry.get("order", ["id"])),
                "references": dict(entry.get("references", {})),
            }
        for name, resource in out.items():
            for field, target in resource["references"].items():
                if target not in out:
                    raise self.fail(
                        (*path, name, "references", field),
                        f"{target!r} is not a declared resource ({', '.join(out)})",
                    )
                if resource["fields"] is not None and field not in resource["fields"]:
                    raise self.fail(
                        (*path, name, "references", field),
                        f"{resource['schema']} has no field {field!r}",
                    )
        return out

    # --- operations ------------------------------------------------------------------------

    def operations(self, resources: dict[str, Any]) -> dict[str, Any]:
        plans: dict[str, Any] = {}
        for route, item in self.spec.get("paths", {}).items():
            for method, operation in item.items():
                if not isinstance(operation, dict) or "operationId" not in operation:
                    continue
                path = ("paths", route, method)
                plans[operation["operationId"]] = {
                    "source": self.where(*path, BEHAVIOUR),
                    "steps": self.operation(path, route, operation, resources),
                }
        return plans

    def operation(
        self, path: tuple[str, ...], route: str, operation: dict[str, Any], resources: dict
    ) -> list[dict[str, Any]]:
        op_id = operation["operationId"]
        declared = operation.get(BEHAVIOUR)
        here = (*path, BEHAVIOUR)
        if not isinstance(declared, dict):
            raise self.fail(
                path,
                f"{op_id} declares no {BEHAVIOUR}: say what it does, {EXAMPLE}, so the fake "
                "and the Try-it panel can serve it",
            )
        kinds = [k for k in KINDS if k in declared]
        if len(kinds) != 1:
            raise self.fail(here, f"{op_id}: name exactly one kind, {EXAMPLE}")
        kind = kinds[0]
        unknown = set(declared) - {kind} - OPTIONS[kind]
        if unknown:
            raise self.fail(
                (*here, sorted(unknown)[0]),
                f"{op_id}: {kind} takes no {sorted(unknown)[0]!r} "
                f"(it takes: {', '.join(sorted(OPTIONS[kind])) or 'nothing more'})",
            )
        if kind == "custom":
            return [self.custom((*here, "custom"), declared["custom"])]
        name = declared[kind]
        if name not in resources:
            raise self.fail(
                (*here, kind),
                f"{op_id}: {name!r} is not a resource in {RESOURCES} ({', '.join(resources)})",
            )
        resource = resources[name]
        path_params = [p["name"] for p in self._parameters(operation) if p.get("in") == "path"]
        body = self._body_names(operation)
        ctx = _Op(self, here, op_id, name, resource, path_params, body, operation, resources)
        return getattr(ctx, kind)(declared)

    def custom(self, path: tuple[str, ...], name: Any) -> dict[str, Any]:
        if not isinstance(name, str) or not callable(getattr(custom, name, None)):
            raise self.fail(
                path,
                f"custom behaviour {name!r} is not a function in src/vinr_docs/fake/custom.py: "
                "add `def {name}(ctx, values)` there and `export function {name}(ctx, values)` "
                "in src/vinr_docs/tryit/custom.js",
            )
        return {"op": "custom", "name": name}

    def _parameters(self, operation: dict[str, Any]) -> list[dict[str, Any]]:
        return [p for p in operation.get("parameters", []) if isinstance(p, dict)]

    def _body_names(self, operation: dict[str, Any]) -> list[str]:
        content = operation.get("requestBody", {}).get("content", {})
        schema = next(iter(content.values()), {}).get("schema", {}) if content else {}
        return list(schema.get("properties", {}))

    def events(self) -> dict[str, Any]:
        declared = self.spec.get(EVENTS)
        if not isinstance(declared, dict) or not isinstance(declared.get("id_prefix"), str):
            raise self.fail((EVENTS,), f"write `{EVENTS}: {{id_prefix: evt_}}`")
        return {"prefix": declared["id_prefix"]}


class _Op:
    """Compiles one operation's declaration into steps."""

    def __init__(
        self,
        c: _Compiler,
        here: tuple[str, ...],
        op_id: str,
        name: str,
        resource: dict,
        path_params: list[str],
        body: list[str],
        operation: dict[str, Any],
        resources: dict[str, Any],
    ) -> None:
        self.c, self.here, self.op_id, self.name, self.resource = c, here, op_id, name, resource
        self.path_params, self.body, self.operation = path_params, body, operation
        self.resources = resources

    def fail(self, message: str, *key: str) -> PlanError:
        return self.c.fail((*self.here, *key), f"{self.op_id}: {message}")

    def id_param(self, kind: str) -> str:
        if len(self.path_params) != 1:
            raise self.fail(
                f"{kind} finds the {self.name} by the path's one parameter, e.g. "
                f"/v1/{self.resource['collection']}/{{id}} (this path has "
                f"{len(self.path_params)})"
            )
        return self.path_params[0]

    def no_path_params(self, kind: str) -> None:
        if self.path_params:
            raise self.fail(
                f"{kind} takes no path parameter (add `of: <parent>` for a nested list)"
            )

    def event(self, kind: str, bind: str = "it") -> list[dict[str, Any]]:
        """The conventional event `<resource>.<past tense>`, if the spec documents its webhook."""
        event_type = f"{self.name}.{PAST[kind]}"
        if event_type not in self.c.spec.get("webhooks", {}):
            return []
        return [{"op": "emit", "type": event_type, "object": bind, "previous": kind == "update"}]

    def find(self, param: str, resource: str, bind: str) -> dict:
        return {
            "op": "find",
            "resource": resource,
            "id": {"param": param},
            "as": bind,
            "missing": REFERENCE_MISSING if param in self.body else MISSING,
        }

    def check_refs(self) -> list[dict[str, Any]]:
        refs = {f: t for f, t in self.resource["references"].items() if f in self.body}
        return [{"op": "check_refs", "fields": refs, "missing": REFERENCE_MISSING}] if refs else []

    def refuse(self, declared: dict[str, Any], bound: dict[str, str]) -> list[dict[str, Any]]:
        rules = declared.get("refuse", [])
        if not isinstance(rules, list):
            raise self.fail("refuse is a list of {if: …, error: code}", "refuse")
        errors = self.c.spec.get("x-vinr-errors", {})
        steps = []
        for index, rule in enumerate(rules):
            key = ("refuse", str(index))
            if not isinstance(rule, dict) or set(rule) != {"if", "error"}:
                raise self.fail("each refusal is {if: <condition>, error: <code>}", "refuse")
            if rule["error"] not in errors:
                raise self.fail(
                    f"error {rule['error']!r} is not in x-vinr-errors: add it there "
                    "(status, type, message)",
                    "refuse",
                )
            when = self.condition(rule["if"], bound, key)
            it_id = {"var": "it", "field": "id"}
            steps.append(
                {"op": "refuse", "when": when, "error": rule["error"], "values": {"id": it_id}}
            )
        return steps

    def condition(self, cond: Any, bound: dict[str, str], key: tuple[str, ...]) -> dict:
        if isinstance(cond, dict) and set(cond) == {"exists", "where"}:
            if cond["exists"] not in self.resources:
                raise self.fail(f"exists: {cond['exists']!r} is not a declared resource", "refuse")
            where = {f: self.value(v, bound) for f, v in dict(cond["where"]).items()}
            return {"exists": cond["exists"], "where": where}
        if isinstance(cond, dict) and "field" in cond and ("not_in" in cond or "in" in cond):
            test = "not_in" if "not_in" in cond else "in"
            return {
                "field": {"var": "it", "field": cond["field"]},
                test: [self.value(v, bound) for v in cond[test]],
            }
        raise self.fail(
            "a condition is {exists: <resource>, where: {field: value}} or "
            "{field: <name>, not_in: [values]} (values: constants, $field of the object, "
            "$parent.field)",
            "refuse",
        )

    def value(self, value: Any, bound: dict[str, str]) -> dict[str, Any]:
        if isinstance(value, str) and value.startswith("$"):
            var, _, field = value[1:].rpartition(".")
            if (var or "it") not in {"it", *bound}:
                raise self.fail(f"{value}: only $field (the object) and $parent.field exist")
            return {"var": var or "it", "field": field}
        return {"const": value}

    # --- kinds -----------------------------------------------------------------------------

    def create(self, declared: dict[str, Any]) -> list[dict[str, Any]]:
        self.no_path_params("create")
        return [
            *self.check_refs(),
            {"op": "insert", "resource": self.name, "as": "it", "from": self.body},
            *self.event("create"),
            {"op": "reply", "object": "it", "expand": None},
        ]

    def retrieve(self, declared: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            self.find(self.id_param("retrieve"), self.name, "it"),
            {"op": "reply", "object": "it", "expand": self.expand()},
        ]

    def update(self, declared: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            self.find(self.id_param("update"), self.name, "it"),
            *self.check_refs(),
            {"op": "update", "var": "it", "fields": self.body},
            *self.event("update"),
            {"op": "reply", "object": "it", "expand": None},
        ]

    def delete(self, declared: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            self.find(self.id_param("delete"), self.name, "it"),
            *self.refuse(declared, {}),
            {"op": "clear_refs", "var": "it"},
            {"op": "remove", "var": "it", "as": "deleted"},
            *self.event("delete", "deleted"),
            {"op": "reply", "object": "deleted", "expand": None},
        ]

    def attach(self, declared: dict[str, Any]) -> list[dict[str, Any]]:
        parent = declared.get("to")
        source = declared.get("id_from")
        if parent not in self.resources or source not in self.body:
            raise self.fail(
                "attach needs `to: <parent resource>` and `id_from: <body field with the id>`"
            )
        link = self.link(parent)
        parent_id = {"var": "parent", "field": "id"}
        return [
            self.find(self.id_param("attach"), parent, "parent"),
            self.find(source, self.name, "it"),
            *self.refuse(declared, {"parent": "parent"}),
            {"op": "set", "var": "it", "field": link, "value": parent_id},
            *self.event("attach"),
            {"op": "reply", "object": "it", "expand": None},
        ]

    def detach(self, declared: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            self.find(self.id_param("detach"), self.name, "it"),
            *self.refuse(declared, {}),
            {"op": "clear_refs", "var": "it"},
            *[
                {"op": "set", "var": "it", "field": f, "value": {"const": None}}
                for f, t in self.resource["references"].items()
                if t != self.name
            ],
            *self.event("detach"),
            {"op": "reply", "object": "it", "expand": None},
        ]

    def link(self, parent: str) -> str:
        fields = [f for f, t in self.resource["references"].items() if t == parent]
        if len(fields) != 1:
            raise self.fail(
                f"{self.name} needs one field that references {parent} "
                f"(`references: {{{parent}: {parent}}}` in {RESOURCES}.{self.name})"
            )
        return fields[0]

    def list(self, declared: dict[str, Any]) -> list[dict[str, Any]]:
        parent = declared.get("of")
        steps: list[dict[str, Any]] = []
        scope = None
        if parent is not None:
            if parent not in self.resources:
                raise self.fail(f"of: {parent!r} is not a declared resource", "of")
            steps.append(self.find(self.id_param("list"), parent, "parent"))
            scope = {"field": self.link(parent), "value": {"var": "parent", "field": "id"}}
        else:
            self.no_path_params("list")
        query = {p["name"]: p for p in self.c._parameters(self.operation) if p.get("in") == "query"}
        paging = self.c.spec.get(PAGINATION)
        if not isinstance(paging, dict) or not {"after", "before", "limit"} <= set(paging):
            raise self.c.fail(
                (PAGINATION,),
                f"write `{PAGINATION}: {{after: starting_after, before: ending_before, "
                "limit: limit, combined: <error example name>}`",
            )
        missing = [paging[k] for k in ("after", "before", "limit") if paging[k] not in query]
        if missing:
            raise self.fail(f"a list takes the query parameter {missing[0]!r} ({PAGINATION})")
        default = query[paging["limit"]].get("schema", {}).get("default")
        if not isinstance(default, int):
            raise self.fail(f"give the {paging['limit']!r} parameter's schema a `default:`")
        filters = []
        for param, match in dict(declared.get("filters", {})).items():
            # The field compared is the parameter's namesake (a field renamed in the schema
            # alone then matches nothing, and the samples relying on it fail, named).
            if param not in query or match not in MATCHES:
                raise self.fail(
                    f"filter {param!r}: name a query parameter of the operation, with one of: "
                    f"{', '.join(MATCHES)}",
                    "filters",
                )
            filters.append({"param": param, "field": param, "match": match})
        steps.append(
            {
                "op": "page",
                "resource": self.name,
                "order": self.resource["order"],
                "after": paging["after"],
                "before": paging["before"],
                "limit": paging["limit"],
                "default_limit": default,
                "combined_message": self.combined(paging),
                "missing": MISSING,
                "filters": filters,
                "scope": scope,
            }
        )
        return steps

    def combined(self, paging: dict[str, Any]) -> str:
        """The message for both cursors sent: the documented example `paging.combined`."""
        name = paging.get("combined")
        for response in self.operation.get("responses", {}).values():
            examples = response.get("content", {}).get("application/json", {}).get("examples", {})
            if name in examples:
                return examples[name]["value"]["error"]["message"]
        raise self.fail(
            f"document the error for both cursors sent as a 400 example named {name!r} "
            f"({PAGINATION}.combined)"
        )

    def expand(self) -> str | None:
        for parameter in self.c._parameters(self.operation):
            schema = parameter.get("schema", {})
            if parameter.get("in") == "query" and schema.get("type") == "array":
                names = set(schema.get("items", {}).get("enum", []))
                extra = names - set(self.resource["references"])
                if extra:
                    raise self.fail(
                        f"{parameter['name']} can expand {sorted(extra)[0]!r}, which "
                        f"{RESOURCES}.{self.name}.references does not declare"
                    )
                return str(parameter["name"])
        return None


def compile_plan(spec: dict[str, Any], source: str, text: str | None = None) -> dict[str, Any]:
    """The plan for a resolved spec (`source` names it in errors; `text` gives line numbers)."""
    compiler = _Compiler(spec, source, text)
    resources = compiler.resources()
    return {
        "resources": resources,
        "events": compiler.events(),
        "operations": compiler.operations(resources),
    }


def plan_for(rules: Any) -> dict[str, Any]:
    """The plan for an `ApiRules` (its spec file, when it has one, gives line numbers)."""
    text = None
    if rules.path is not None and rules.path.is_file():
        text = rules.path.read_text(encoding="utf-8")
    return compile_plan(rules.resolved, rules.source, text)
