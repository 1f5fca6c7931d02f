"""Runs sample jobs in parallel worker processes (`vinr_docs.pyworker`), one per CPU core."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any


@dataclass(frozen=True)
class Job:
    """One sample to run: its file, the fake's starting state, the time it may take."""

    sample: Path
    state: dict[str, Any] | None
    timeout: float

    def to_json(self) -> str:
        return json.dumps({"sample": str(self.sample), "state": self.state,
                           "timeout": self.timeout})


@dataclass
class Execution:
    """What happened when a sample ran (see `pyworker.run_child` for the fields' origin)."""

    status: str  # "ok" | "failed" (non-zero exit) | "timeout" | "crashed"
    exit_code: int | None = None
    error: str | None = None  # "InvalidRequestError: …" when the sample raised
    exchanges: list[dict[str, Any]] = field(default_factory=list)  # requests + replies
    escaped: list[str] = field(default_factory=list)  # requests no endpoint matched
    blocked: list[str] = field(default_factory=list)  # connection attempts refused
    returned: Any = None  # JSON of what the last client call returned
    returned_from: str | None = None  # e.g. "Customer.create"
    returned_error: str | None = None
    call_line: int | None = None  # sample line of the last client call
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Execution:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def worker_env(src: Path | None) -> dict[str, str]:
    """The worker's environment: the project's `src/` first on the path, no real API key."""
    env = {k: v for k, v in os.environ.items() if k != "VINR_SECRET_KEY"}
    if src is not None and src.is_dir():
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    return env


def execute(jobs: list[Job], *, workers: int, src: Path | None = None) -> list[Execution]:
    """Run `jobs` on `workers` worker processes; results in the order of `jobs`."""
    if not jobs:
        return []
    results: list[Execution | None] = [None] * len(jobs)
    todo: queue.Queue[int] = queue.Queue()
    for index in range(len(jobs)):
        todo.put(index)
    threads = [
        threading.Thread(target=_drive, args=(jobs, todo, results, worker_env(src)), daemon=True)
        for _ in range(max(1, min(workers, len(jobs))))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [r or Execution("crashed", error="not run") for r in results]


def _drive(jobs: list[Job], todo: queue.Queue[int], results: list[Execution | None],
           env: dict[str, str]) -> None:
    """Feed jobs to one worker process until the queue is empty."""
    with tempfile.TemporaryFile() as worker_stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "vinr_docs.pyworker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=worker_stderr,
            text=True, env=env,
        )
        assert proc.stdin is not None and proc.stdout is not None
        try:
            while True:
                try:
                    index = todo.get_nowait()
                except queue.Empty:
                    break
                results[index] = _run_one(proc, jobs[index], worker_stderr)
        finally:
            proc.stdin.close()
            proc.wait()


def _run_one(proc: subprocess.Popen[str], job: Job, worker_stderr: IO[bytes]) -> Execution:
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(job.to_json() + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
    except BrokenPipeError:
        line = ""
    if not line:
        worker_stderr.seek(0)
        log = worker_stderr.read().decode(errors="replace")
        return Execution("crashed", error="the sample runner process died", stderr=log)
    return Execution.from_json(json.loads(line))
