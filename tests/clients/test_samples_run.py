"""Every `node.js` and `ruby.rb` sample under snippets/ is valid code for its client: run against
a stub that answers with the folder's `response.json`, it exits 0 and the recorder reports the
call. (The real verification, against the spec-driven fake, is the engine's job.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from . import harness
from .harness import JS, ROOT, RUBY, Language, recording_server

SNIPPETS = ROOT / "snippets"
SAMPLES = sorted([*SNIPPETS.glob("**/node.js"), *SNIPPETS.glob("**/ruby.rb")])
KEY = "sk_test_samples"
# HTTP status of an error body, by error code, then by error type (400 for the rest).
STATUS_BY_CODE = {"resource_missing": 404, "api_key_invalid": 401,
                  "customer_has_active_subscriptions": 409}
STATUS_BY_TYPE = {"authentication_error": 401, "permission_error": 403,
                  "rate_limit_error": 429, "api_error": 500}


def status_for(body: Any) -> int:
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return 200
    return STATUS_BY_CODE.get(error.get("code"), STATUS_BY_TYPE.get(error.get("type"), 400))


def language_of(sample: Path) -> Language:
    return JS if sample.suffix == ".js" else RUBY


def test_samples_are_discovered() -> None:
    assert {path.name for path in SAMPLES} == {"node.js", "ruby.rb"}


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: str(path.relative_to(SNIPPETS)))
def test_sample_runs_with_its_client(sample: Path) -> None:
    response = sample.parent / "response.json"
    assert response.is_file(), f"{sample.relative_to(ROOT)}: no response.json next to it"
    body = json.loads(response.read_text())
    status = status_for(body)
    with recording_server() as server:
        server.reply = lambda exchange: (status, body)
        run = language_of(sample).run(sample, {"VINR_SECRET_KEY": KEY,
                                               "VINR_API_BASE": server.url})
    where = sample.relative_to(ROOT)
    assert run.returncode == 0, f"{where} failed:\n{run.explain()}"
    assert run.records, f"{where} made no client call"
    assert server.exchanges and all(e.headers.get("x-api-key") == KEY for e in server.exchanges)
    last = run.records[-1]
    assert last.get("returned" if status == 200 else "raised") == body
    operation = last["operation"].split(".")[1]
    lines = sample.read_text().splitlines()
    assert last["line"] is not None and f".{operation}(" in lines[last["line"] - 1], (
        f"{where}: recorded line {last['line']} is not the {operation} call")


def test_missing_runtime_fails_in_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(harness.shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="`ruby` is not installed"):
        harness.require_runtime("ruby")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="install-system-deps"):
        harness.require_runtime("ruby")
