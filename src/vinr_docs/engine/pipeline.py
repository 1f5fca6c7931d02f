"""Verification end to end: discover → run (runner in sandbox against the fake) → judge.

The one implementation behind the MkDocs hook, pytest and `make verify`.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import re
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from vinr_docs import sandbox, sdk
from vinr_docs.engine import blocks, coverage, crosscheck
from vinr_docs.engine.cache import EnvironmentWalk, SampleCache, environment, fingerprint
from vinr_docs.engine.discover import Discovery, discover
from vinr_docs.engine.execute import Runner, fixture_chain
from vinr_docs.engine.judge import judge
from vinr_docs.engine.model import Problem, Sample, SampleResult
from vinr_docs.engine.report import Report
from vinr_docs.engine.settings import Settings
from vinr_docs.fake import ApiRules, FakeApi
from vinr_docs.languages import BY_NAME, LANGUAGES
from vinr_docs.runners import RUNNERS, runtime_version
from vinr_docs.sandbox.records import IsolationUnavailable
from vinr_docs.spec import Spec
from vinr_docs.spec import load as load_spec

ENGINE_PACKAGES = ("vinr_docs", "vinr")


def discover_samples(settings: Settings, spec: Spec) -> Discovery:
    return discover(settings.snippets, spec, settings.docs_dir.rglob("*.md"), settings.project)


def engine_files(settings: Settings) -> list[Path]:
    """Everything whose change can change any verdict: engine, clients, spec."""
    roots = [settings.project / "src" / name for name in ENGINE_PACKAGES]
    roots.append(settings.project / "clients")
    files = sorted(
        p
        for root in roots
        if root.is_dir()
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p != settings.project / sdk.TABLE
    )  # the operations table is derived from the spec, which is listed
    return [*files, settings.spec]


def verify(
    settings: Settings,
    select: Callable[[Sample], bool] | None = None,
    *,
    installed: str | None = None,
) -> Report:
    """Verify every sample (or those `select` accepts); `installed`: `environment()`, if known."""
    started = time.perf_counter()
    report = Report()
    spec = load_spec(settings.spec)  # validated once; the fake and the checks share it
    rules = ApiRules.from_spec(spec, settings.relative(settings.spec))
    discovery = discover_samples(settings, spec)
    report.problems += discovery.problems
    try:  # the clients' methods, from x-vinr-sdk; before any client is loaded
        sdk.write(settings.project, spec, settings.spec)
    except sdk.SdkError as exc:
        report.problems.append(Problem("spec", exc.message, where=exc.where))
        return report
    samples = [s for s in discovery.samples if select is None or select(s)]
    if settings.languages is not None:
        named = {name: BY_NAME.get(name.lower()) for name in settings.languages}
        wanted = {language.key for language in named.values() if language}
        if unknown := [name for name, language in named.items() if language is None]:
            report.problems.append(
                Problem(
                    "settings",
                    f"VINR_VERIFY_LANGUAGES names no language: {', '.join(unknown)} "
                    f"(known: {', '.join(lang.key for lang in LANGUAGES)})",
                )
            )
        if settings.strict:
            report.problems.append(
                Problem(
                    "missing_snippet",
                    f"VINR_VERIFY_LANGUAGES={','.join(settings.languages)} "
                    "skips languages; it is for local runs only, not CI or make test",
                )
            )
        report.notices.append(
            f"only {', '.join(sorted(wanted))} samples verified (VINR_VERIFY_LANGUAGES)"
        )
        samples = [s for s in samples if s.language.key in wanted]
    report.partial = select is not None or settings.languages is not None
    complete = {s.operation for s in samples} - {
        s.operation for s in discovery.samples if s not in samples
    }
    samples, not_run = _with_runtimes(samples, report, settings)
    isolation = sandbox.probe()
    if notice := isolation.notice():
        report.notices.append(notice)
    salt = fingerprint(
        engine_files(settings),
        salt=repr((settings.limits, isolation, installed or environment(settings.cache_dir))),
    )
    try:
        api = FakeApi(rules)
    except ValueError as exc:  # the spec asks for something the fake cannot do: an author's fix
        report.problems.append(_unservable(spec, settings, exc))
        return report
    try:
        report.results = _run_all(samples, api, settings, salt)
    except IsolationUnavailable as exc:  # strict (CI, make test): never a silent downgrade
        report.problems.append(Problem("isolation", f"samples were not run: {exc}"))
        return report
    _check_across(report, settings, spec, not_run, complete)
    report.seconds = time.perf_counter() - started
    return report


def _unservable(spec: Spec, settings: Settings, exc: ValueError) -> Problem:
    """The fake refused the spec: name the spec line of the operation the reason names."""
    message = str(exc)
    label = settings.relative(settings.spec)
    message = message.removeprefix(f"{label}: ")
    named = next(
        (op.id for op in spec.operations if re.search(rf"\b{re.escape(op.id)}\b", message)),
        None,
    )
    line = sdk.spec_line(settings.spec, named) if named else None
    where = f"{label}:{line}" if line else label
    return Problem(
        "spec",
        f"the fake API cannot serve the spec, so no sample ran: {message}"
        + (f" (operation {named} is at {where})" if named else ""),
        where=where,
    )


def _check_across(
    report: Report, settings: Settings, spec: Spec, not_run: set[str], complete: set[str]
) -> None:
    """Tabs send the same requests; documented errors and events are what the fake produced."""
    crosscheck.cross_tab(report.results)
    crosscheck.events(spec, report.results, settings)
    problems, errors = crosscheck.error_examples(spec, report.results, settings, complete)
    report.matrix = coverage.matrix(spec, report.results, errors, not_run)
    report.problems += problems
    if report.partial:
        return  # a selection cannot vouch for the pages' blocks
    every = {language.tab for language in LANGUAGES}
    errors_ok = {
        op: all(langs == every for langs in examples.values()) for op, examples in errors.items()
    }
    events_ok = crosscheck.event_verdicts(spec, report.results)
    report.blocks = blocks.inventory(
        list(settings.docs_dir.rglob("*.md")),
        settings.project,
        report.results,
        errors_ok,
        events_ok,
    )
    report.problems += blocks.problems(report.blocks)


def _with_runtimes(
    samples: list[Sample], report: Report, settings: Settings
) -> tuple[list[Sample], set[str]]:
    """Drop samples whose runtime is absent: a failure in CI/`make test`, a notice elsewhere."""
    kept = []
    missing: set[str] = set()
    not_run: set[str] = set()
    for sample in samples:
        runner = RUNNERS[sample.language.key]
        if runtime_version(runner.EXECUTABLE) is None:
            missing.add(f"{sample.language.tab} ({runner.EXECUTABLE})")
            not_run.add(sample.language.tab)
            continue
        kept.append(sample)
    for name in sorted(missing):
        message = f"{name} samples not executed: runtime not installed"
        if settings.strict:
            report.problems.append(Problem("missing_snippet", message))
        else:
            report.notices.append(message)
    return kept, not_run


def _key(sample: Sample, salt: str) -> str:
    runner = RUNNERS[sample.language.key]
    version = runtime_version(runner.EXECUTABLE) or "missing"
    return fingerprint([sample.path, sample.response, *fixture_chain(sample)], salt=salt + version)


def _run_all(
    samples: list[Sample], api: FakeApi, settings: Settings, salt: str
) -> list[SampleResult]:
    cache = SampleCache(settings.cache_dir) if settings.use_cache else None
    results: dict[int, SampleResult] = {}
    todo: list[tuple[int, Sample, str]] = []
    for index, sample in enumerate(samples):
        key = _key(sample, salt)
        hit = cache.get(key) if cache is not None else None
        if hit is not None:
            results[index] = SampleResult(
                sample,
                settings.relative(sample.path),
                ok=True,
                requests=hit["requests"],
                cached=True,
                shapes=hit.get("shapes"),
                last=tuple(hit["last"]) if hit.get("last") else None,  # type: ignore[arg-type]
                events=hit.get("events"),
            )
        else:
            todo.append((index, sample, key))
    if todo:
        workers = max(1, min(settings.workers, len(todo)))  # sandboxes, and threads feeding them
        languages = {sample.language.key for _, sample, _ in todo}
        with (
            Runner(api, settings, languages, workers) as runner,
            ThreadPoolExecutor(max_workers=workers) as threads,
        ):
            futures = [(i, s, k, threads.submit(runner.run, s)) for i, s, k in todo]
            for index, sample, key, future in futures:
                result = judge(sample, future.result(), settings)
                results[index] = result
                if cache is not None and result.ok:
                    cache.put(key, result.summary())
    if cache is not None:
        cache.save()
    return [results[i] for i in range(len(samples))]


RUN_FILE = "vinr-run.pickle"  # the last passing full run's report, keyed by all its inputs


def run_key(settings: Settings, environment_digest: str | None = None) -> str:
    """A digest of everything a full run reads: every snippet file, page and engine, client or
    spec file, the settings, which runtimes and bubblewrap are installed (path, size and mtime:
    no process is started) and the verdict libraries' versions. Equal keys mean the run would
    find what it found before."""
    files = sorted(p for p in settings.snippets.rglob("*") if p.is_file())
    pages = sorted(settings.docs_dir.rglob("*.md"))
    tools = [RUNNERS[language.key].EXECUTABLE for language in LANGUAGES] + ["bwrap"]
    installed = []
    for tool in tools:
        path = shutil.which(tool)
        stat = os.stat(path) if path else None
        installed.append((tool, path, stat and (stat.st_size, stat.st_mtime_ns)))
    libraries = environment_digest or environment(settings.cache_dir)
    salt = repr((settings, installed, libraries))
    return fingerprint([*files, *pages, *engine_files(settings)], salt=salt)


def reused_report(settings: Settings, key: str) -> Report | None:
    """The stored report of a passing full run with these exact inputs, marked as cached."""
    started = time.perf_counter()
    try:
        stored = (settings.cache_dir / RUN_FILE).read_bytes()
    except OSError:
        return None
    stored_key, _, body = stored.partition(b"\n")
    if stored_key != key.encode():
        return None  # checked before unpickling: another engine's classes may not load
    try:
        # Our own file under .cache/ (samples run read-only in the sandbox and cannot write it).
        report = pickle.loads(body)
    except Exception:  # noqa: BLE001 - a damaged cache file is a miss, whatever it raises
        return None
    if not isinstance(report, Report):
        return None
    for result in report.results:
        result.cached = True
    report.seconds = time.perf_counter() - started
    return report


def verify_and_remember(settings: Settings, key: str | None, installed: str) -> Report:
    """`verify`, then store a passing full run's report under `key` if its inputs did not
    change while it ran (an author saving mid-run gets a fresh run next time)."""
    report = verify(settings, installed=installed)
    if key is None or not report.ok or report.partial or run_key(settings) != key:
        return report
    path = settings.cache_dir / RUN_FILE
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(key.encode() + b"\n" + pickle.dumps(report))
        tmp.replace(path)
    return report


def verify_in_background(settings: Settings) -> Future[Report]:
    """Start `verify` in a child process (the build renders meanwhile, on its own core and GIL);
    `.result()` waits for the report. When nothing a full run reads has changed since the last
    passing one, its report is reused and no process is started (an unchanged rebuild).
    Returns at once: the key (its walk of the installed files in a process of its own) is
    computed on a thread while the build goes on."""
    walk = EnvironmentWalk(settings.cache_dir)
    future: Future[Report] = Future()

    def decide() -> None:
        try:
            installed = walk.result()
            wanted = settings.use_cache and settings.languages is None
            key = run_key(settings, installed) if wanted else None
            if key is not None and (report := reused_report(settings, key)) is not None:
                future.set_result(report)
                return
            context = multiprocessing.get_context("spawn")
            executor = ProcessPoolExecutor(max_workers=1, mp_context=context)
            running = executor.submit(verify_and_remember, settings, key, installed)
            executor.shutdown(wait=False)
            running.add_done_callback(lambda done: _settle(future, done))
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits for the report
            future.set_exception(exc)

    threading.Thread(target=decide, name="vinr-verify-key", daemon=True).start()
    return future


def _settle(future: Future[Report], done: Future[Report]) -> None:
    if (exc := done.exception()) is not None:
        future.set_exception(exc)
    else:
        future.set_result(done.result())
