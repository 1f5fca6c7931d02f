"""Processes the tests start: `make mock` (the Python fake), the in-page mock behind its Node
HTTP wrapper and `mkdocs serve`, each on a free loopback port and stopped afterwards; and
`mkdocs build` of a project copy.

Import it as `from servers import …` (tests/ is on sys.path through tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MOCK_READY = "fake VINR API on"  # the line `python -m vinr_docs.fake` prints once it listens


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(args: list[str], ready: str, cwd: Path = ROOT) -> Iterator[subprocess.Popen]:
    """Run `args` until the block ends; the block starts once its first line contains `ready`."""
    server = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert ready in line, f"{' '.join(args)} did not start: {line!r}"
        yield server
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextlib.contextmanager
def make_mock(*extra: str) -> Iterator[str]:
    """`make mock`: the Python fake with the page's fixture state; yields its base URL."""
    port = free_port()
    args = [sys.executable, "-m", "vinr_docs.fake", "--port", str(port), *extra]
    with serving(args, MOCK_READY):
        yield f"http://127.0.0.1:{port}"


def fetch(url: str) -> str:
    """The page's text, or "" while the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return reply.read().decode()
    except OSError:
        return ""


def wait_for(
    condition: Callable[[], bool], what: str, server: subprocess.Popen, timeout: float = 120
) -> None:
    """Poll until `condition()` holds; fail if the server died or time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the server exited while waiting for {what}"
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def mkdocs_build(project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` WITHOUT --strict: a verification failure or a bad input file must fail
    the build by itself."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(project / "_site")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )


@contextlib.contextmanager
def mkdocs_serve(project: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`mkdocs serve` of `project` on a free port (its output in `log`); yields the site's URL."""
    port = free_port()
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        try:
            yield f"http://127.0.0.1:{port}/", server
        finally:
            server.terminate()
            server.wait(timeout=20)


@contextlib.contextmanager
def in_page_mock(out: Path) -> Iterator[str]:
    """The page's mock module (generated into `out` by `vinr_docs.tryit.generate.write`) behind
    tests/contract/mock_server.mjs; yields its base URL."""
    port = free_port()
    script = ROOT / "tests" / "contract" / "mock_server.mjs"
    with serving(["node", str(script), str(out), str(port)], "in-page mock on"):
        yield f"http://127.0.0.1:{port}"
