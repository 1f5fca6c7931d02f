"""Content-hash cache of passing samples, so unchanged samples are not run again.

A sample's key hashes everything its verdict depends on: the sample, its documented response,
its state fixture, the spec, the engine and clients, the sandbox limits and isolation, the
runtime version, and every installed file the runners or the engine can load (`environment`).
Only passing verdicts are stored; failures always run again.
A file in another format (or damaged) is an empty cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

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


def environment(cache_dir: Path) -> str:
    """A digest of every file outside the project that the runners and the engine can load:
    each Python module installed where the engine and the Python samples import from, every file
    of the directories Node and Ruby search for modules and gems (asked of each runtime, as the
    sandbox runs it), with each file's path, size and mtime. A library upgraded, or patched in
    place with its version unchanged, is a miss. Stat data only: no file is read."""
    digest = hashlib.sha256()
    python = set(_python_roots())
    for root in sorted(python | set(_runtime_roots(cache_dir))):
        digest.update(f"{root}\n".encode())
        _stat_tree(root, digest, PYTHON_CODE if root in python else None)
    return digest.hexdigest()


# What the interpreter can import (its own list of suffixes) and `.pth` files: a site-packages
# also holds thousands of data files (icons, templates) that no sample loads.
PYTHON_CODE = (*importlib.machinery.all_suffixes(), ".pth")


# Asked of each runtime once per installed binary (the answer is kept in the cache directory).
# HOME is the sandbox's: per-user folders under the build's HOME are not visible to samples.
RUNTIME_PATHS = {
    "node": ["node", "-p", "require('module').globalPaths.join('\\n')"],
    "ruby": ["ruby", "-e", "puts Gem.path, $LOAD_PATH"],
}
RUNTIME_PATHS_FILE = "vinr-runtime-paths.json"


def _python_roots() -> list[str]:
    """Where installed distributions live for this interpreter (the samples' too)."""
    paths = sysconfig.get_paths()
    return [paths[name] for name in ("purelib", "platlib") if os.path.isdir(paths[name])]


def _runtime_roots(cache_dir: Path) -> list[str]:
    known_file = cache_dir / RUNTIME_PATHS_FILE
    try:
        known = json.loads(known_file.read_text())
    except (OSError, ValueError):
        known = {}
    roots: list[str] = []
    changed = False
    for name, argv in RUNTIME_PATHS.items():
        executable = shutil.which(argv[0])
        if executable is None:
            continue
        stat = os.stat(executable)
        identity = f"{os.path.realpath(executable)}:{stat.st_size}:{stat.st_mtime_ns}"
        entry = known.get(name) if isinstance(known, dict) else None
        if not (isinstance(entry, dict) and entry.get("identity") == identity):
            entry = {"identity": identity, "paths": _ask(argv)}
            known[name] = entry
            changed = True
        roots += [p for p in entry["paths"] if isinstance(p, str) and os.path.isdir(p)]
    if changed:
        with contextlib.suppress(OSError):
            cache_dir.mkdir(parents=True, exist_ok=True)
            known_file.write_text(json.dumps(known))
    return roots


def _ask(argv: list[str]) -> list[str]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": "/tmp", "LANG": "C.UTF-8"}
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30, env=env)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line for line in done.stdout.splitlines() if line.startswith("/")]


def _stat_tree(root: str, digest: Any, suffixes: tuple[str, ...] | None) -> None:
    """Feed `path size mtime` of every file under `root` (ending in one of `suffixes`, if
    given; symlinks not followed)."""
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    _stat_tree(entry.path, digest, suffixes)
                continue
            if suffixes is not None and not entry.name.endswith(suffixes):
                continue
            stat = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        digest.update(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())


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
