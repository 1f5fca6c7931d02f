"""Every operation of the JS and Ruby clients sends what the Python reference client sends, and
returns (and records) exactly the JSON the API replied with.

The calls are derived, never listed: for every operation of the spec, its client method in each
language (`x-vinr-sdk`) is called with its documented values (path parameter examples, query
parameter examples, the request body example), with an idempotency key when it takes one and
each value of an expandable field when it has one; the reply is its primary sample's documented
response. The wire encodings (nested values, an id that needs escaping) run on the first
operation that has a form body or a path parameter. A new operation is covered with no edit here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import vinr

from .calls import CASES, DELETE, RETRIEVE, Case, js, ruby
from .harness import CALL_LINE, FORM, KEY, Exchange, Language, Recorder


def assert_sent(exchanges: list[Exchange], case: Case, key: str = KEY) -> None:
    assert len(exchanges) == 1, exchanges
    sent = exchanges[0]
    assert (sent.method, sent.path) == (case.method, case.path)
    assert sent.query == case.query
    assert sent.form == case.form
    assert sent.headers.get("x-api-key") == key
    assert sent.headers.get("idempotency-key") == case.idempotency_key
    assert sent.content_type == (FORM if case.form else None)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_python_reference_client_sends_the_expected_request(
    case: Case, server: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pins the expectations below to what the Python client really does."""
    monkeypatch.setattr(vinr, "api_base", server.url)
    monkeypatch.setattr(vinr, "api_key", KEY)
    server.reply = lambda exchange: (200, case.reply)
    assert json.loads(json.dumps(case.python())) == case.reply
    assert_sent(server.exchanges, case)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_client_sends_like_python_and_records_what_it_returned(
    case: Case, language: Language, server: Recorder, tmp_path: Path
) -> None:
    server.reply = lambda exchange: (200, case.reply)
    env = {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": server.url}
    run = language.run_code(tmp_path, f"{case.code(language)}\n", env)
    assert run.returncode == 0, run.explain()
    assert_sent(server.exchanges, case)
    assert run.records == [
        {"operation": language.label(case.label), "line": CALL_LINE, "returned": case.reply}
    ]


def test_recorder_reports_every_call_with_its_own_line(
    language: Language, server: Recorder, tmp_path: Path
) -> None:
    """A retrieve, then a delete of what it returned from inside a function: each call is
    recorded with the line of the sample that made it (the innermost frame's)."""
    server.reply = lambda exchange: (
        200,
        DELETE.reply if exchange.method == DELETE.method else RETRIEVE.reply,
    )
    [argument] = RETRIEVE.args
    retrieve, delete = RETRIEVE.sdk, DELETE.sdk
    calls = {
        "js": f"const c = await vinr.{retrieve['node']}({js(argument)});\n\n"
        f"async function remove(id) {{\n  return vinr.{delete['node']}(id);\n}}\n"
        "await remove(c.id);\n",
        "ruby": f"c = Vinr::{retrieve['ruby']}({ruby(argument)})\n\n"
        f"def remove(id)\n  Vinr::{delete['ruby']}(id)\nend\nremove(c.id)\n",
    }
    run = language.run_code(
        tmp_path, calls[language.name], {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": server.url}
    )
    assert run.returncode == 0, run.explain()
    assert run.records == [
        {"operation": language.label(RETRIEVE.label), "line": 3, "returned": RETRIEVE.reply},
        {"operation": language.label(DELETE.label), "line": 6, "returned": DELETE.reply},
    ]
    assert [e.path for e in server.exchanges] == [RETRIEVE.path, DELETE.path]
    assert run.stdout == ""  # the recorder never prints


def test_no_recorder_output_without_the_env_var(
    language: Language, server: Recorder, tmp_path: Path
) -> None:
    server.reply = lambda exchange: (200, RETRIEVE.reply)
    run = language.run_code(
        tmp_path,
        f"{RETRIEVE.code(language)}\n",
        {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": server.url, "VINR_RESULT_FD": ""},
    )
    assert run.returncode == 0, run.explain()
    assert run.records == []
    assert len(server.exchanges) == 1


def test_recorder_appends_to_vinr_result_path(
    language: Language, server: Recorder, tmp_path: Path
) -> None:
    """The runners' variant: a file path instead of an inherited descriptor."""
    server.reply = lambda exchange: (200, RETRIEVE.reply)
    results = tmp_path / "results.jsonl"
    run = language.run_code(
        tmp_path,
        f"{RETRIEVE.code(language)}\n",
        {
            "VINR_SECRET_KEY": KEY,
            "VINR_API_BASE": server.url,
            "VINR_RESULT_FD": "",
            "VINR_RESULT_PATH": str(results),
        },
    )
    assert run.returncode == 0, run.explain()
    records = [json.loads(line) for line in results.read_text().splitlines()]
    assert records == [
        {"operation": language.label(RETRIEVE.label), "line": CALL_LINE, "returned": RETRIEVE.reply}
    ]
