"""Every internal link and #anchor of the built site resolves: MkDocs' own validation checks the
Markdown links, mkdocs-htmlproofer-plugin (offline: external URLs are not fetched) checks every
link of the rendered HTML, templates included. Both fail `mkdocs build --strict`; these tests break
a link in a copy of the project and check the build names it (the session's `built_site`
fixture is the same strict build of the real project, so every other test depends on it passing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, reference_sources  # tests/conftest.py

from .conftest import append, copy_project, mkdocs_build

pytestmark = pytest.mark.slow

# A discovered page, broken in a copy: it links to itself (`<name>.md`, `<name>.html`).
SOURCE = next(iter(reference_sources().values())).relative_to(ROOT).as_posix()
NAME = Path(SOURCE).stem


def build_with(tmp_path: Path, markdown: str) -> str:
    project = copy_project(tmp_path / "project")
    append(project / SOURCE, f"\n\n{markdown}\n")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0, f"the build should have failed on {markdown!r}:\n{result.stderr}"
    return result.stderr


def test_broken_markdown_anchor_fails_the_build(tmp_path: Path) -> None:
    log = build_with(tmp_path, f"See [the object]({NAME}.md#no-such-field).")
    assert SOURCE.removeprefix("docs/") in log and "#no-such-field" in log, log


def test_broken_html_anchor_fails_the_build(tmp_path: Path) -> None:
    # Raw HTML (and template) links are invisible to MkDocs' validation: htmlproofer catches them.
    log = build_with(tmp_path, f'<a href="{NAME}.html#no-such-field">the object</a>')
    assert "htmlproofer" in log and f"{NAME}.html#no-such-field" in log, log


def test_broken_same_page_anchor_fails_the_build(tmp_path: Path) -> None:
    log = build_with(tmp_path, '<a href="#nowhere">back to top</a>')
    assert "#nowhere" in log and SOURCE.removeprefix("docs/") in log, log
