"""Helpers for fault tests: break a copy of the project, verify one folder with the engine."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import edit_file
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


def build(project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` WITHOUT --strict: verification failures must fail the build by themselves."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(project / "_site")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )
