"""Content-hash cache of passing samples, so unchanged samples are not run again.

A sample's key hashes everything its verdict depends on: the sample, its documented response,
its state fixture, the spec, the engine and clients, the sandbox limits and isolation, and the
runtime version.
Only passing verdicts are stored; failures always run again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

CACHE_FILE = "vinr-samples.json"


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


class SampleCache:
    """A JSON file under `.cache/` mapping key → the passing result's summary."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / CACHE_FILE
        self._entries: dict[str, Any] = {}
        self._used: set[str] = set()
        with contextlib.suppress(OSError, ValueError):
            self._entries = json.loads(self.path.read_text())

    def get(self, key: str) -> Any:
        if key in self._entries:
            self._used.add(key)
        return self._entries.get(key)

    def put(self, key: str, value: Any) -> None:
        self._entries[key] = value
        self._used.add(key)

    def save(self) -> None:
        """Write the entries used in this run (older ones are dropped) atomically."""
        kept = {k: v for k, v in self._entries.items() if k in self._used}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(kept, indent=1))
        tmp.replace(self.path)
