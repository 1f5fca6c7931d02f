"""Schemathesis (pinned) runs every check, stateful included, against `make mock`: 0 failures,
with Schemathesis' own expected statuses (no baseline of accepted failures). Every case it sent
is then replayed, in order, against a fresh `make mock` and a fresh in-page mock (the page's
bundled module behind tests/contract/mock_server.mjs): any difference in status, the headers the
API sets or the JSON body fails, naming the request.

Bounded (a fixed seed and example count) so it takes about a minute on two shared cores. The key
the fake accepts is given as the spec's own security scheme (not a fixed header), so the
missing-key checks still remove it. `st_hooks.py` says why valid idempotency keys are made unique.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from servers import in_page_mock, make_mock
from vinr_docs.fake.rules import PLACEHOLDER_KEY
from vinr_docs.spec import load
from vinr_docs.tryit.generate import write

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "docs" / "openapi.yaml"
EXAMPLES = 25  # per operation and phase
SEED = 20261204
# Headers the API itself sets (the servers' own, e.g. Date or Server, are not compared).
COMPARED_HEADERS = ("content-type", "allow", "idempotent-replayed")


def config(tmp_path: Path) -> Path:
    """schemathesis.toml giving the placeholder key to each API-key scheme of the spec."""
    schemes = load(SPEC_PATH).raw["components"]["securitySchemes"]
    lines = [
        f'[auth.openapi.{name}]\napi_key = "{PLACEHOLDER_KEY}"\n'
        for name, scheme in schemes.items()
        if scheme.get("type") == "apiKey"
    ]
    path = tmp_path / "schemathesis.toml"
    path.write_text("\n".join(lines))
    return path


@pytest.fixture(scope="module")
def run(mock: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Schemathesis' output, and the cassette of every request it sent (unsanitized bytes)."""
    tmp_path = tmp_path_factory.mktemp("schemathesis")
    st = Path(sys.executable).parent / "st"
    result = subprocess.run(
        [str(st), "--config-file", str(config(tmp_path)), "run", str(SPEC_PATH), "-u", mock]
        + ["--checks", "all", "--phases", "examples,coverage,fuzzing,stateful"]
        + ["--max-examples", str(EXAMPLES), "--seed", str(SEED), "--workers", "2"]
        + ["--generation-database", "none", "--no-color", "--output-sanitize", "false"]
        + ["--report", "vcr", "--report-preserve-bytes"]
        + ["--report-dir", str(tmp_path / "report")],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "SCHEMATHESIS_HOOKS": "tests.contract.st_hooks",
        },
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-8000:]
    [cassette] = (tmp_path / "report").glob("vcr-*.yaml")
    yield output, cassette


def test_schemathesis_finds_no_failure(run: tuple[str, Path]) -> None:
    output, _ = run
    assert " generated, " in output and "0 found" not in output.split(" generated, ")[0]
    assert "No issues found" in output, output[-8000:]


def recorded(cassette: Path) -> list[dict[str, Any]]:
    """The requests Schemathesis sent, in the order it sent them."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    interactions = yaml.load(cassette.read_text(encoding="utf-8"), Loader=loader)
    sent = [i for i in interactions["http_interactions"] if i.get("request")]
    return [i["request"] for i in sorted(sent, key=lambda i: i["recorded_at"])]


def send(base: str, request: dict[str, Any]) -> dict[str, Any]:
    """Send one recorded request as it was (target, headers, body bytes); the API's answer."""
    url = urlsplit(request["uri"])
    target = url.path + (f"?{url.query}" if url.query else "")
    body = request.get("body") or {}
    data = base64.b64decode(body["base64_string"]) if "base64_string" in body else None
    skip = {"host", "content-length", "connection", "transfer-encoding"}
    headers = {k: ", ".join(v) for k, v in request["headers"].items() if k.lower() not in skip}
    host = urlsplit(base)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    try:
        connection.request(request["method"], target, body=data, headers=headers)
        reply = connection.getresponse()
        payload = reply.read()
        answer: dict[str, Any] = {"status": reply.status}
        for name in COMPARED_HEADERS:
            answer[name] = reply.getheader(name)
        answer["body"] = json.loads(payload) if payload else None
        return answer
    finally:
        connection.close()


def test_the_in_page_mock_answers_every_case_as_the_fake(
    run: tuple[str, Path], tmp_path: Path
) -> None:
    requests = recorded(run[1])
    write(tmp_path / "tryit")
    with make_mock() as fake, in_page_mock(tmp_path / "tryit") as page:
        answers = [(r, send(fake, r), send(page, r)) for r in requests]
    differences = [
        f"{r['method']} {urlsplit(r['uri']).path}?{urlsplit(r['uri']).query} "
        f"(case {r.get('headers', {}).get('X-Schemathesis-TestCaseId', ['?'])[0]}): "
        f"fake {json.dumps(a, ensure_ascii=False)[:600]}\n"
        f"     in-page mock {json.dumps(b, ensure_ascii=False)[:600]}"
        for r, a, b in answers
        if a != b
    ]
    assert len(requests) > 100, f"only {len(requests)} cases recorded"
    assert not differences, (
        f"{len(differences)} of {len(requests)} replayed cases differ:\n"
        + "\n".join(differences[:20])
    )
