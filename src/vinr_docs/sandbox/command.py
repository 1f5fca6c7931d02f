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
# Top-level links (merged /usr) or directories the loader and runtimes need besides /usr.
SYSTEM_LINKS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# What of /etc the dynamic loader, the runtimes and their TLS/locale/name code read: nothing with
# secrets, no host configuration beyond that.
ETC_READ = (
    "alternatives",
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "ssl",
    "ca-certificates",
    "ca-certificates.conf",
    "nsswitch.conf",
    "passwd",
    "group",
    "hosts",
    "host.conf",
    "gai.conf",
    "services",
    "protocols",
    "localtime",
    "mime.types",
    "ruby",
    "gemrc",
)
# Where installed gems live outside /usr (Debian's `gem install`).
LIBRARY_DIRS = ("/var/lib/gems",)


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
    writable: Sequence[str] = (),
) -> list[str]:
    """The bwrap argv: only loopback, and a minimal read-only view of the machine: the system
    (/usr and its symlinks, the parts of /etc the runtimes read, the gem directories), the
    interpreter and this environment, `readonly_paths`, a size-limited tmpfs /tmp, fresh /dev
    and /proc, and the workdir; nothing else of the host (no /run, /var/tmp, /home, /root...).

    The workdir is read-only except its `writable` entries (e.g. the result file)."""
    command = [bwrap, *_namespaces(user_namespace), *_base_mounts(limits)]
    command += _exposed_mounts(workdir, readonly_paths, writable)
    command += ["--chdir", str(workdir), "--", *inner]
    return command


def _namespaces(user_namespace: bool) -> list[str]:
    """New net/pid/ipc/uts namespaces; pid 1 dying (or us dying) kills the whole tree."""
    flags = ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts"]
    flags += ["--die-with-parent", "--new-session"]
    if user_namespace:
        flags += ["--unshare-user", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID)]
    return flags


def _base_mounts(limits: Limits) -> list[str]:
    """The system, read-only; /tmp (HOME and TMPDIR) is a private tmpfs of `limits.disk_bytes`."""
    mounts = ["--ro-bind", "/usr", "/usr"]
    for top in SYSTEM_LINKS:
        path = Path(top)
        if path.is_symlink():
            mounts += ["--symlink", os.readlink(path), top]
        elif path.is_dir():
            mounts += ["--ro-bind", top, top]
    mounts += ["--perms", WORLD_READABLE, "--dir", "/etc"]  # bwrap would make it 0700
    for name in ETC_READ:
        if os.path.lexists(f"/etc/{name}"):
            mounts += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    for directory in LIBRARY_DIRS:
        if os.path.isdir(directory):
            for parent in reversed(Path(directory).parents[:-1]):
                mounts += ["--perms", WORLD_READABLE, "--dir", str(parent)]
            mounts += ["--ro-bind", directory, directory]
    mounts += ["--dev", "/dev", "--proc", "/proc"]
    mounts += ["--perms", STICKY_WORLD_WRITABLE, "--size", str(limits.disk_bytes)]
    mounts += ["--tmpfs", "/tmp"]
    return mounts


def _exposed_mounts(
    workdir: Path, readonly_paths: Sequence[Path], writable: Sequence[str]
) -> list[str]:
    """Bind the interpreter, extra read-only paths and the workdir (its `writable` entries
    read-write) into view, with world-traversable parent directories.

    Bound shallowest first so that a workdir inside an exposed path is mounted on top of it.
    """
    binds = [(path, "--ro-bind") for path in _interpreter_paths() + list(readonly_paths)]
    binds.append((workdir, "--ro-bind"))
    mounts: list[str] = []
    bound: set[Path] = {Path("/usr")}
    made: set[Path] = set()
    for path, flag in sorted(binds, key=lambda item: len(item[0].resolve().parts)):
        real = path.resolve()
        mounts += _parent_dirs(real, bound, made)
        mounts += [flag, str(real), str(real)]
        bound.add(real)
    for name in writable:
        target = str(workdir.resolve() / name)
        mounts += ["--bind", target, target]
    return mounts


def _interpreter_paths() -> list[Path]:
    """The launcher's interpreter and this environment, which may live under a hidden home or
    /tmp, and the source tree this package runs from (the zygote and launcher scripts live there,
    and an editable install may point outside the project being verified, e.g. a project copy)."""
    source = Path(__file__).resolve().parents[2]
    return sorted({Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), source})


def _parent_dirs(path: Path, bound: set[Path], made: set[Path]) -> list[str]:
    """World-traversable mount points for the parents of `path` (bwrap would make them 0700).

    Directories inside an already bound tree exist and are left alone.
    """
    args: list[str] = []
    for parent in reversed(path.parents):
        if parent == Path("/") or parent == Path("/tmp"):
            continue
        inside_bind = parent in bound or any(b in parent.parents for b in bound)
        if parent not in made and not inside_bind:
            args += ["--perms", WORLD_READABLE, "--dir", str(parent)]
            made.add(parent)
    return args
