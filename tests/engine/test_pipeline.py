"""The engine's front-door behaviour: missing runtimes and missing isolation are failures in
strict mode (CI, make test) and one notice elsewhere; the report says what it verified."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_helpers import only_retrieve

from vinr_docs.engine import Settings, pipeline, verify
from vinr_docs.sandbox.records import Isolation, IsolationUnavailable

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_ruby(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.runtime_version
    monkeypatch.setattr(
        pipeline, "runtime_version", lambda exe: None if exe == "ruby" else real(exe)
    )


def test_a_missing_runtime_is_a_failure_when_strict(no_ruby: None) -> None:
    report = verify(Settings.for_project(ROOT, use_cache=False, strict=True), only_retrieve)
    assert not report.ok
    assert any(
        "Ruby (ruby) samples not executed: runtime not installed" in p.message
        for p in report.problems
    )


def test_a_missing_runtime_is_one_notice_and_not_executed_cells_otherwise(no_ruby: None) -> None:
    report = verify(Settings.for_project(ROOT, use_cache=False, strict=False), only_retrieve)
    assert report.ok, report.render()
    assert report.notices == ["Ruby (ruby) samples not executed: runtime not installed"]
    [operation] = {r.sample.operation for r in report.results}
    [row] = [r for r in report.matrix if r.operation == operation]
    assert "not executed: runtime missing" in row.cells
    assert {r.sample.language.key for r in report.results} == {"curl", "node", "python"}


def test_missing_isolation_in_strict_mode_fails_instead_of_running(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise IsolationUnavailable(Isolation(False, True, True, True, True))

    monkeypatch.setattr(pipeline, "Runner", refuse)
    report = verify(Settings.for_project(ROOT, use_cache=False, strict=True), only_retrieve)
    assert not report.ok and report.results == []
    assert "samples were not run: sample sandbox: missing isolation: network" in report.render()


def test_the_summary_counts_only_what_was_executed() -> None:
    report = verify(Settings.for_project(ROOT, use_cache=False), only_retrieve)
    assert report.summary().startswith(
        "verified 4 samples against the fake VINR API (1 curl, 1 JavaScript, 1 Python, 1 Ruby; "
        "4 executed, 0 cached)"
    )


def test_a_language_selection_is_a_local_shortcut_refused_when_strict(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VINR_VERIFY_LANGUAGES", "python")
    relaxed = verify(Settings.for_project(ROOT, use_cache=False, strict=False), only_retrieve)
    assert relaxed.ok and {r.sample.language.key for r in relaxed.results} == {"python"}
    assert relaxed.notices == ["only python samples verified (VINR_VERIFY_LANGUAGES)"]
    strict = verify(Settings.for_project(ROOT, use_cache=False, strict=True), only_retrieve)
    assert not strict.ok and "for local runs only" in strict.render()


def test_a_language_selection_naming_no_language_is_an_error_not_an_empty_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A typo must not verify nothing and pass: `js` is no language; `JavaScript` (a tab) is."""
    monkeypatch.setenv("VINR_VERIFY_LANGUAGES", "JavaScript,js")
    report = verify(Settings.for_project(ROOT, use_cache=False, strict=False), only_retrieve)
    assert {r.sample.language.key for r in report.results} == {"node"}
    assert not report.ok
    assert "VINR_VERIFY_LANGUAGES names no language: js (known: curl, node" in report.render()


def test_the_pool_starts_only_the_runtimes_and_workers_the_samples_to_run_need(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One edited Python sample (the usual `mkdocs serve` save) starts one worker with no Node
    host or Ruby server; a folder's four tabs start every runtime."""
    from vinr_docs.engine import execute

    started: list[tuple[list[str], int]] = []
    real = execute.Pool

    def recording(**kwargs):  # noqa: ANN003, ANN202
        started.append((list(kwargs["languages"]), kwargs["workers"]))
        return real(**kwargs)

    monkeypatch.setattr(execute, "Pool", recording)
    settings = Settings.for_project(ROOT, use_cache=False, workers=2)
    python_only = verify(settings, lambda s: only_retrieve(s) and s.language.key == "python")
    assert python_only.ok and len(python_only.results) == 1
    every = verify(settings, only_retrieve)
    assert every.ok
    assert started == [(["python"], 1), (["curl", "node", "python", "ruby"], 2)]
