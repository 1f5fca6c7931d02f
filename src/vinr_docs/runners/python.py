"""Python samples: the reference client `vinr` (src/vinr), recorder preloaded by `_boot`."""

from __future__ import annotations

import sys
from pathlib import Path

from vinr_docs.runners.base import Launch

EXECUTABLE = sys.executable
SAMPLE_NAME = "sample.py"


def launch(sample: Path, project: Path) -> Launch:
    argv = [EXECUTABLE, "-B", "-m", "vinr_docs.runners._boot", SAMPLE_NAME]
    return Launch(
        argv, {SAMPLE_NAME: sample.read_bytes()}, {"PYTHONPATH": str(project / "src")}, SAMPLE_NAME
    )
