"""Helpers for sandbox tests: a workdir, host-side listeners, and a plain (unsandboxed) run.

Every isolation test pairs the sandboxed run with the same action run plainly, so a test fails if
the action simply never worked (a "positive control").
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from vinr_docs.sandbox import Execution, Limits, run
from vinr_docs.sandbox.pool import Pool

from .pool_harness import PROJECT, Listeners

PYTHON = sys.executable


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    path = tmp_path / "work"
    path.mkdir()
    return path


def sandboxed(
    argv: list[str], workdir: Path, env: dict[str, str] | None = None, **kwargs: object
) -> Execution:
    """Run with full isolation required, so a downgrade fails the test instead of passing it."""
    limits = kwargs.pop("limits", Limits(timeout=20))
    return run(argv, workdir=workdir, env=env or {}, limits=limits, require=True, **kwargs)  # type: ignore[arg-type]


def plain(argv: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The same command with no sandbox at all: the positive control."""
    return subprocess.run(
        argv, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=30
    )


@dataclass
class HostTcpListener:
    """A listener on the host's loopback that records whether anyone connected."""

    sock: socket.socket
    connections: list[bytes] = field(default_factory=list)

    @property
    def port(self) -> int:
        return self.sock.getsockname()[1]

    def drain(self, timeout: float = 0.5) -> list[bytes]:
        self.sock.settimeout(timeout)
        try:
            while True:
                conn, _ = self.sock.accept()
                conn.settimeout(1)
                with conn:
                    self.connections.append(conn.recv(1024))
        except TimeoutError:
            pass
        return self.connections


@pytest.fixture
def host_tcp() -> Iterator[HostTcpListener]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    with sock:
        yield HostTcpListener(sock)


@pytest.fixture
def host_udp() -> Iterator[socket.socket]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.5)
    with sock:
        yield sock


def udp_received(sock: socket.socket) -> list[bytes]:
    got: list[bytes] = []
    try:
        while True:
            got.append(sock.recv(1024))
    except TimeoutError:
        return got


class OneShotServer:
    """Stands in for the fake API: answers HTTP on the socket `run` hands to `on_listen`."""

    def __init__(self) -> None:
        self.requests: list[bytes] = []
        self.thread: threading.Thread | None = None

    def __call__(self, listener: socket.socket) -> None:
        self.thread = threading.Thread(target=self._serve, args=(listener,), daemon=True)
        self.thread.start()

    def _serve(self, listener: socket.socket) -> None:
        with listener:
            listener.settimeout(15)
            conn, _ = listener.accept()
            with conn:
                self.requests.append(conn.recv(4096))
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\npong"
                )


def processes_with(marker: str) -> list[int]:
    """Pids whose command line contains `marker` (to prove nothing outlived a run)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if marker in cmdline:
            pids.append(int(entry.name))
    return pids


@pytest.fixture(scope="module")
def listeners() -> Listeners:
    return Listeners()


@pytest.fixture(scope="module")
def pool(listeners: Listeners) -> Iterator[Pool]:
    """One warm worker per test module: consecutive jobs share a sandbox (the hardest case)."""
    with Pool(
        project=PROJECT,
        limits=Limits(timeout=20),
        on_listen=listeners.on_listen,
        require=True,
        workers=1,
    ) as started:
        yield started
