"""`python -I -S -B _stat_walk.py ROOT...` prints one sha256 of `path size mtime` for every file
under the roots (symlinks not followed, `__pycache__` skipped, and so is a `site-packages` or
`dist-packages` folder inside a root: the interpreter imports from one only when it is itself
a root, e.g. a virtualenv's, not the base interpreter's next to the standard library).
Standard library only, so the cache key's walk runs in its own process (its own core and GIL)
while the build renders."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterable

SKIPPED = ("__pycache__", "site-packages", "dist-packages")


def walk(root: str, update: Callable[[bytes], object]) -> None:
    try:
        with os.scandir(root) as found:
            entries = sorted(found, key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in SKIPPED:
                    walk(entry.path, update)
                continue
            stat = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        update(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())


def digest(roots: Iterable[str]) -> str:
    found = hashlib.sha256()
    for root in roots:
        found.update(f"{root}\n".encode())
        walk(root, found.update)
    return found.hexdigest()


if __name__ == "__main__":
    print(digest(sys.argv[1:]))
