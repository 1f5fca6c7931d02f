"""Benchmark sample verification. Prints figures; asserts nothing.

1. `mkdocs build --strict` of this project: verification off (VINR_VERIFY=off) vs on with a cold
   cache (target ≤ 1.5×) vs on with a warm cache, i.e. an unchanged rebuild (target ≤ 1.1×);
   then the engine alone and its cost per sample by language.
2. The fake API: start-up and cost per request.
3. Scale: this project plus N = 5, 50, 200 synthetic operations (4 languages each).
4. `mkdocs serve`: time from saving a snippet to the rebuilt page being served.
(`scripts/bench_sandbox.py` prints the sandbox's own costs: cold vs warm, per language.)

Usage: .venv/bin/python scripts/bench_build.py [--repeat 3] [--sizes 5,50,200]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

sys.path.insert(0, str(ROOT / "tests"))

from conftest import copy_project  # noqa: E402  (the tests' copy: same files left out)
from derived import acting, page_of  # noqa: E402  (operations and pages from the spec, docs)
from vinr_docs.engine import Settings, verify  # noqa: E402
from vinr_docs.engine.cache import CACHE_FILE  # noqa: E402
from vinr_docs.engine.pipeline import RUN_FILE  # noqa: E402
from vinr_docs.spec.model import Operation  # noqa: E402
from vinr_docs.tryit.generate import default_fixture  # noqa: E402
from vinr_docs.tryit.pages import load_state  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build(project: Path, verify_on: bool = True, **extra: str) -> float:
    """Wall-clock seconds of one `mkdocs build --strict`."""
    env = {**ENV, "VINR_VERIFY": "on" if verify_on else "off", **extra}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "_site")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed in {project}:\n{result.stderr[-3000:]}")
    return elapsed


def median(times: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(times))


def clear_cache(project: Path) -> None:
    shutil.rmtree(project / ".cache", ignore_errors=True)


def cold(project: Path, **extra: str) -> float:
    """A build that runs every sample: no verdict cached. The Try-it bundle stays cached, as it
    is for the build with verification off it is compared with."""
    for name in (CACHE_FILE, RUN_FILE):
        (project / ".cache" / name).unlink(missing_ok=True)
    return build(project, **extra)


def nothing_cached(project: Path) -> float:
    clear_cache(project)
    return build(project)


def bench_project(repeat: int, workdir: Path) -> None:
    project = workdir / "project"
    copy_project(project)
    build(project, verify_on=False)  # warm the OS file cache and mkdocs' own caches
    off = median(repeat, lambda: build(project, verify_on=False))
    on_cold = median(repeat, lambda: cold(project))
    build(project)
    on_warm = median(repeat, lambda: build(project))
    print("== this project: mkdocs build --strict (median of", repeat, "runs)")
    print(f"verification off          {off:6.2f} s")
    print(
        f"verification on, cold     {on_cold:6.2f} s   ratio {on_cold / off:4.2f}x (target ≤ 1.5x)"
    )
    print(
        f"unchanged rebuild, cached {on_warm:6.2f} s   ratio {on_warm / off:4.2f}x (target ≤ 1.1x)"
    )
    print(
        f"ratios (verification on / off): cold {on_cold / off:4.2f}x   cached {on_warm / off:4.2f}x"
    )
    bare = median(repeat, lambda: nothing_cached(project))
    print(
        f"fresh clone, no .cache    {bare:6.2f} s   ratio {bare / off:4.2f}x "
        "(the Try-it bundle is built too)"
    )
    python_only = median(repeat, lambda: cold(project, VINR_VERIFY_LANGUAGES="python"))
    print(
        f"Python samples only, cold {python_only:6.2f} s   ratio {python_only / off:4.2f}x "
        "(VINR_VERIFY_LANGUAGES=python: the sandbox's cost without the other runtimes)"
    )
    report = verify(Settings.for_project(project, use_cache=False))
    print(f"engine alone, cold: {len(report.results)} samples in {report.seconds:.2f} s")
    by_language: dict[str, list[float]] = {}
    for result in report.results:
        by_language.setdefault(result.sample.language.tab, []).append(result.seconds)
    for name, seconds in sorted(by_language.items()):
        print(
            f"  {name:<11} median {statistics.median(seconds) * 1000:5.0f} ms a sample "
            f"(in its sandbox worker, fake included), {len(seconds)} samples"
        )
    print()


def bench_fake(repeat: int = 200) -> None:
    """The fake's start-up (spec → openapi-core) and its cost per request over HTTP."""
    import requests

    from vinr_docs.fake import FakeApi, FakeServer
    from vinr_docs.fake.rules import PLACEHOLDER_KEY

    started = time.perf_counter()
    api = FakeApi.from_file(ROOT / "docs/openapi.yaml")
    startup = time.perf_counter() - started
    shared = default_fixture(ROOT)
    state = load_state(shared) if shared else {}
    headers = {"X-Api-Key": PLACEHOLDER_KEY}
    retrieve, _ = documented_request(acting("retrieve"))
    create, body = documented_request(acting("create"))
    times = []
    with FakeServer(api).serving(api.new_session(state)) as url, requests.Session() as http:
        for n in range(repeat):
            started = time.perf_counter()
            if n % 2:
                http.get(f"{url}{retrieve}", headers=headers, timeout=5)
            else:
                http.post(f"{url}{create}", data=body, headers=headers, timeout=5)
            times.append(time.perf_counter() - started)
    print("== fake VINR API")
    print(f"start-up (load + compile the spec): {startup * 1000:.0f} ms")
    print(
        f"per request over loopback HTTP (validated request and reply): median "
        f"{statistics.median(times) * 1000:.1f} ms, p90 "
        f"{sorted(times)[int(len(times) * 0.9)] * 1000:.1f} ms ({repeat} requests)\n"
    )


def documented_request(operation: Operation) -> tuple[str, dict[str, Any]]:
    """The operation's path with its documented path parameters, and its documented body
    fields (the examples Try it starts with)."""
    from vinr_docs.tryit.generate import load_config

    route = next(r for r in load_config()["routes"] if r["operationId"] == operation.id)
    path, body = operation.path, {}
    for field in route["panel"]["fields"]:
        if field["example"] is None:
            continue
        if field["in"] == "path":
            path = path.replace(f"{{{field['name']}}}", str(field["example"]))
        elif field["in"] == "body":
            body[field["name"]] = field["example"]
    return path, body


SECTION = """## Synthetic {n}

/// endpoint | {operation}

/// sample | {folder}-synth{n}
"""


def synthetic_project(workdir: Path, operations: int, per_page: int = 25) -> Path:
    """This project plus `operations` sample folders (4 languages each) shown on extra pages."""
    project = workdir / f"synthetic{operations}"
    copy_project(project)
    operation = acting("retrieve")  # the spec's first retrieve: quick, always passing
    folder = operation.sample_folder
    pages: dict[int, list[str]] = {}
    for n in range(operations):
        shutil.copytree(project / "snippets" / folder, project / f"snippets/{folder}-synth{n}")
        section = SECTION.format(n=n, operation=operation.id, folder=folder)
        pages.setdefault(n // per_page, []).append(section)
    for page, sections in pages.items():
        (project / "docs" / f"synthetic{page}.md").write_text(
            f"# Synthetic page {page}\n\n" + "\n".join(sections)
        )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("    omitted_files: warn", "    omitted_files: info")
    )
    return project


def bench_scale(sizes: list[int], workdir: Path, repeat: int) -> None:
    print(
        f"== scale: this project + N synthetic operations, 4 languages each (build off and "
        f"cached: median of {repeat}; cold: one run)"
    )
    print(
        f"{'N':>5} {'samples':>8} {'build off':>10} {'build on':>10} {'ratio':>6} "
        f"{'cached':>8} {'ratio':>6} {'per sample':>11}"
    )
    for size in sizes:
        project = synthetic_project(workdir, size)
        build(project, verify_on=False)  # a new copy: warm the OS file cache first
        off = median(repeat, lambda project=project: build(project, verify_on=False))
        on = cold(project)
        cached = median(repeat, lambda project=project: build(project))
        report = verify(Settings.for_project(project, use_cache=False))
        assert report.ok, report.render()
        count = len(report.results)
        print(
            f"{size:>5} {count:>8} {off:>9.2f}s {on:>9.2f}s {on / off:>5.2f}x "
            f"{cached:>7.2f}s {cached / off:>5.2f}x {report.seconds / count * 1000:>9.1f}ms"
        )
    print(
        f"(workers: {Settings.for_project(ROOT).workers}; targets at N = 200: "
        "cold ≤ 3x, cached ≤ 1.1x)\n"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return reply.read().decode()
    except OSError:
        return ""


def wait_until(condition: Callable[[], bool], timeout: float = 60) -> float:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > timeout:
            sys.exit("mkdocs serve did not serve the change in time")
        time.sleep(0.02)
    return time.perf_counter() - started


def bench_serve(repeat: int, workdir: Path) -> None:
    project = workdir / "serve"
    copy_project(project)
    port = free_port()
    operation = acting("update")  # a sample whose change re-runs it, and the page showing it
    built, _ = page_of(operation.sample_folder)
    url = f"http://127.0.0.1:{port}/{built}"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: f'data-operation="{operation.id}"' in fetch(url))
        sample = project / "snippets" / operation.sample_folder / "python.py"
        original = sample.read_text()
        times = []
        for n in range(repeat):
            marker = f"# saved {n}"
            sample.write_text(f"{original}{marker}\n")
            times.append(wait_until(lambda marker=marker: marker in fetch(url)))
        sample.write_text(original)
    finally:
        server.terminate()
        server.wait(timeout=20)
    print("== mkdocs serve: save a snippet → rebuilt page served (sample re-verified)")
    print(f"median {statistics.median(times):.2f} s, runs: " + ", ".join(f"{t:.2f}" for t in times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="5,50,200")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vinr-bench-") as tmp:
        workdir = Path(tmp)
        bench_project(args.repeat, workdir)
        bench_fake()
        bench_scale([int(s) for s in args.sizes.split(",")], workdir, args.repeat)
        bench_serve(args.repeat, workdir)


if __name__ == "__main__":
    main()
