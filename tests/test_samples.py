"""Every Python sample the pages include runs against the fake API and matches its page.

Parametrized over the discovered samples (ids = snippet paths). The engine is the same one the
MkDocs hook uses; here the cache is off, so every sample really runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vinr_docs.report import Report
from vinr_docs.samples import discover
from vinr_docs.verify import Settings, verify

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings.for_project(ROOT, use_cache=False)
SAMPLES = discover(ROOT, SETTINGS.docs_dir.rglob("*.md"), SETTINGS.snippet_dirs).samples()


@pytest.fixture(scope="module")
def report() -> Report:
    """All samples, run once in parallel."""
    return verify(SETTINGS)


def test_pages_include_no_missing_or_malformed_snippet(report: Report) -> None:
    assert not report.problems, "\n".join(p.render() for p in report.problems)


@pytest.mark.parametrize("snippet", [s.snippet for s in SAMPLES])
def test_sample(report: Report, snippet: str) -> None:
    [result] = [r for r in report.results if r.sample.snippet == snippet]
    if not result.ok:
        pytest.fail(result.render(), pytrace=False)
    assert result.requests, "a verified sample must have called the fake API"
