"""Benchmark sample verification. Prints figures; asserts nothing.

1. `mkdocs build --strict` of this project: verification off (VINR_VERIFY=off) vs on with a cold
   cache (target ≤ 1.5×) vs on with a warm cache, i.e. an unchanged rebuild (target ≤ 1.1×).
2. Time per sample (engine only, cold).
3. Scale: synthetic projects with N = 5, 50, 200 operations (one verified Python sample each).
4. `mkdocs serve`: time from saving a snippet to the rebuilt page being served.

Usage: .venv/bin/python scripts/bench_build.py [--repeat 3] [--sizes 5,50,200]
"""

from __future__ import annotations

import argparse
import json
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from vinr_docs.verify import Settings, verify  # noqa: E402

IGNORE = shutil.ignore_patterns(".venv", ".git", "site", "node_modules", "__pycache__",
                                ".pytest_cache", ".cache", ".ruff_cache", "*.egg-info",
                                "test-results")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build(project: Path, verify_on: bool = True) -> float:
    """Wall-clock seconds of one `mkdocs build --strict`."""
    env = {**ENV, "VINR_VERIFY": "on" if verify_on else "off"}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                             str(project / "_site")], cwd=project, env=env,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed in {project}:\n{result.stderr[-3000:]}")
    return elapsed


def median(times: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(times))


def clear_cache(project: Path) -> None:
    shutil.rmtree(project / ".cache", ignore_errors=True)


def cold(project: Path) -> float:
    clear_cache(project)
    return build(project)


def bench_project(repeat: int, workdir: Path) -> None:
    project = workdir / "project"
    shutil.copytree(ROOT, project, ignore=IGNORE)
    build(project, verify_on=False)  # warm the OS file cache and mkdocs' own caches
    off = median(repeat, lambda: build(project, verify_on=False))
    on_cold = median(repeat, lambda: cold(project))
    build(project)
    on_warm = median(repeat, lambda: build(project))
    print("== this project: mkdocs build --strict (median of", repeat, "runs)")
    print(f"verification off          {off:6.2f} s")
    print(f"verification on, cold     {on_cold:6.2f} s   "
          f"ratio {on_cold / off:4.2f}x (target ≤ 1.5x)")
    print(f"unchanged rebuild, cached {on_warm:6.2f} s   "
          f"ratio {on_warm / off:4.2f}x (target ≤ 1.1x)")
    report = verify(Settings.for_project(project, use_cache=False))
    count = len(report.results)
    inside = statistics.mean(r.seconds for r in report.results)
    print(f"per sample: {report.seconds / count * 1000:.0f} ms of verification wall time "
          f"({count} samples in {report.seconds:.2f} s); {inside * 1000:.0f} ms inside its "
          "sandbox on average\n")


OPERATION_PAGE = '''## Operation {n}

=== "curl"

    ```bash
    --8<-- "synthetic/op{n}/curl.sh"
    ```

=== "Python"

    ```python
    --8<-- "synthetic/op{n}/python.py"
    ```

```json title="Response"
--8<-- "synthetic/op{n}/response.json"
```
'''
MKDOCS_YML = '''site_name: Synthetic
theme:
  name: material
markdown_extensions:
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.snippets:
      base_path: [snippets]
      check_paths: true
hooks:
  - {hook}
'''


def synthetic_project(folder: Path, operations: int, per_page: int = 10) -> Path:
    """Pages with `operations` create-customer operations, each a verifiable Python sample."""
    (folder / "docs").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(MKDOCS_YML.format(hook=ROOT / "hooks/verify_samples.py"))
    pages: dict[int, list[str]] = {}
    for n in range(operations):
        op = folder / "snippets" / "synthetic" / f"op{n}"
        op.mkdir(parents=True)
        email = f"user{n}@example.com"
        (op / "python.py").write_text(
            f'import vinr\n\ncustomer = vinr.Customer.create(email="{email}")\n')
        (op / "curl.sh").write_text(f"curl -X POST https://api.vinr.com/v1/customers \\\n"
                                    f'  -H "X-Api-Key: $VINR_SECRET_KEY" \\\n  -d email={email}\n')
        (op / "state.json").write_text(json.dumps({"next_ids": [f"cust_{n:05d}"]}))
        (op / "response.json").write_text(json.dumps(
            {"id": f"cust_{n:05d}", "email": email, "name": None, "phone": None,
             "default_payment_method": None, "created": 1716300000}, indent=2))
        pages.setdefault(n // per_page, []).append(OPERATION_PAGE.format(n=n))
    (folder / "docs" / "index.md").write_text("# Synthetic\n")
    for page, sections in pages.items():
        (folder / "docs" / f"page{page}.md").write_text(f"# Page {page}\n\n" + "\n".join(sections))
    return folder


def bench_scale(sizes: list[int], workdir: Path) -> None:
    print("== scale: synthetic projects (cold cache)")
    print(f"{'N':>5} {'build off':>10} {'build on':>10} {'verify':>8} {'per op':>8}")
    for size in sizes:
        project = synthetic_project(workdir / f"synthetic{size}", size)
        off = build(project, verify_on=False)
        on = cold(project)
        report = verify(Settings.for_project(project, use_cache=False))
        assert report.ok and len(report.results) == size, report.render()
        print(f"{size:>5} {off:>9.2f}s {on:>9.2f}s {report.seconds:>7.2f}s "
              f"{report.seconds / size * 1000:>6.1f}ms")
    print(f"(workers: {Settings.for_project(ROOT).workers}; per-op time should stay flat)\n")


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
    shutil.copytree(ROOT, project, ignore=IGNORE)
    port = free_port()
    url = f"http://127.0.0.1:{port}/api-reference/customers.html"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr",
                               f"127.0.0.1:{port}"], cwd=project, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: "Retrieve a customer" in fetch(url))
        sample = project / "snippets/customers/update/python.py"
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
    print(f"median {statistics.median(times):.2f} s, runs: "
          + ", ".join(f"{t:.2f}" for t in times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="5,50,200")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vinr-bench-") as tmp:
        workdir = Path(tmp)
        bench_project(args.repeat, workdir)
        bench_scale([int(s) for s in args.sizes.split(",")], workdir)
        bench_serve(args.repeat, workdir)


if __name__ == "__main__":
    main()
