"""Lighthouse (npm, Debian's Chromium) on every served reference page (one run each), mobile:
accessibility, best practices and SEO score 1.00; performance is scored and reported (its target
lives in `make bench`, not in a timed test)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .conftest import FIGURE, REFERENCES
from .sitecheck import GATED_CATEGORIES, METRICS, LighthouseReport, run_lighthouse

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def lighthouse_runs() -> dict[str, LighthouseReport]:
    return {}


@pytest.fixture(params=REFERENCES)
def lighthouse_mobile(
    request: pytest.FixtureRequest, served_site: str, lighthouse_runs: dict[str, LighthouseReport]
) -> LighthouseReport:
    """One Lighthouse run (~15 s) per reference page, shared by the tests below."""
    path = request.param
    if path not in lighthouse_runs:
        lighthouse_runs[path] = run_lighthouse(f"{served_site}{path}", "mobile")
    return lighthouse_runs[path]


@pytest.mark.parametrize("category", GATED_CATEGORIES)
def test_lighthouse_category_scores_full_marks(
    lighthouse_mobile: LighthouseReport, category: str
) -> None:
    score = lighthouse_mobile.scores[category]
    assert score == 1, (
        f"Lighthouse {category} is {score} on {lighthouse_mobile.url}; failing audits:\n"
        f"{lighthouse_mobile.failures(category)}"
    )


def test_lighthouse_scores_performance(
    lighthouse_mobile: LighthouseReport, record_property: Callable[[str, object], None]
) -> None:
    score = lighthouse_mobile.scores["performance"]
    assert score is not None, f"performance was not scored: {lighthouse_mobile.warnings}"
    assert set(lighthouse_mobile.metrics) == set(METRICS), lighthouse_mobile.metrics
    metrics = ", ".join(
        f"{name} {value:.3f}" if name == "CLS" else f"{name} {value / 1000:.2f} s"
        for name, value in lighthouse_mobile.metrics.items()
    )
    record_property(
        f"{FIGURE}Lighthouse mobile performance {lighthouse_mobile.url}", f"{score:.2f} ({metrics})"
    )
