"""Print the sandbox's per-run cost: `python3 -c pass` inside the sandbox vs a plain subprocess.

A benchmark prints figures; it asserts nothing.  Usage: python scripts/bench_sandbox.py [runs]
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from vinr_docs.sandbox import Limits, probe, run

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


def _close(listener: socket.socket) -> None:
    """Stand-in for the fake API: take the listener, serve nothing."""
    listener.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
