"""`mkdocs serve` keeps serving when a sample breaks: the error shows on the page, and fixing
the file re-verifies and brings the clean page back."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from derived import acting, call_line, page_of, response_field
from vinr_docs.markdown.render import slug

pytestmark = pytest.mark.slow
BANNER = "Sample verification failed"
# The update operation's primary sample, the page showing it, and a field of its response to
# break: all found in the spec and by discovery.
OP = acting("update")
FOLDER = OP.sample_folder
PAGE = page_of(FOLDER)[0]
RESPONSE = f"snippets/{FOLDER}/response.json"
FIELD, GOOD, BAD = response_field(FOLDER)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return reply.read().decode()
    except OSError:
        return None


def wait_for(
    condition: Callable[[], bool], what: str, server: subprocess.Popen, timeout: float = 60
) -> None:
    """Poll until `condition()` holds; fail if the server died or time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, f"mkdocs serve exited while waiting for {what}"
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def served(project_copy: Path, tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen]]:
    """A copy of the project with a broken response, served by `mkdocs serve` on a free port."""
    project = project_copy
    response = project / RESPONSE
    response.write_text(response.read_text().replace(GOOD, BAD))
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        yield project, f"http://127.0.0.1:{port}/{PAGE}", server
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def test_serve_shows_the_error_and_recovers_after_the_fix(served, tmp_path: Path) -> None:
    project, url, server = served
    wait_for(lambda: BANNER in (fetch(url) or ""), "the error on the page", server)
    page = fetch(url) or ""
    assert RESPONSE in page and f"snippets/{FOLDER}/python.py:{call_line(OP)}" in page
    # the report also sits right above the failing sample block, not only at the top
    block = page.index(f'data-sample="{FOLDER}"')
    assert page.rfind(BANNER, 0, block) > page.index(f'id="{slug(OP.summary)}"')
    assert "ERROR" in (tmp_path / "serve.log").read_text()

    response = project / RESPONSE
    response.write_text(response.read_text().replace(BAD, GOOD))
    wait_for(lambda: BANNER not in (fetch(url) or BANNER), "the fixed page", server)

    # Broken again (a value the schema allows: an id off its pattern is now a bad input file,
    # reported before any sample runs, which tests/contract covers).
    response.write_text(response.read_text().replace(GOOD, BAD))
    wait_for(lambda: BANNER in (fetch(url) or ""), "the error after breaking it again", server)
