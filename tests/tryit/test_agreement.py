"""The in-page mock and the Python fake provably agree: one request script (script.json), run
against both, must give the same status, headers and body for every request, the same problems
and the same events; the spec's documented error bodies are answered word for word."""

from __future__ import annotations

import copy
import difflib
import json
from pathlib import Path
from typing import Any

import pytest

from vinr_docs.fake import FakeApi
from vinr_docs.fake.rules import RawRequest
from vinr_docs.tryit.generate import build_config

from .tryit_helpers import ROOT, SCRIPT, load_script, run_node, wire_request

CLOCK_START = 1_000_000.0


@pytest.fixture(scope="module")
def script() -> dict[str, Any]:
    return load_script()


def scenario_state(scenario: dict[str, Any]) -> dict[str, Any]:
    state = scenario["state"]
    if isinstance(state, str):
        state = json.loads((ROOT / state).read_text(encoding="utf-8"))
    return {**copy.deepcopy(state), **scenario.get("state_overrides", {})}


def run_python(api: FakeApi, script: dict[str, Any]) -> list[dict[str, Any]]:
    results = []
    for scenario in script["scenarios"]:
        state, now = scenario_state(scenario), [CLOCK_START]
        session = api.new_session(copy.deepcopy(state), clock=lambda now=now: now[0])
        records = []
        for step in scenario["steps"]:
            if step.get("reset"):
                session = api.new_session(copy.deepcopy(state), clock=lambda now=now: now[0])
            elif "advance_clock" in step:
                now[0] += step["advance_clock"]
            else:
                request = wire_request(step)
                exchange = api.handle(
                    session,
                    RawRequest(
                        request["method"],
                        request["path"],
                        request["query"],
                        request["headers"],
                        request["body"].encode(),
                    ),
                )
                records.append(
                    {
                        "step": step["name"],
                        "status": exchange.status,
                        "headers": {
                            "Content-Type": "application/json",
                            **exchange.response_headers,
                        },
                        "body": exchange.body,
                        "problems": [p.kind for p in exchange.problems],
                    }
                )
        events = [
            {"type": e.type, "operation": e.operation, "payload": e.payload} for e in session.events
        ]
        results.append({"name": scenario["name"], "records": records, "events": events})
    return results


def js_input(api: FakeApi, script: dict[str, Any]) -> dict[str, Any]:
    """The script for the in-page mock: per scenario its config (built for its fixture state)
    and the wire requests."""
    scenarios = [
        {
            "name": scenario["name"],
            "config": build_config(api.rules, scenario_state(scenario)),
            "steps": [
                step
                if "reset" in step or "advance_clock" in step
                else {"name": step["name"], "request": wire_request(step)}
                for step in scenario["steps"]
            ],
        }
        for scenario in script["scenarios"]
    ]
    return {"clockStart": CLOCK_START, "scenarios": scenarios}


def run_js(api: FakeApi, script: dict[str, Any], module: Path, tmp: Path) -> list[dict]:
    return run_node(module, js_input(api, script), tmp)


def differences(python: list[dict], js: list[dict]) -> list[str]:
    """One readable diff per disagreeing request (or event log), named by scenario and step."""
    found = []
    for py_scenario, js_scenario in zip(python, js, strict=True):
        pairs = list(zip(py_scenario["records"], js_scenario["records"], strict=True))
        pairs.append(
            (
                {"step": "(events)", "events": py_scenario["events"]},
                {"step": "(events)", "events": js_scenario["events"]},
            )
        )
        for py, js_record in pairs:
            if py != js_record:
                diff = difflib.unified_diff(
                    json.dumps(py, indent=1, ensure_ascii=False).splitlines(),
                    json.dumps(js_record, indent=1, ensure_ascii=False).splitlines(),
                    "python fake",
                    "in-page mock",
                    lineterm="",
                )
                found.append(f"{py_scenario['name']} / {py['step']}:\n" + "\n".join(diff))
    return found


@pytest.mark.parametrize("module", ["mock.js", "tryit-mock.js"])
def test_both_mocks_answer_the_script_identically(
    api: FakeApi, generated: Path, script: dict[str, Any], module: str, tmp_path: Path
) -> None:
    python = run_python(api, script)
    js = run_js(api, script, generated / module, tmp_path)
    compared = sum(len(s["records"]) for s in python)
    assert compared == sum(len(s["steps"]) for s in script["scenarios"]) - sum(
        1
        for s in script["scenarios"]
        for step in s["steps"]
        if "reset" in step or "advance_clock" in step
    )
    problems = differences(python, js)
    assert not problems, (
        f"{len(problems)} of {compared} requests (or event logs) differ "
        f"({SCRIPT.relative_to(ROOT)}, {module}):\n\n" + "\n\n".join(problems)
    )


@pytest.mark.browser
def test_the_page_bundle_in_chromium_answers_the_script_like_the_python_fake(
    api: FakeApi, script: dict[str, Any], page, site_url: str
) -> None:  # type: ignore[no-untyped-def]
    """The same script, run by the bundle the built site serves, inside Chromium."""
    page.goto(f"{site_url}/api-reference/customers.html")
    page.locator(".vinr-tryit__toggle").first.click()
    page.wait_for_function("() => window.VinrTryIt !== undefined")
    page.add_script_tag(path=str(Path(__file__).with_name("scenarios.js")))
    js = page.evaluate(
        "(input) => window.runScenarios(window.VinrTryIt.createMock, input)",
        js_input(api, script),
    )
    python = run_python(api, script)
    problems = differences(python, js)
    assert sum(len(s["records"]) for s in js) == sum(len(s["records"]) for s in python) > 0
    assert not problems, f"{len(problems)} requests differ in Chromium:\n\n" + "\n\n".join(problems)


def test_the_python_fake_answers_each_documented_error_word_for_word(
    api: FakeApi, script: dict[str, Any]
) -> None:
    """With the agreement test, this puts the in-page mock's error bodies in the spec's words."""
    examples = documented_examples(api)
    python = run_python(api, script)
    replies = {(s["name"], r["step"]): r for s in python for r in s["records"]}
    wrong = []
    for scenario in script["scenarios"]:
        for step in scenario["steps"]:
            if "documents" in step:
                status, body = examples[step["documents"]]
                reply = replies[(scenario["name"], step["name"])]
                if (reply["status"], reply["body"]) != (status, body):
                    wrong.append(
                        f"{step['name']}: expected {status} {body}, "
                        f"got {reply['status']} {reply['body']}"
                    )
    assert not wrong, "\n".join(wrong)


def test_the_script_covers_every_documented_error_and_every_operation(
    api: FakeApi, script: dict[str, Any]
) -> None:
    steps = [step for scenario in script["scenarios"] for step in scenario["steps"]]
    covered = {step["documents"] for step in steps if "documents" in step}
    assert sorted(set(documented_examples(api)) - covered) == [], (
        f"add a step that answers each of these to {SCRIPT.relative_to(ROOT)}"
    )
    assert covered <= set(documented_examples(api)), "a step documents no spec example"
    routed = [
        api.rules.route(RawRequest(s["method"], s["path"], "", {})) for s in steps if "method" in s
    ]
    assert {op.id for op in routed if op} == set(api.rules.operations)


def test_email_addresses_the_brief_names_are_in_the_script(script: dict[str, Any]) -> None:
    bodies = {step.get("body") for s in script["scenarios"] for step in s["steps"]}
    for encoded in ("a%40b..com", "jenny%40example.com.", "jenny%40example.com"):
        assert f"email={encoded}" in bodies


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
