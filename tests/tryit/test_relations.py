"""The relation kinds (attach, detach, a nested list, a default cleared on detach) in both mocks.

The agreement script is generated from the spec's relation operations, on a state where each
referencing resource's objects are attached, free, or attached to another parent. Both mocks
must answer it identically, each documented error word for word, and the detached default must
be null on its parent afterwards.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from vinr_docs.fake import FakeApi
from vinr_docs.tryit.generate import SPEC, write

from .generated import Generator, documented_examples
from .test_agreement import differences, run_js, run_python, states


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory) -> tuple[FakeApi, Path, dict[str, Any]]:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    folder = tmp_path_factory.mktemp("relations")
    path = folder / "openapi.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    out = folder / "out"
    write(out, path)
    return FakeApi.from_file(path, "openapi.yaml"), out, spec


def relation_state(api: FakeApi) -> dict[str, Any]:
    """A page state, plus: a second customer; for each resource that references another, one
    object attached to each customer (the first customer's default is attached to it) and one
    free object (the example's id, when the spec documents one)."""
    state = copy.deepcopy(next(iter(states().values())))
    resources = api.plan["resources"]
    for name, resource in resources.items():
        for field, target in resource["references"].items():
            if target == name or resources[target]["fields"] is None:
                continue
            parents = state.setdefault(resources[target]["collection"], [])
            other = {**copy.deepcopy(parents[0]), "id": parents[0]["id"] + "other"}
            for ref in resources[target]["references"]:
                other[ref] = None
            parents.append(other)
            items = state.setdefault(resource["collection"], [])
            for item in items:
                item[field] = parents[0]["id"]
            template = copy.deepcopy(items[0])
            free, taken = (f"{resource['prefix']}{suffix}" for suffix in ("4eT6", "7hQ1"))
            for ident, owner in ((free, None), (taken, other["id"])):
                items.append({**template, "id": ident, field: owner})
    return state


def test_both_mocks_agree_on_relations(
    extended: tuple[FakeApi, Path, dict[str, Any]], tmp_path: Path
) -> None:
    api, out, _ = extended
    script = {"scenarios": Generator(api, relation_state(api), "relations").scenarios()}
    kinds = {Generator(api, {}, "").kind(op) for op in api.rules.operations.values()}
    assert {"attach", "detach"} <= kinds
    python = run_python(api, script)
    js = run_js(api, script, out / "mock.js", tmp_path)
    problems = differences(python, js)
    assert not problems, "\n\n".join(problems)

    examples = documented_examples(api)
    replies = {(s["name"], r["step"]): r for s in python for r in s["records"]}
    for scenario in script["scenarios"]:
        for step in scenario["steps"]:
            if "documents" in step:
                status, body = examples[step["documents"]]
                reply = replies[(scenario["name"], step["name"])]
                assert (reply["status"], reply["body"]) == (status, body), step["name"]
    covered = {
        s["documents"] for sc in script["scenarios"] for s in sc["steps"] if "documents" in s
    }
    assert set(examples) <= covered

    [relations] = [s for s in python if s["name"].endswith(": relations")]
    records = {r["step"].rsplit(": ", 1)[-1]: r for r in relations["records"]}
    assert records["attach"]["status"] == 200, records["attach"]
    assert records["detach the default"]["status"] == 200
    detached = records["detach the default"]["body"]["id"]
    cleared = records["the default cleared"]["body"]
    assert detached not in json.dumps(cleared), cleared
    types = [e["type"] for e in relations["events"]]
    assert any(t.endswith(".attached") for t in types) and any(
        t.endswith(".detached") for t in types
    )
