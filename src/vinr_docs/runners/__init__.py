"""How to start a sample in each language, and nothing else.

A runner turns a sample file into an argv (plus files copied into the sandbox's fresh working
directory). It never decides a verdict: that comes from the fake server's record. Every runner
gets the same environment: `VINR_SECRET_KEY` (the placeholder key), `VINR_API_BASE` (the fake's
loopback URL, set by the sandbox), `VINR_SAMPLE_PATH` and `VINR_RESULT_PATH` (where the
language's recorder writes what each client call returned — used for the "returned object" check
and to point at the calling line, never for the verdict on the response).
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

from vinr_docs.runners import curl, node, python, ruby
from vinr_docs.runners.base import Launch

__all__ = ["RUNNERS", "Launch", "runtime_version"]

RUNNERS = {"python": python, "curl": curl, "node": node, "ruby": ruby}


@cache
def runtime_version(executable: str) -> str | None:
    """`<exe> --version`'s first line, or None when the runtime is not installed."""
    path = shutil.which(executable)
    if path is None:
        return None
    out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=20)
    return (out.stdout or out.stderr).strip().splitlines()[0] if out.returncode == 0 else None
