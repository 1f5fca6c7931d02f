"""Property-based agreement: a Hypothesis state machine drives the Python fake and the in-page mock
(Node, tests/tryit/lockstep.mjs) in lockstep, from every page's fixture state. Each step is a
request to an operation drawn from the spec, with ids the session knows (from the fixture or
created on the way), strangers, documented examples, the corpus's values, random text, idempotency
keys that repeat, and wrong keys; both mocks must answer it identically (status, headers, body,
problems) and have emitted the same events. Bounded (a few seconds) and derandomized for CI.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from vinr_docs.fake import FakeApi
from vinr_docs.fake.rules import IDEMPOTENCY_HEADER, PLACEHOLDER_KEY, Operation, RawRequest
from vinr_docs.tryit.generate import build_config

from .corpus import EMAILS, INTEGERS
from .test_agreement import CLOCK_START, states
from .tryit_helpers import ROOT, wire_request

LOCKSTEP = Path(__file__).with_name("lockstep.mjs")
KEYS = ["k1", "k2"]  # few idempotency keys, so replays and conflicts happen


class Node:
    """The in-page mock in a node process, one JSON line per command."""

    def __init__(self, module: Path) -> None:
        node = shutil.which("node")
        assert node is not None, "node is needed to run the in-page mock"
        self.process = subprocess.Popen(
            [node, str(LOCKSTEP), str(module)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=ROOT,
        )

    def __call__(self, command: dict[str, Any]) -> Any:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(command, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the node mock exited"
        return json.loads(line)

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


def values_for(schema: dict[str, Any], example: Any, ids: list[str]) -> st.SearchStrategy[Any]:
    """Values for one parameter or field: its example, the corpus for its type, known ids,
    random text."""
    options: list[Any] = []
    if example is not None:
        options.append(st.just(example))
    if isinstance(example, str):
        options.append(st.sampled_from([example.upper(), example.swapcase(), f" {example}"]))
    plain = schema.get("type", "string") == "string" and "format" not in schema
    if ids and plain:
        options.append(st.sampled_from(ids))
    if schema.get("type") == "integer":
        options += [st.sampled_from(INTEGERS), st.integers(-5, 120).map(str)]
    if schema.get("format") == "email":
        options += [st.sampled_from(EMAILS), st.emails().filter(lambda e: len(e) < 80)]
    if schema.get("type") == "array":
        enum = schema.get("items", {}).get("enum", [])
        options = [st.lists(st.sampled_from([*enum, "x"]), max_size=2)] if enum else options
    options.append(st.text(max_size=12))
    return st.one_of(*options)


class Lockstep(RuleBasedStateMachine):
    api: FakeApi
    node: Node
    configs: dict[str, dict[str, Any]]
    page_states: dict[str, dict[str, Any]]

    @initialize(key=st.sampled_from(sorted(states())))
    def start(self, key: str) -> None:
        self.state = copy.deepcopy(self.page_states[key])
        self.now = [CLOCK_START]
        self.session = self.api.new_session(
            copy.deepcopy(self.state), clock=lambda now=self.now: now[0]
        )
        self.node({"start": {"config": self.configs[key], "state": None, "clock": CLOCK_START}})
        self.ids = sorted(
            item["id"]
            for resource in self.api.plan["resources"].values()
            for item in self.state.get(resource["collection"], [])
        )
        self.last: tuple[Any, Any] | None = None

    @rule(data=st.data())
    def request(self, data: st.DataObject) -> None:
        operation: Operation = data.draw(
            st.sampled_from(sorted(self.api.rules.operations.values(), key=lambda o: o.id))
        )
        step = self.draw_request(data, operation)
        request = wire_request(step)
        exchange = self.api.handle(
            self.session,
            RawRequest(
                request["method"],
                request["path"],
                request["query"],
                request["headers"],
                request["body"].encode(),
            ),
        )
        python = {
            "status": exchange.status,
            "headers": {"Content-Type": "application/json", **exchange.response_headers},
            "body": exchange.body,
            "problems": [p.kind for p in exchange.problems],
            "events": [
                {"type": e.type, "operation": e.operation, "payload": e.payload}
                for e in self.session.events
            ],
        }
        js = self.node({"request": request})
        assert python == js, (
            f"{operation.id}: {json.dumps(request, ensure_ascii=False)}\n"
            f"python fake: {json.dumps(python, ensure_ascii=False)}\n"
            f"in-page mock: {json.dumps(js, ensure_ascii=False)}"
        )
        body = exchange.body if isinstance(exchange.body, dict) else {}
        if exchange.status == 200 and isinstance(body.get("id"), str):
            self.ids = sorted({*self.ids, body["id"]})

    @rule(seconds=st.sampled_from([1, 24 * 60 * 60 + 1]))
    def advance(self, seconds: int) -> None:
        self.now[0] += seconds
        self.node({"advance": seconds})

    @invariant()
    def no_fake_bug(self) -> None:
        assert all(
            not e.problems or e.problems[0].kind != "fake_bug" for e in self.session.exchanges
        )

    def draw_request(self, data: st.DataObject, operation: Operation) -> dict[str, Any]:
        ids = self.ids
        path = operation.path
        query: list[tuple[str, Any]] = []
        body: dict[str, Any] = {}
        for (where, name), parameter in operation.parameters.items():
            schema = parameter.get("schema", {})
            if where == "path":
                value = data.draw(st.one_of(st.sampled_from(ids or ["x"]), st.text(max_size=6)))
                path = path.replace("{" + name + "}", quote(value, safe=""))
            elif where == "query" and data.draw(st.booleans()):
                value = data.draw(values_for(schema, parameter.get("example"), ids))
                query += [(name, v) for v in value] if isinstance(value, list) else [(name, value)]
        step: dict[str, Any] = {"name": operation.id, "method": operation.method, "path": path}
        if operation.body_schema is not None:
            content = operation.spec["requestBody"]["content"]
            example = next(iter(content.values())).get("example", {})
            for name, prop in operation.body_schema.get("properties", {}).items():
                if data.draw(st.booleans()):
                    body[name] = data.draw(values_for(prop, example.get(name), ids))
            if data.draw(st.booleans()):
                body[data.draw(st.sampled_from(["nickname", "x"]))] = "y"
            step["body"] = urlencode(body)
        if query:
            step["query"] = urlencode(query)
        if operation.idempotent and data.draw(st.booleans()):
            step["headers"] = {IDEMPOTENCY_HEADER: data.draw(st.sampled_from(KEYS))}
        step["key"] = data.draw(st.sampled_from([PLACEHOLDER_KEY] * 4 + [None, "sk_test_wrong"]))
        return step


@pytest.mark.parametrize("module", ["mock.js"])
def test_both_mocks_agree_on_random_request_sequences(
    api: FakeApi, generated: Path, module: str
) -> None:
    node = Node(generated / module)
    try:
        page_states = states()
        Lockstep.api = api
        Lockstep.node = node
        Lockstep.page_states = page_states
        Lockstep.configs = {
            key: build_config(api.rules, state) for key, state in page_states.items()
        }
        run_state_machine_as_test(
            Lockstep,
            settings=settings(
                max_examples=40,
                stateful_step_count=20,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
                phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: seconds
            ),
        )
    finally:
        node.close()
