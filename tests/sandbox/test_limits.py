"""Limits: memory, CPU, output and process count, for any language."""

from __future__ import annotations

import resource
import time
from pathlib import Path

from vinr_docs.sandbox import Limits

from .conftest import PYTHON, plain, sandboxed

ALLOCATE_4GB = "b = bytes(4 * 2**30); print('allocated')"  # calloc: lazy outside the sandbox


def test_4gb_allocation_fails_fast(workdir: Path) -> None:
    result = sandboxed([PYTHON, "-c", ALLOCATE_4GB], workdir)
    assert result.exit_code != 0 and "MemoryError" in result.stderr, result
    assert result.seconds < 5
    assert plain([PYTHON, "-c", ALLOCATE_4GB]).stdout == "allocated\n"  # control


def test_runtimes_start_under_the_memory_limit(workdir: Path) -> None:
    """RLIMIT_AS would stop V8 from starting; the limit must not break node or ruby."""
    for argv in (["node", "-e", "console.log('ok')"], ["ruby", "-e", "puts 'ok'"]):
        result = sandboxed(argv, workdir)
        assert (result.exit_code, result.stdout) == (0, "ok\n"), result


BUSY_LOOP = """
import time
tick = 0.1
while True:
    if time.process_time() >= tick:
        print(f"{time.process_time():.2f}", flush=True)
        tick += 0.1
"""


def test_cpu_limit_kills_a_busy_loop(workdir: Path) -> None:
    """The loop prints its own CPU time: it is stopped by the CPU limit (named), after about
    `cpu_seconds` of CPU, however slow a loaded machine makes it in wall time."""
    limits = Limits(timeout=120, cpu_seconds=1)
    result = sandboxed([PYTHON, "-c", BUSY_LOOP], workdir, limits=limits)
    assert result.killed_by == "cpu" and not result.timed_out, result
    used = float(result.stdout.split()[-1])
    assert 0.9 <= used <= limits.cpu_seconds + 1.1, result.stdout[-200:]


def test_100mb_of_output_is_cut_quickly_without_storing_it(workdir: Path) -> None:
    spew = "import sys\nfor _ in range(100): sys.stdout.write('x' * 2**20)"
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    result = sandboxed([PYTHON, "-c", spew], workdir, limits=Limits(timeout=20))
    assert time.monotonic() - started < 5
    assert result.output_truncated and result.killed_by == "output", result.stderr
    assert result.stdout.startswith("x" * 2**20) and "output cut after" in result.stdout
    assert len(result.stdout) < 2**20 + 200
    rss_growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    assert rss_growth_kb < 30 * 1024


def test_fork_bomb_is_contained(workdir: Path) -> None:
    forker = (
        "import os, time\n"
        "n = 0\n"
        "try:\n"
        "    while n < 1000:\n"
        "        if os.fork() == 0:\n"
        "            time.sleep(30); os._exit(0)\n"
        "        n += 1\n"
        "except OSError:\n"
        "    pass\n"
        "print(n)\n"
    )
    limits = Limits(timeout=20, processes=16)
    result = sandboxed([PYTHON, "-c", forker], workdir, limits=limits)
    assert result.exit_code == 0, result
    assert 0 < int(result.stdout) < 16
    # Contained: the process limit ends it by itself; no limit had to kill it (the timeout is
    # generous, so a loaded machine's wall time does not decide, as it did with `< 10 s`).
    patient = Limits(timeout=60, processes=16)
    bomb = sandboxed(["bash", "-c", ":(){ :|:& };:; sleep 1"], workdir, limits=patient)
    assert not bomb.timed_out and bomb.killed_by is None, bomb
