"""Command lines: the launcher, and the bubblewrap sandbox around it.

Kept free of process handling so the exact isolation a run gets can be read (and tested) as data.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from .records import Limits

LAUNCHER_SOURCE = (Path(__file__).parent / "_launch.py").read_text(encoding="utf-8")
SANDBOX_UID = 65534  # "nobody" as seen from inside a user namespace
WORLD_READABLE = "0755"
STICKY_WORLD_WRITABLE = "1777"
HIDDEN_IN_ROOT_MODE = (Path("/root"),)  # root's home: secrets, and not traversable by the sample


def launcher_command(
    argv: Sequence[str],
    limits: Limits,
    uid: int | None,
    channel_fd: int | None,
    listen_env: str,
    count_processes: bool,
) -> list[str]:
    """`python -I -S -c <launcher> <config>`: isolated mode, so no site or cwd imports run first.

    `count_processes` is False without namespaces: RLIMIT_NPROC would then count every process
    the user owns, not the sample's.
    """
    limit_values: dict[str, int | float | None] = asdict(limits)
    if not count_processes:
        limit_values["processes"] = None
    config = {
        "argv": list(argv),
        "limits": limit_values,
        "uid": uid,
        "channel_fd": channel_fd,
        "listen_env": listen_env,
    }
    return [launcher_python(), "-I", "-S", "-c", LAUNCHER_SOURCE, json.dumps(config)]


def launcher_python() -> str:
    """The real interpreter behind this (maybe virtual) environment; it needs no site-packages."""
    return os.path.realpath(sys.executable)


def bwrap_command(
    bwrap: str,
    user_namespace: bool,
    workdir: Path,
    readonly_paths: Sequence[Path],
    limits: Limits,
    inner: list[str],
) -> list[str]:
    """The bwrap argv: only loopback, a read-only system, a private /tmp, and a writable workdir."""
    hidden = [Path("/tmp")] + ([] if user_namespace else list(HIDDEN_IN_ROOT_MODE))
    command = [bwrap, *_namespaces(user_namespace), *_base_mounts(user_namespace, limits)]
    command += _exposed_mounts(hidden, workdir, readonly_paths)
    command += ["--chdir", str(workdir), "--", *inner]
    return command


def _namespaces(user_namespace: bool) -> list[str]:
    """New net/pid/ipc/uts namespaces; pid 1 dying (or us dying) kills the whole tree."""
    flags = ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts"]
    flags += ["--die-with-parent", "--new-session"]
    if user_namespace:
        flags += ["--unshare-user", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID)]
    return flags


def _base_mounts(user_namespace: bool, limits: Limits) -> list[str]:
    """Everything read-only; /tmp is a private tmpfs bounded like memory (it is memory)."""
    mounts = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    mounts += ["--perms", STICKY_WORLD_WRITABLE, "--size", str(limits.memory_bytes)]
    mounts += ["--tmpfs", "/tmp"]
    if not user_namespace:
        for path in HIDDEN_IN_ROOT_MODE:
            mounts += ["--perms", WORLD_READABLE, "--tmpfs", str(path)]
    return mounts


def _exposed_mounts(
    hidden: Sequence[Path], workdir: Path, readonly_paths: Sequence[Path]
) -> list[str]:
    """Bind the interpreter, extra read-only paths and the writable workdir back into view.

    Bound shallowest first so that a workdir inside an exposed path is mounted on top of it.
    """
    binds = [(path, "--ro-bind") for path in _interpreter_paths() + list(readonly_paths)]
    binds.append((workdir, "--bind"))
    mounts: list[str] = []
    bound: set[Path] = set()
    made: set[Path] = set()
    for path, flag in sorted(binds, key=lambda item: len(item[0].resolve().parts)):
        real = path.resolve()
        mounts += _parent_dirs(real, hidden, bound, made)
        mounts += [flag, str(real), str(real)]
        bound.add(real)
    return mounts


def _interpreter_paths() -> list[Path]:
    """The launcher's interpreter and this environment, which may live under a hidden home or
    /tmp, and the source tree this package runs from (the zygote and launcher scripts live there,
    and an editable install may point outside the project being verified, e.g. a project copy)."""
    source = Path(__file__).resolve().parents[2]
    return sorted({Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), source})


def _parent_dirs(
    path: Path, hidden: Sequence[Path], bound: set[Path], made: set[Path]
) -> list[str]:
    """World-traversable mount points for a path inside a hidden tmpfs (bwrap makes them 0700).

    Directories inside an already bound tree exist and are left alone.
    """
    root = next((h for h in hidden if h in path.parents), None)
    if root is None:
        return []
    args: list[str] = []
    for parent in reversed(path.parents):
        inside_bind = parent in bound or any(b in parent.parents for b in bound)
        if root in parent.parents and parent not in made and not inside_bind:
            args += ["--perms", WORLD_READABLE, "--dir", str(parent)]
            made.add(parent)
    return args
