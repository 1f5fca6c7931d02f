"""Helpers for fault tests: break a copy of the project, verify one folder with the engine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import edit_file
from servers import mkdocs_build as build  # noqa: F401 - the fault tests import it from here
from vinr_docs.engine import Report, Settings, verify
from vinr_docs.engine.report import render_result


def edit(project: Path, relative: str, change: Callable[[str], str]) -> None:
    """Apply `change` to a file of the copy (relative to the project); it must change it."""
    edit_file(project / relative, change)


def verify_folder(project: Path, folder: str, **overrides: object) -> Report:
    """Run the samples of one snippet folder of `project` (all languages), cache off."""
    settings = Settings.for_project(project, use_cache=False, **overrides)
    return verify(settings, lambda sample: sample.folder == folder)


def result_of(report: Report, language_file: str):  # noqa: ANN201 - SampleResult
    [result] = [r for r in report.results if r.sample.language.file == language_file]
    return result


def text(report: Report) -> str:
    """Everything the report says, as the build log would show it."""
    return "\n\n".join([report.render(), *(render_result(r) for r in report.results)])
