"""Schemathesis (pinned) runs every check, stateful included, against `make mock`: 0 failures
beyond the accepted ones listed with their reason in schemathesis-baseline.json.

Bounded (a fixed seed and example count) so it takes about a minute on two shared cores. The key
the fake accepts is given as the spec's own security scheme (not a fixed header), so the
missing-key checks still remove it. `st_hooks.py` says why valid idempotency keys are made unique.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from vinr_docs.fake.rules import PLACEHOLDER_KEY
from vinr_docs.spec import load

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "docs" / "openapi.yaml"
EXAMPLES = 25  # per operation and phase
SEED = 20261204
# Failures accepted for now, each with its reason and an expiry date (Schemathesis' own format).
BASELINE = Path(__file__).with_name("schemathesis-baseline.json")


@pytest.fixture(scope="module")
def mock() -> Iterator[str]:
    """`make mock` on a free port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "vinr_docs.fake", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None and "fake VINR API on" in server.stdout.readline()
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


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


def test_schemathesis_finds_no_failure(mock: str, tmp_path: Path) -> None:
    st = Path(sys.executable).parent / "st"
    result = subprocess.run(
        [str(st), "--config-file", str(config(tmp_path)), "run", str(SPEC_PATH), "-u", mock]
        + ["--checks", "all", "--phases", "examples,coverage,fuzzing,stateful"]
        + ["--max-examples", str(EXAMPLES), "--seed", str(SEED), "--workers", "2"]
        + ["--generation-database", "none", "--no-color", "--baseline", str(BASELINE)]
        + ["--report", "ndjson", "--report-dir", str(tmp_path / "report")],
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
    assert " generated, " in output and "0 found" not in output.split(" generated, ")[0]
