"""Ruby samples: `ruby` with the reference client (clients/ruby, stdlib only) and its recorder."""

from __future__ import annotations

from pathlib import Path

from vinr_docs.runners.base import Launch

EXECUTABLE = "ruby"
SAMPLE_NAME = "sample.rb"


def launch(sample: Path, project: Path) -> Launch:
    lib = project / "clients" / "ruby" / "lib"
    argv = [EXECUTABLE, "-I", str(lib), "-rvinr", "-rvinr/recorder", SAMPLE_NAME]
    return Launch(argv, {SAMPLE_NAME: sample.read_bytes()}, {}, SAMPLE_NAME)
