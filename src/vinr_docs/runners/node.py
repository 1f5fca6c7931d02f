"""JavaScript samples: `node` with the reference client `@vinr/sdk` (clients/js).

`clients/js/preload.js` resolves `@vinr/sdk` to the repository's client and installs the result
recorder; the sample runs as an ES module (samples use `import` and top-level await).
"""

from __future__ import annotations

from pathlib import Path

from vinr_docs.runners.base import Launch

EXECUTABLE = "node"
SAMPLE_NAME = "sample.mjs"


def launch(sample: Path, project: Path) -> Launch:
    preload = project / "clients" / "js" / "preload.js"
    argv = [EXECUTABLE, "--no-warnings", "--import", preload.as_uri(), SAMPLE_NAME]
    return Launch(argv, {SAMPLE_NAME: sample.read_bytes()}, {}, SAMPLE_NAME)
