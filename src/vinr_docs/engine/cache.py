"""Content-hash cache of passing samples, so unchanged samples are not run again.

A sample's key hashes everything its verdict depends on: the sample, its documented response,
its state fixture, the spec, the engine and clients, the sandbox limits and isolation, the
runtime version and the versions of the libraries in `VERDICT_LIBRARIES`.
Only passing verdicts are stored; failures always run again.
A file in another format (or damaged) is an empty cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

# Libraries whose behaviour is part of a verdict: the Python client's HTTP, the fake's validation,
# the page parsing of the block inventory. An upgrade (even a manual `pip install -U`) is a miss.
VERDICT_LIBRARIES = (
    "requests",
    "openapi-core",
    "openapi-schema-validator",
    "jsonschema",
    "email-validator",
    "werkzeug",
    "Markdown",
    "pymdown-extensions",
)
CACHE_FILE = "vinr-samples.json"
FORMAT = 2  # {"format": 2, "entries": {key: {"used": unix time, "summary": ...}}}


def fingerprint(
    paths: Iterable[Path | None], salt: str = "", name: Callable[[Path | None], str] = str
) -> str:
    """sha256 over `salt` and the given files' names and contents (None or missing → marker).
    `name` says what of a path counts (`lambda p: p.name`: copies of a project match)."""
    digest = hashlib.sha256((sys.version + salt).encode())
    for path in paths:
        digest.update(name(path).encode())
        if path is not None and path.is_file():
            digest.update(path.read_bytes())
        else:
            digest.update(b"\0missing")
    return digest.hexdigest()


def library_versions() -> str:
    """`name==version` of each of `VERDICT_LIBRARIES` (or `name absent`), for cache keys."""
    found = []
    for name in VERDICT_LIBRARIES:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} absent")
    return ";".join(found)


class SampleCache:
    """A JSON file under `.cache/` mapping key → the passing result's summary.

    Entries this run did not use are kept (a `make verify create` or a failing run must not
    forget the other samples), up to `KEEP` entries, the least recently used dropped first."""

    KEEP = 20_000

    def __init__(self, directory: Path) -> None:
        self.path = directory / CACHE_FILE
        # key → {"used": unix time, "summary": ...}: the file's own shape, read and written as is.
        self._entries: dict[str, dict[str, Any]] = {}
        self._now = time.time()
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError, AttributeError):
            stored = json.loads(self.path.read_text())
            if stored.get("format") == FORMAT:
                self._entries = {
                    key: {"used": float(entry["used"]), "summary": entry["summary"]}
                    for key, entry in stored["entries"].items()
                }

    def get(self, key: str) -> Any:
        entry = self._entries.get(key)
        if entry is None:
            return None
        entry["used"] = self._now
        return entry["summary"]

    def put(self, key: str, value: Any) -> None:
        self._entries[key] = {"used": self._now, "summary": value}

    def save(self) -> None:
        """Write the entries, the `KEEP` most recently used, atomically."""
        recent = sorted(self._entries.items(), key=lambda item: item[1]["used"], reverse=True)
        entries = dict(recent[: self.KEEP])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"format": FORMAT, "entries": entries}, indent=1))
        tmp.replace(self.path)
