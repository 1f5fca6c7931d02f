"""Sample verification, end to end: discover → run against the fake API → compare → report.

This is the one implementation behind the MkDocs hook (`hooks/verify_samples.py`), the pytest
tests (`tests/test_samples.py`) and `make verify` (`python -m vinr_docs.verify`).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vinr_docs.cache import SampleCache, fingerprint, source_files
from vinr_docs.compare import DocumentError, json_diff, load_json, parse_curl, shape_of
from vinr_docs.report import Problem, Report, SampleResult, describe_exchange
from vinr_docs.runner import Execution, Job, execute
from vinr_docs.samples import Discovery, Sample, discover

DEFAULT_TIMEOUT = 10.0
PACKAGES = ("vinr", "vinr_docs")


def enabled() -> bool:
    """False when the environment says `VINR_VERIFY=off` (e.g. for benchmarks)."""
    return os.environ.get("VINR_VERIFY", "on").strip().lower() not in ("off", "0", "false", "no")


@dataclass
class Settings:
    """Where to look and how to run. Environment overrides: `VINR_SAMPLE_TIMEOUT` (seconds per
    sample), `VINR_VERIFY_WORKERS` (parallel workers, default: CPU cores)."""

    project: Path
    docs_dir: Path
    snippet_dirs: list[Path]
    timeout: float = field(
        default_factory=lambda: float(os.environ.get("VINR_SAMPLE_TIMEOUT", DEFAULT_TIMEOUT)))
    workers: int = field(
        default_factory=lambda: int(os.environ.get("VINR_VERIFY_WORKERS", os.cpu_count() or 1)))
    use_cache: bool = True

    @classmethod
    def for_project(cls, project: Path, **overrides: Any) -> Settings:
        """Defaults for this repository's layout: `docs/` and `snippets/`."""
        project = project.resolve()
        return cls(project, project / "docs", [project / "snippets"], **overrides)

    @classmethod
    def from_mkdocs(cls, config: Any) -> Settings:
        """Settings from a loaded MkDocs config (docs_dir, pymdownx.snippets base_path)."""
        project = Path(config.config_file_path).resolve().parent
        base = config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", ["."])
        bases = [base] if isinstance(base, str) else list(base)
        return cls(project, Path(config.docs_dir), [project / b for b in bases])

    @property
    def cache_dir(self) -> Path:
        return self.project / ".cache"

    @property
    def src(self) -> Path:
        return self.project / "src"

    def packages(self) -> list[Path]:
        """Client and engine source folders: the project's own, else the installed ones."""
        found = []
        for name in PACKAGES:
            local = self.src / name
            spec = importlib.util.find_spec(name)
            installed = spec and spec.submodule_search_locations
            found.append(local if local.is_dir() else Path(list(installed or ["."])[0]))
        return found

    def relative(self, path: Path) -> str:
        return path.relative_to(self.project).as_posix() if path.is_relative_to(
            self.project) else str(path)


def discover_pages(settings: Settings) -> Discovery:
    """Every include of every page under `docs_dir`, resolved against the snippet folders."""
    return discover(settings.project, settings.docs_dir.rglob("*.md"), settings.snippet_dirs)


def verify(settings: Settings, select: Callable[[Sample], bool] | None = None,
           discovery: Discovery | None = None) -> Report:
    """Verify every Python sample the pages include (or those `select` accepts).

    Pass `discovery` when the caller has already read the pages (the hook has)."""
    started = time.perf_counter()
    discovery = discover_pages(settings) if discovery is None else discovery
    report = Report(problems=page_problems(discovery, settings))
    report.json_documents = len({i.file for i in discovery.includes
                                 if i.file and i.file.suffix == ".json"})
    samples = [s for s in discovery.samples() if select is None or select(s)]
    report.results = run_samples(samples, discovery, settings)
    report.seconds = time.perf_counter() - started
    return report


def verify_in_background(settings: Settings, discovery: Discovery) -> Future[Report]:
    """Start `verify` on a thread (the build continues meanwhile); `.result()` waits for it."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vinr-verify")
    future = executor.submit(verify, settings, None, discovery)
    executor.shutdown(wait=False)
    return future


def missing_includes(discovery: Discovery, settings: Settings) -> list[Problem]:
    """Includes that point at no file. Cheap; the hook checks this before pages render, where
    pymdownx.snippets would stop the build with a bare traceback instead."""
    dirs = ", ".join(settings.relative(d) + "/" for d in settings.snippet_dirs)
    return [Problem(include.where, f'--8<-- "{include.snippet}": no such file in {dirs}',
                    include.page) for include in discovery.missing]


def page_problems(discovery: Discovery, settings: Settings) -> list[Problem]:
    """Includes that point nowhere, and included JSON files that do not parse."""
    problems = missing_includes(discovery, settings)
    seen: set[Path] = set()
    for include in discovery.includes:
        if include.file and include.file.suffix == ".json" and include.file not in seen:
            seen.add(include.file)
            try:
                load_json(include.file, settings.relative(include.file))
            except DocumentError as exc:
                problems.append(Problem(str(exc).split(": ", 1)[0],
                                        f"{str(exc).split(': ', 1)[1]} (shown at "
                                        f"{include.where})", include.page))
    return problems


@dataclass
class _Prepared:
    sample: Sample
    key: str
    job: Job | None = None
    result: SampleResult | None = None


def run_samples(samples: list[Sample], discovery: Discovery,
                settings: Settings) -> list[SampleResult]:
    """Results for `samples`, in order: cached verdicts, or fresh runs in parallel."""
    cache = SampleCache(settings.cache_dir) if settings.use_cache else None
    engine = fingerprint(source_files(settings.packages()))
    prepared = [_prepare(sample, settings, engine, cache) for sample in samples]
    to_run = [p for p in prepared if p.job is not None]
    runs = execute([p.job for p in to_run if p.job], workers=settings.workers, src=settings.src)
    for item, run in zip(to_run, runs, strict=True):
        item.result = check(item.sample, run, settings)
        if cache is not None and item.result.ok:
            cache.put(item.key, {"requests": item.result.requests,
                                 "seconds": item.result.seconds})
    if cache is not None:
        cache.save()
    return [p.result for p in prepared if p.result is not None]


def _prepare(sample: Sample, settings: Settings, engine: str,
             cache: SampleCache | None) -> _Prepared:
    key = fingerprint([sample.path, sample.response, sample.curl, sample.fixture], salt=engine)
    label = settings.relative(sample.path)
    hit = cache.get(key) if cache is not None else None
    if hit is not None:
        return _Prepared(sample, key, result=SampleResult(
            sample, True, label, requests=hit["requests"], seconds=0.0, cached=True))
    state = None
    if sample.fixture is not None:
        try:
            state = load_json(sample.fixture, settings.relative(sample.fixture))
        except DocumentError as exc:
            return _Prepared(sample, key, result=SampleResult(
                sample, False, label, problems=[f"its state fixture is unusable: {exc}"]))
    return _Prepared(sample, key, job=Job(sample.path, state, settings.timeout))


def check(sample: Sample, run: Execution, settings: Settings) -> SampleResult:
    """Judge one run: it must finish, stay inside the fake, and produce the documented JSON."""
    result = SampleResult(
        sample, False, settings.relative(sample.path),
        line=_raised_at(run.stderr, sample.path) or run.call_line,
        requests=[describe_exchange(e) for e in run.exchanges],
        output=(run.stdout + run.stderr).replace(f"{settings.project}/", ""),
        seconds=run.seconds,
    )
    result.problems = _run_problems(run, settings)
    result.received = run.exchanges[-1]["body"] if run.exchanges else None
    diffs = _response_problems(sample, run, settings, result.problems)
    result.diff = "\n".join(d for d in diffs if d)
    result.ok = not result.problems
    return result


def _run_problems(run: Execution, settings: Settings) -> list[str]:
    problems = []
    if run.status == "timeout":
        problems.append(f"timed out after {settings.timeout:g} s: does it loop forever or wait "
                        "for something?")
    if run.blocked:
        problems.append("opened a network connection, which samples must not do: "
                        + ", ".join(run.blocked))
    if run.escaped:
        problems.append("sent a request that no endpoint of the fake VINR API serves "
                        "(samples never use the real network): " + ", ".join(run.escaped))
    if run.error and run.error.startswith("FixtureError"):
        problems.append(f"its state fixture is unusable: {run.error}")
    elif run.status == "crashed":
        problems.append(f"the sample process crashed ({run.error or run.exit_code})")
    elif run.status == "failed":
        problems.append(f"raised {run.error}" if run.error else f"exited with code "
                        f"{run.exit_code}")
    return problems


def _response_problems(sample: Sample, run: Execution, settings: Settings,
                       problems: list[str]) -> list[str]:
    """Compare the last reply with response.json, the returned object with the reply, and the
    request with the curl sample. Appends to `problems`; returns the diffs."""
    if run.status == "timeout" or (run.error or "").startswith("FixtureError"):
        return []
    if not run.exchanges:
        if not problems:
            problems.append("made no request to the VINR API")
        return []
    last = run.exchanges[-1]
    response_label = settings.relative(sample.response)
    if not sample.response.is_file():
        problems.append(f"has no documented response: add {response_label} beside it")
        return []
    try:
        expected = load_json(sample.response, response_label)
    except DocumentError as exc:
        problems.append(f"cannot be compared: {exc}")
        return []
    path = last["url"].split("?")[0].removeprefix("https://api.vinr.com")
    diffs = [json_diff(expected, last["body"], response_label,
                       f"received: {last['method']} {path} → {last['status']}")]
    if diffs[0]:
        problems.append(f"{RESPONSE_DIFFERS} ({response_label})")
    if run.returned_from and last["status"] and last["status"] < 400:
        if run.returned_error:
            problems.append(f"{run.returned_from} returned an object that is "
                            f"{run.returned_error}")
        elif diff := json_diff(last["body"], run.returned, "response body",
                               f"{run.returned_from}(…) returned"):
            problems.append(f"the object {run.returned_from} returned does not serialize to "
                            "the response body")
            diffs.append(diff)
    diffs.append(_curl_problem(sample, last, settings, problems))
    return diffs


def _curl_problem(sample: Sample, last: dict[str, Any], settings: Settings,
                  problems: list[str]) -> str:
    if sample.curl is None:
        return ""
    label = settings.relative(sample.curl)
    try:
        curl = parse_curl(sample.curl.read_text(encoding="utf-8"))
    except DocumentError as exc:
        problems.append(f"{label}: {exc}")
        return ""
    diff = json_diff(curl.as_json(), shape_of(last).as_json(), f"{label} sends",
                     "the Python sample sent")
    if diff:
        problems.append(f"the curl sample ({label}) and the Python sample send different "
                        "requests")
    return diff


def _raised_at(stderr: str, sample: Path) -> int | None:
    lines = re.findall(rf'File "{re.escape(str(sample))}", line (\d+)', stderr)
    return int(lines[-1]) if lines else None


RESPONSE_DIFFERS = "the response differs from the documented one"


def update_responses(report: Report) -> list[Path]:
    """Rewrite `response.json` of samples whose only problem is a different response (like
    pytest-examples' --update). Review the resulting git diff before committing it."""
    updated = []
    for result in report.failures:
        if result.problems and all(p.startswith(RESPONSE_DIFFERS) for p in result.problems):
            result.sample.response.write_text(
                json.dumps(result.received, indent=2, ensure_ascii=False) + "\n")
            updated.append(result.sample.response)
    return updated


def main(argv: list[str] | None = None) -> int:
    """`make verify`: verify the samples without building the site."""
    parser = argparse.ArgumentParser(prog="python -m vinr_docs.verify", description=main.__doc__)
    parser.add_argument("filters", nargs="*", help="only samples whose path contains one of these")
    parser.add_argument("--project", type=Path, default=Path.cwd())
    parser.add_argument("--no-cache", action="store_true", help="run every sample")
    parser.add_argument("--update", action="store_true",
                        help="write what the fake returned into response.json where that is the "
                             "only difference")
    args = parser.parse_args(argv)
    settings = Settings.for_project(args.project, use_cache=not args.no_cache)
    select = (lambda s: any(f in s.snippet for f in args.filters)) if args.filters else None
    report = verify(settings, select)
    if args.update and (updated := update_responses(report)):
        print("updated: " + ", ".join(settings.relative(p) for p in updated))
        report = verify(settings, select)
    if not report.ok:
        print(report.render(), file=sys.stderr)
    for result in report.results:
        mark = "✓" if result.ok else "✗"
        print(f"{mark} {result.label}{' (cached)' if result.cached else ''}")
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
