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
import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from vinr_docs.engine import _stat_walk

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


class EnvironmentWalk:
    """A digest of every file outside the project that the runners and the engine can load,
    started now in its own process (the build renders meanwhile), read with `result()`.

    The roots: the interpreter's standard library and site-packages (every file, data files
    included: certificates, templates, grammars), and every directory Node and Ruby search for
    modules and gems (asked of each runtime, as the sandbox runs it); for each file its path,
    size and mtime. A library upgraded, or patched in place with its version unchanged, is a
    miss. Stat data only: no file is read."""

    def __init__(self, cache_dir: Path) -> None:
        self.roots = environment_roots(cache_dir)
        command = [sys.executable, "-I", "-S", "-B", str(WALKER), *self.roots]
        try:
            self._process: subprocess.Popen[str] | None = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
            )
        except OSError:
            self._process = None

    def result(self) -> str:
        if self._process is not None:
            out, _ = self._process.communicate()
            if self._process.returncode == 0 and len(out.strip()) == 64:
                return out.strip()
        return _stat_walk.digest(self.roots)  # the same walk, here


def environment(cache_dir: Path) -> str:
    """`EnvironmentWalk(cache_dir).result()`: the installed files' digest, now."""
    return EnvironmentWalk(cache_dir).result()


WALKER = Path(_stat_walk.__file__)


def environment_roots(cache_dir: Path) -> list[str]:
    """The directories `EnvironmentWalk` stats (a folder inside another root is walked twice:
    the Node and Ruby lists nest, and no list is trimmed by hand)."""
    return sorted(set(_python_roots()) | set(_runtime_roots(cache_dir)))


# Asked of each runtime once per installed binary (the answer is kept in the cache directory).
# HOME is the sandbox's: per-user folders under the build's HOME are not visible to samples.
RUNTIME_PATHS = {
    "node": ["node", "-p", "require('module').globalPaths.join('\\n')"],
    "ruby": ["ruby", "-e", "puts Gem.path, $LOAD_PATH"],
}
RUNTIME_PATHS_FILE = "vinr-runtime-paths.json"


def _python_roots() -> list[str]:
    """The standard library and every site-packages this interpreter (the samples' too) imports
    from: the base interpreter's only when the virtualenv includes it."""
    paths = sysconfig.get_paths()
    names = ("stdlib", "platstdlib", "purelib", "platlib")
    found = [paths[name] for name in names] + site.getsitepackages()
    return [os.path.realpath(p) for p in found if os.path.isdir(p)]


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
