"""A page added to the site is published with no edit to the publish code or tests: it gets a
verified Markdown copy, a line in llms.txt and its place in llms-full.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_project, edit_file, mkdocs_build  # tests/conftest.py
from vinr_docs.markdown import load_spec
from vinr_docs.publish.check import check_pages
from vinr_docs.publish.llms import LLMS, LLMS_FULL

from .published import base_url, published_pages

pytestmark = pytest.mark.slow
NEW_PAGE = "api-reference/new-page.md"


def test_a_new_page_is_published_and_checked(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("VINR_VERIFY", "off")  # what is published does not depend on verdicts
    project = copy_project(tmp_path / "project")
    source = next((project / "docs" / "api-reference").glob("*.md"))  # any reference page
    text = source.read_text(encoding="utf-8")
    (project / "docs" / NEW_PAGE).write_text(text, encoding="utf-8")
    edit_file(
        project / "mkdocs.yml",
        lambda t: t.replace(
            "  - API reference:\n", f"  - API reference:\n      - New: {NEW_PAGE}\n", 1
        ),
    )
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    pages = published_pages(project)
    new = next(page for page in pages if page.copy == NEW_PAGE)
    assert (site / new.copy).is_file()
    assert f"{base_url()}{new.copy})" in (site / LLMS).read_text(encoding="utf-8")
    assert (site / new.copy).read_text(encoding="utf-8").rstrip() in (site / LLMS_FULL).read_text()
    spec = load_spec(project / "docs" / "openapi.yaml")
    assert check_pages(site, project / "snippets", pages, base_url(), spec) == []
