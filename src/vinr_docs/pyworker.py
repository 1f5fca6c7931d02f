"""Runs samples in isolation. Executed as a worker process: `python -m vinr_docs.sandbox`.

The worker imports `requests`, `responses` and the client once, then reads one job per line
(JSON) on stdin and, for each, forks a child that runs the sample:

* in a fresh temporary working directory, with stdin closed and stdout/stderr captured;
* with `VINR_SECRET_KEY` set to the placeholder key the fake accepts;
* with sockets blocked (`connect`, `create_connection`, `getaddrinfo` raise) so a sample that
  opens a connection fails with a clear message, and `requests` served by a fresh `FakeVinr`;
* killed (with anything it started) when it exceeds its timeout.

The child writes what happened to a JSON file; the worker prints it as one line on stdout.
Forking from a single-threaded worker keeps per-sample start-up to a few milliseconds.
"""

from __future__ import annotations

import contextlib
import json
import os
import runpy
import select
import shutil
import signal
import socket
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from vinr_docs.api_rules import PLACEHOLDER_KEY

RESULT_FILE = "result.json"


class NetworkBlockedError(ConnectionError):
    """Raised instead of opening a connection: samples may only talk to the fake API."""


def block_network(attempts: list[str]) -> None:
    """Make every way of opening a connection raise NetworkBlockedError (and record it)."""

    def refuse(name: str, target: Any) -> None:
        attempts.append(f"{name}({target!r})")
        raise NetworkBlockedError(
            f"network access is blocked while verifying samples: {name}({target!r}). "
            "Samples may only call the VINR API through the vinr client."
        )

    socket.socket.connect = lambda self, address: refuse("socket.connect", address)
    socket.socket.connect_ex = lambda self, address: refuse("socket.connect_ex", address)
    socket.create_connection = lambda address, *a, **k: refuse("socket.create_connection", address)
    socket.getaddrinfo = lambda host, *a, **k: refuse("socket.getaddrinfo", host)
    socket.gethostbyname = lambda host: refuse("socket.gethostbyname", host)


def _caller_line(sample: str) -> int | None:
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename != sample:
        frame = frame.f_back
    return frame.f_lineno if frame is not None else None


def watch_operations(vinr: Any, sample: str, calls: list[tuple[str, Any]],
                     lines: list[int | None]) -> None:
    """Record what every client operation (e.g. `Customer.create`) returns to the sample,
    and the sample line that called it."""
    pending = list(vinr.APIResource.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        for name in cls.OPERATIONS:
            original = getattr(cls, name)

            def wrapper(*args: Any, _original: Any = original,
                        _label: str = f"{cls.__name__}.{name}", **kwargs: Any) -> Any:
                lines.append(_caller_line(sample))
                value = _original(*args, **kwargs)
                calls.append((_label, value))
                return value

            setattr(cls, name, wrapper)


def _exchange(exchange: Any) -> dict[str, Any]:
    headers = {k: v for k, v in exchange.headers.items()
               if k.lower() in ("x-api-key", "idempotency-key", "content-type")}
    return {"method": exchange.method, "url": exchange.url, "headers": headers,
            "query": exchange.query, "form": exchange.form, "status": exchange.status,
            "body": exchange.body}


def _traceback_from(exc: BaseException, sample: str) -> str:
    """The traceback from the sample's own frame on, without the runner's frames (noise)."""
    frames = traceback.extract_tb(exc.__traceback__)
    starts = [i for i, frame in enumerate(frames) if frame.filename == sample]
    kept = [f for f in frames[starts[0]:] if f.filename != __file__] if starts else []
    head = ["Traceback (most recent call last):\n", *traceback.format_list(kept)] if kept else []
    return "".join(head + traceback.format_exception_only(type(exc), exc))


def run_child(job: dict[str, Any], io_dir: Path, work_dir: Path) -> int:
    """Run one sample in this (forked) process; write RESULT_FILE; return the exit code."""
    os.setpgid(0, 0)  # so a timeout kills whatever the sample started, too
    os.chdir(work_dir)
    _redirect(io_dir)
    os.environ["VINR_SECRET_KEY"] = PLACEHOLDER_KEY
    sys.argv = [job["sample"]]
    result: dict[str, Any] = {"error": None, "exchanges": [], "escaped": [], "blocked": [],
                              "returned": None, "returned_from": None, "returned_error": None}
    calls: list[tuple[str, Any]] = []
    lines: list[int | None] = []
    fake = None
    code = 0
    try:
        import vinr
        from vinr_docs.fake_api import FakeVinr, State

        fake = FakeVinr(State.from_fixture(job.get("state") or {}))
        watch_operations(vinr, job["sample"], calls, lines)
        block_network(result["blocked"])
        with fake.activate():
            runpy.run_path(job["sample"], run_name="__main__")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if code:
            result["error"] = f"SystemExit: {exc.code}"
    except BaseException as exc:  # noqa: BLE001 - anything the sample raises is its result
        code = 1
        result["error"] = f"{type(exc).__name__}: {exc}"
        sys.stderr.write(_traceback_from(exc, job["sample"]))
    if fake is not None:
        result["exchanges"] = [_exchange(e) for e in fake.exchanges]
        result["escaped"] = fake.escaped
    result["call_line"] = lines[-1] if lines else None
    if calls:
        result["returned_from"], value = calls[-1]
        try:
            result["returned"] = json.loads(json.dumps(value))
        except (TypeError, ValueError) as exc:
            result["returned_error"] = f"not JSON-serializable: {exc}"
    sys.stdout.flush()
    sys.stderr.flush()
    (io_dir / RESULT_FILE).write_text(json.dumps(result))
    return code


def _redirect(io_dir: Path) -> None:
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for fd, name in ((1, "stdout"), (2, "stderr")):
        target = os.open(io_dir / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", buffering=1, closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115


def _wait(pid: int, timeout: float) -> int | None:
    """Exit code of `pid`, or None after killing it (and its group) at the timeout."""
    deadline = time.monotonic() + timeout
    with contextlib.suppress(OSError, AttributeError):  # sleep until exit or timeout (Linux)
        fd = os.pidfd_open(pid)
        try:
            select.select([fd], [], [], timeout)
        finally:
            os.close(fd)
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() >= deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return None
        time.sleep(0.002)


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    """Fork a child for `job`, wait for it (or kill it), and collect what it left behind."""
    tmp = Path(tempfile.mkdtemp(prefix="vinr-sample-"))
    io_dir, work_dir = tmp / "io", tmp / "work"
    io_dir.mkdir()
    work_dir.mkdir()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            code = run_child(job, io_dir, work_dir)
        finally:
            os._exit(code)
    exit_code = _wait(pid, float(job["timeout"]))
    try:
        outcome = _collect(io_dir, exit_code)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    outcome["seconds"] = time.perf_counter() - started
    return outcome


def _collect(io_dir: Path, exit_code: int | None) -> dict[str, Any]:
    def read(name: str) -> str:
        path = io_dir / name
        return path.read_text(errors="replace") if path.exists() else ""

    result_file = io_dir / RESULT_FILE
    outcome = json.loads(result_file.read_text()) if result_file.exists() else {}
    if exit_code is None:
        status = "timeout"
    elif not result_file.exists():
        status = "crashed"
    else:
        status = "ok" if exit_code == 0 else "failed"
    return {**outcome, "status": status, "exit_code": exit_code,
            "stdout": read("stdout"), "stderr": read("stderr")}


def main() -> None:
    """Worker loop: one JSON job per stdin line → one JSON outcome per stdout line."""
    with contextlib.suppress(Exception):  # preload; the child reports import errors itself
        import requests  # noqa: F401
        import responses  # noqa: F401

        import vinr  # noqa: F401
        import vinr_docs.fake_api  # noqa: F401
    for line in sys.stdin:
        if line.strip():
            sys.stdout.write(json.dumps(run_job(json.loads(line))) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
