"""Process lifetime: at exit or timeout, no process started by a sample survives."""

from __future__ import annotations

import os
import signal
import time
import uuid
from pathlib import Path

from vinr_docs.sandbox import Limits

from .conftest import plain, processes_with, sandboxed


def daemonizing_script(seconds: str) -> str:
    """Detach `sleep` into its own session, closing our pipes, the way a daemon would."""
    return f"setsid sleep {seconds} </dev/null >/dev/null 2>&1 & echo started"


def test_a_daemonized_child_does_not_outlive_the_run(workdir: Path) -> None:
    seconds = f"1000.{uuid.uuid4().int % 10**6}"
    result = sandboxed(["bash", "-c", daemonizing_script(seconds)], workdir)
    assert result.stdout == "started\n"
    time.sleep(0.2)
    assert processes_with(f"sleep {seconds}") == []
    control = f"1000.{uuid.uuid4().int % 10**6}"
    plain(["bash", "-c", daemonizing_script(control)])
    # The detached `sleep` may exec a moment after bash returns (a loaded CI machine): wait for it.
    deadline = time.monotonic() + 5
    while not (survivors := processes_with(f"sleep {control}")) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert survivors  # control: without the sandbox the daemon survives


def test_timeout_kills_the_whole_tree(workdir: Path) -> None:
    seconds = f"1000.{uuid.uuid4().int % 10**6}"
    script = f"sleep {seconds} & sleep {seconds}"
    result = sandboxed(["bash", "-c", script], workdir, limits=Limits(timeout=1))
    assert result.timed_out and result.killed_by == "timeout" and result.exit_code is None
    assert result.seconds < 3
    time.sleep(0.2)
    assert processes_with(f"sleep {seconds}") == []
