"""Fixtures of the quality gate: the built site served like production (gzip), a fault-test helper
that builds and serves a modified copy of the project, and a summary of the measured figures."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build, reference_sources  # tests/conftest.py

from .sitecheck import serve

# Every reference page (a page whose Markdown documents an operation), as "/path.html": the
# gates below run on each, so a new page is checked without a test edit.
REFERENCES = ["/" + page for page in reference_sources()]
# Those with Advanced content (the toggle and its layout-shift care apply to them).
WITH_ADVANCED = [
    "/" + page
    for page, source in reference_sources().items()
    if "/// advanced" in source.read_text(encoding="utf-8")
]
FIGURE = "quality: "  # prefix of the user properties the terminal summary prints


@pytest.fixture(scope="session")
def served_site(built_site) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The built site over HTTP with gzip, as a production host serves it (for Lighthouse)."""
    with serve(built_site.site_dir) as url:
        yield url


Edit = Callable[[Path], None]


@pytest.fixture
def build_modified(tmp_path: Path) -> Callable[[Edit], contextlib.AbstractContextManager[str]]:
    """`with build_modified(edit) as url:` copies the project, applies `edit(project_dir)`, builds
    it (the build must still succeed) and serves the result; for tests proving a gate can fail."""

    @contextlib.contextmanager
    def build(edit: Edit) -> Iterator[str]:
        project = copy_project(tmp_path / "project")
        edit(project)
        result = mkdocs_build(project, tmp_path / "site")
        assert result.returncode == 0, f"the modified project must build:\n{result.stderr}"
        with serve(tmp_path / "site") as url:
            yield url

    return build


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    """Print the figures the quality tests measured (they are recorded with `record_property`, which
    also carries them across pytest-xdist workers)."""
    figures = [
        (name.removeprefix(FIGURE), value)
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", [])
        if name.startswith(FIGURE)
    ]
    if figures:
        terminalreporter.section("quality figures")
        for name, value in figures:
            terminalreporter.write_line(f"{name}: {value}")
