"""Browser-test fixtures: the reference pages found on the built site.

`VINR_TEST_SITE=/path/to/site` runs the browser tests against an already built site instead of
building this checkout: how a new test is seen failing on the page as it was before a change
(`mkdocs build --site-dir /tmp/before` on the old commit, then the new test against it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ROOT, Build, mkdocs_build  # tests/conftest.py

OPERATION_MARKUP = 'class="vinr-operation"'


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    prebuilt = os.environ.get("VINR_TEST_SITE")
    if prebuilt:
        return Build(site_dir=Path(prebuilt), log="")
    site_dir = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site_dir)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return Build(site_dir=site_dir, log=result.stderr)


def reference_pages(site_dir: Path) -> list[str]:
    """URL paths of the built pages that hold operations (two-pane reference pages)."""
    return sorted(
        "/" + page.relative_to(site_dir).as_posix()
        for page in site_dir.rglob("*.html")
        if OPERATION_MARKUP in page.read_text(encoding="utf-8")
    )


def content_pages(site_dir: Path) -> list[str]:
    """URL paths of every built page of the site's navigation (404 page left out)."""
    return sorted(
        "/" + page.relative_to(site_dir).as_posix()
        for page in site_dir.rglob("*.html")
        if page.name != "404.html" and 'class="md-content"' in page.read_text(encoding="utf-8")
    )


@pytest.fixture(scope="session")
def references(built_site: Build) -> list[str]:
    pages = reference_pages(built_site.site_dir)
    assert pages, "discovery found no reference page (no .vinr-operation on any built page)"
    return pages


@pytest.fixture(scope="session")
def all_pages(built_site: Build) -> list[str]:
    pages = content_pages(built_site.site_dir)
    assert pages, "no built page"
    return pages
