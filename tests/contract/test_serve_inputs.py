"""`mkdocs serve` with a bad input file: the page shows the error (file:line) instead of hanging
on "The server will appear stuck", and the next save recovers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from vinr_docs.languages import RESPONSE_FILE

pytestmark = pytest.mark.slow
BANNER = "Bad input files"
SPEC = "docs/openapi.yaml"


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return reply.read().decode()
    except OSError:
        return ""


def wait_for(condition: Callable[[], bool], what: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, f"mkdocs serve exited while waiting for {what}"
        if condition():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


def test_serve_shows_bad_inputs_on_the_page_and_recovers(project_copy: Path, tmp_path) -> None:
    spec = project_copy / SPEC
    good_spec = spec.read_text()
    lines = good_spec.splitlines()
    broken_line = next(i for i, line in enumerate(lines) if line.startswith("paths:")) + 2
    lines.insert(broken_line - 1, "  broken: [unclosed")
    spec.write_text("\n".join(lines) + "\n")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project_copy,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: BANNER in fetch(url), "the spec's YAML error on the page", server)
        page = fetch(url)
        assert f"{SPEC}:" in page and "malformed YAML" in page, page[-2000:]

        spec.write_text(good_spec)  # the next save recovers
        wait_for(lambda: "<h1" in fetch(url) and BANNER not in fetch(url), "the page", server)

        response = sorted((project_copy / "snippets").rglob(RESPONSE_FILE))[0]
        good = response.read_text()
        response.write_text(good.rstrip().rstrip("}") + ",\n")
        label = response.relative_to(project_copy).as_posix()
        wait_for(lambda: f"{label}:" in fetch(url), "the malformed response.json", server)
        response.write_text(good)
        wait_for(lambda: "<h1" in fetch(url) and BANNER not in fetch(url), "recovery", server)
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    assert "appear stuck" not in (tmp_path / "serve.log").read_text()
