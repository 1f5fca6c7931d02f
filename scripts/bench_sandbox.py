"""Print the sandbox's per-run cost: `python3 -c pass` inside the sandbox vs a plain subprocess,
then per language the cost of one trivial sample: bare runtime cold start (no sandbox), a cold
`run()` (one sandbox per sample), and a job on a warm `Pool` worker; and the pool's start-up.

A benchmark prints figures; it asserts nothing.  Usage: python scripts/bench_sandbox.py [runs]
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from vinr_docs.runners import RUNNERS
from vinr_docs.sandbox import Limits, probe, run
from vinr_docs.sandbox.pool import Job, Pool

PROJECT = Path(__file__).resolve().parents[1]
TRIVIAL = {
    "python": ("sample.py", "import vinr\nprint('ok')\n"),
    "curl": ("sample.sh", "echo ok\n"),
    "node": ("sample.mjs", "import { Vinr } from '@vinr/sdk';\nconsole.log('ok');\n"),
    "ruby": ("sample.rb", "puts 'ok'\n"),
}

PASS = [sys.executable, "-c", "pass"]


def timed(action: Callable[[], object], runs: int) -> list[float]:
    """Wall milliseconds of each run, after one warm-up run."""
    action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def report(label: str, samples: list[float]) -> float:
    median = statistics.median(samples)
    print(f"{label:<38} median {median:6.1f} ms   min {min(samples):6.1f} ms")
    return median


def main(runs: int) -> None:
    started = time.perf_counter()
    isolation = probe()
    print(
        f"probe (once per process)               {(time.perf_counter() - started) * 1000:6.1f} ms"
    )
    print(f"isolation: {isolation.notice() or 'complete'}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        plain = report("plain subprocess", timed(lambda: subprocess.run(PASS, check=True), runs))
        boxed = report(
            "sandbox", timed(lambda: run(PASS, workdir=workdir, env={}, limits=Limits()), runs)
        )
        served = report(
            "sandbox + listener hand-over",
            timed(
                lambda: run(PASS, workdir=workdir, env={}, limits=Limits(), on_listen=_close),
                runs,
            ),
        )
    print(f"overhead per sample: {boxed - plain:+.1f} ms ({served - plain:+.1f} ms with listener)")
    per_language(runs)


def per_language(runs: int) -> None:
    """Trivial sample per language (its runner's argv, client loaded): bare, cold, pool."""
    started = time.perf_counter()
    with Pool(project=PROJECT, limits=Limits(), on_listen=_close, workers=1) as pool:
        startup = (time.perf_counter() - started) * 1000
        print(f"pool start-up (1 worker, all languages) {startup:6.1f} ms")
        print(f"{'language':<8} {'bare runtime':>14} {'cold run()':>12} {'pool job':>10}  (ms)")
        for language, (name, source) in TRIVIAL.items():
            with pool.workdir() as workdir:
                (workdir / name).write_text(source)
                print(
                    f"{language:<8}"
                    + "".join(
                        f" {value:{width}.1f}"
                        for value, width in zip(
                            _three(pool, workdir, language, name, runs), (14, 12, 10), strict=True
                        )
                    )
                )


def _three(pool: Pool, workdir: Path, language: str, name: str, runs: int) -> list[float]:
    """Medians: plain subprocess, one-shot sandbox, warm pool job."""
    launch = RUNNERS[language].launch(workdir / name, PROJECT)
    env = {**launch.env, "PATH": os.environ.get("PATH", "")}
    job = Job(language, launch.sample_name, launch.files, launch.env, workdir, tuple(launch.argv))
    check = pool.run(job)
    assert check.stdout == "ok\n", check
    actions: list[Callable[[], object]] = [
        lambda: subprocess.run(launch.argv, cwd=workdir, env=env, capture_output=True),
        lambda: run(
            launch.argv, workdir=workdir, env=launch.env, limits=Limits(), on_listen=_close
        ),
        lambda: pool.run(job),
    ]
    return [statistics.median(timed(action, runs)) for action in actions]


def _close(listener: socket.socket) -> None:
    """Stand-in for the fake API: take the listener, serve nothing."""
    listener.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
