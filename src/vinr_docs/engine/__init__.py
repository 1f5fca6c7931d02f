"""The sample-verification engine: discover → run (in the sandbox, against the fake) → judge →
report, with a content-hash cache. Front doors: `hooks/verify_samples.py`, pytest
(`tests/test_samples.py`) and `make verify` (`python -m vinr_docs.engine`)."""

from vinr_docs.engine.pipeline import verify, verify_in_background
from vinr_docs.engine.report import Report
from vinr_docs.engine.settings import Settings, enabled

__all__ = ["Report", "Settings", "enabled", "verify", "verify_in_background"]
