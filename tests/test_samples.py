"""Every sample, in every language, runs in the sandbox against the fake API and matches its
documented response. Parametrized over the discovered samples (ids = snippet paths), so adding an
operation adds tests. The engine is the one the MkDocs hook uses; the cache is off here."""

from __future__ import annotations

from pathlib import Path

import pytest

from vinr_docs.engine import Report, Settings, verify
from vinr_docs.engine.pipeline import discover_samples
from vinr_docs.engine.report import render_result
from vinr_docs.spec import load as load_spec

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings.for_project(ROOT, use_cache=False)
DISCOVERY = discover_samples(SETTINGS, load_spec(SETTINGS.spec))


@pytest.fixture(scope="module")
def report() -> Report:
    """All samples, run once in parallel."""
    return verify(SETTINGS)


def test_discovery_finds_no_orphan_or_missing_folder() -> None:
    assert not DISCOVERY.problems, "\n".join(p.render() for p in DISCOVERY.problems)


def test_every_operation_has_a_sample_in_every_language() -> None:
    for operation in load_spec(SETTINGS.spec).operations:
        languages = {s.language.key for s in DISCOVERY.samples if s.operation == operation.id}
        assert languages == {"curl", "node", "python", "ruby"}, operation.id


def test_the_run_reports_no_page_level_problem(report: Report) -> None:
    assert not report.problems, "\n".join(p.render() for p in report.problems)


@pytest.mark.parametrize("sample_id", [s.id for s in DISCOVERY.samples])
def test_sample(report: Report, sample_id: str) -> None:
    [result] = [r for r in report.results if r.sample.id == sample_id]
    if not result.ok:
        pytest.fail(render_result(result), pytrace=False)
    assert result.requests, "a verified sample must have reached the fake API"
