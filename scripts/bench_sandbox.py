"""Print the sandbox's per-run cost: `python3 -c pass` inside the sandbox vs a plain subprocess,
then per language the cost of one trivial sample: bare runtime cold start (no sandbox), a cold
`run()` (one sandbox per sample), and a job on a warm `Pool` worker; and the pool's start-up.
Last, per language, the CPU time and wall time of one real sample (the primary sample of a GET
operation, its documented response served on the worker's listener) on a warm worker: Node jobs
started from the start-up snapshot (now) and from `_node_spare.mjs` (before), side by side.

A benchmark prints figures; it asserts nothing.  Usage: python scripts/bench_sandbox.py [runs]
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from vinr_docs.runners import RUNNERS
from vinr_docs.sandbox import Limits, probe, run
from vinr_docs.sandbox.pool import Job, Pool
from vinr_docs.spec import load as load_spec

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
    real_samples(runs)


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


SAMPLE_FILES = {"python": "python.py", "curl": "curl.sh", "node": "node.js", "ruby": "ruby.rb"}


def real_samples(runs: int) -> None:
    """CPU (every process of the worker's sandbox, from /proc: a mean, the clock ticks 10 ms)
    and wall (median) per job."""
    folder = _get_sample_folder()
    reply = (folder / "response.json").read_bytes()
    print(f"real sample {folder.relative_to(PROJECT)}, warm worker: CPU / wall per job (ms)")
    variants = [("snapshot", None), ("spare .mjs (before)", lambda self: None)]
    for label, build in variants:
        original = Pool._build_node_snapshot
        if build is not None:
            Pool._build_node_snapshot = build  # type: ignore[method-assign]
        try:
            serve = _answer(reply)
            with Pool(project=PROJECT, limits=Limits(), on_listen=serve, workers=1) as pool:
                cells = []
                for language, file in SAMPLE_FILES.items():
                    cpu, wall = _cpu_and_wall(pool, language, folder / file, runs)
                    cells.append(f"{language} {cpu:5.1f} / {wall:5.1f}")
                print(f"  {label:<20} " + "   ".join(cells))
        finally:
            Pool._build_node_snapshot = original  # type: ignore[method-assign]


def _get_sample_folder() -> Path:
    spec = load_spec(PROJECT / "docs" / "openapi.yaml")
    for operation in spec.operations:
        folder = PROJECT / "snippets" / str(operation.sample_folder)
        if operation.method.upper() == "GET" and "{" in operation.path and folder.is_dir():
            return folder
    raise SystemExit("no GET operation with a path parameter and a sample folder")


def _cpu_and_wall(pool: Pool, language: str, sample: Path, runs: int) -> tuple[float, float]:
    cpus, walls = [], []
    for n in range(runs + 1):
        with pool.workdir() as workdir:
            name = f"sample{sample.suffix if language != 'node' else '.mjs'}"
            (workdir / name).write_bytes(sample.read_bytes())
            launch = RUNNERS[language].launch(workdir / name, PROJECT)
            env = {**launch.env, "VINR_SECRET_KEY": "sk_test_placeholder"}
            job = Job(language, launch.sample_name, launch.files, env, workdir, tuple(launch.argv))
            before, started = _sandbox_cpu(pool), time.perf_counter()
            done = pool.run(job)
            wall = time.perf_counter() - started
            cpu = _sandbox_cpu(pool) - before
        if done.exit_code != 0:
            raise SystemExit(f"{language} sample failed: {done}")
        if n:  # the first job warms up
            cpus.append(cpu * 1000)
            walls.append(wall * 1000)
    return statistics.mean(cpus), statistics.median(walls)


def _sandbox_cpu(pool: Pool) -> float:
    """Seconds of CPU used so far by every process of the pool's sandboxes: each live process's
    own time plus what it has reaped (a finished job's process is counted by its reaper)."""
    tick = os.sysconf("SC_CLK_TCK")
    pending = [worker.process.pid for worker in pool._all]
    total = 0
    while pending:
        pid = pending.pop()
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        total += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
        pending += [int(child) for child in children]
    return total / tick


def _answer(reply: bytes) -> Callable[[socket.socket], None]:
    """Stand-in for the fake: every request gets `reply` (the sample's documented response)."""

    def serve(listener: socket.socket) -> None:
        def loop() -> None:
            while True:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return
                with conn:
                    conn.recv(65536)
                    head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    head += f"Connection: close\r\nContent-Length: {len(reply)}\r\n\r\n"
                    conn.sendall(head.encode() + reply)

        threading.Thread(target=loop, daemon=True).start()

    return serve


def _close(listener: socket.socket) -> None:
    """Stand-in for the fake API: take the listener, serve nothing."""
    listener.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
