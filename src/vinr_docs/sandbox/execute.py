"""Run one sample process tree in the best sandbox this machine offers, and record what happened."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .command import bwrap_command, launcher_command
from .modes import ISOLATION, Mode, current_mode
from .records import Execution, Isolation, IsolationUnavailable, KilledBy, Limits
from .streams import Streams

LOCALE_ALLOW_LIST = ("LANG", "LC_ALL", "LC_CTYPE")
DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin"
DEFAULT_LOCALE = "C.UTF-8"
# How long the pipes may stay open after the main process exits (only a non-namespaced
# leftover can hold them).
EXIT_GRACE_SECONDS = 0.5
FIRST_THROWAWAY_UID = 1_000_000  # far above any real account, so a run's uid owns nothing else
THROWAWAY_UIDS = 1_000_000_000
SIGNAL_EXIT_BASE = 128  # shell convention, and what bwrap reports for a signalled sample

SCRATCH_DIR = "/tmp"  # HOME and TMPDIR: the sandbox's size-limited tmpfs (Limits.disk_bytes)
# The end of stderr when a runtime ran out of memory (RLIMIT_DATA, V8's heap limit). The sample
# could print them itself: that only fails it, under another name.
OUT_OF_MEMORY = (
    b"MemoryError",  # Python
    b"NoMemoryError",  # Ruby
    b"failed to allocate memory",  # Ruby
    b"JavaScript heap out of memory",  # V8's heap limit
    b"Fatal process out of memory",  # V8 when malloc fails
    b"Cannot allocate memory",  # bash, coreutils
)
# ... and when its disk (the tmpfs, or RLIMIT_FSIZE for one file) was full.
OUT_OF_DISK = (b"no space left on device", b"file too large", b"file size limit exceeded")
STDERR_TAIL = 4096

ListenCallback = Callable[[socket.socket], None]


@dataclass
class Outcome:
    """Raw result of waiting on the process tree, before it becomes an Execution."""

    status: int | None
    killed_by: KilledBy | None


def run(
    argv: list[str],
    *,
    workdir: Path,
    env: dict[str, str],
    limits: Limits,
    on_listen: ListenCallback | None = None,
    listen_env: str = "VINR_API_BASE",
    readonly_paths: Sequence[Path] = (),
    require: bool = False,
    writable: Sequence[str] = (),
) -> Execution:
    """Run `argv` in `workdir` with exactly `env` (+ PATH, locale, HOME) under `limits`.

    With `on_listen`, a loopback listener is created inside the sandbox's network namespace and
    handed to `on_listen` before the sample starts; the sample finds it in `env[listen_env]`.
    The workdir is read-only to the sample except the entries named in `writable`.
    """
    mode = current_mode()
    isolation = ISOLATION[mode]
    if isolation.missing() and (require or os.environ.get("CI")):
        raise IsolationUnavailable(isolation)
    uid = _throwaway_uid(workdir, writable) if mode is Mode.ROOT else None
    parent_end, child_end = socket.socketpair() if on_listen else (None, None)
    channel_fd = child_end.fileno() if child_end else None
    inner = launcher_command(argv, limits, uid, channel_fd, listen_env, mode is not Mode.PLAIN)
    command = _outer_command(mode, workdir, readonly_paths, limits, inner, writable)
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=sample_environment(env, workdir),
        cwd=workdir,
        pass_fds=[channel_fd] if channel_fd is not None else [],
        start_new_session=True,
    )
    if child_end:
        child_end.close()
    return _supervise(process, argv, limits, started, parent_end, on_listen, isolation)


def _supervise(
    process: subprocess.Popen[bytes],
    argv: list[str],
    limits: Limits,
    started: float,
    parent_end: socket.socket | None,
    on_listen: ListenCallback | None,
    isolation: Isolation,
) -> Execution:
    """Serve the listener hand-over, then collect output until exit, overflow or timeout."""
    assert process.stdout is not None and process.stderr is not None
    deadline = started + limits.timeout
    pipes = {"stdout": process.stdout.fileno(), "stderr": process.stderr.fileno()}
    streams = Streams(pipes, limits.output_bytes)
    try:
        if parent_end and on_listen and not _hand_over(parent_end, on_listen, deadline):
            outcome = Outcome(None, "timeout")
            _kill(process)
            _reap(process)
        else:
            outcome = _collect(process, streams, started, limits)
    finally:
        _kill(process)
        streams.close()
        process.stdout.close()
        process.stderr.close()
        if parent_end:
            parent_end.close()
    return _execution(argv, outcome, streams, time.monotonic() - started, isolation)


def sample_environment(env: dict[str, str], workdir: Path) -> dict[str, str]:
    """Exactly what the sample may see: PATH and locale from an allow-list, HOME, then `env`."""
    allowed = {name: os.environ[name] for name in LOCALE_ALLOW_LIST if name in os.environ}
    base = {"PATH": os.environ.get("PATH", DEFAULT_PATH), "LANG": DEFAULT_LOCALE, **allowed}
    return {**base, "HOME": SCRATCH_DIR, "TMPDIR": SCRATCH_DIR, **env}


def _outer_command(
    mode: Mode,
    workdir: Path,
    readonly_paths: Sequence[Path],
    limits: Limits,
    inner: list[str],
    writable: Sequence[str],
) -> list[str]:
    if mode is Mode.PLAIN:
        return inner
    bwrap = shutil.which("bwrap") or "bwrap"
    return bwrap_command(
        bwrap, mode is Mode.USERNS, workdir, readonly_paths, limits, inner, writable
    )


def _throwaway_uid(workdir: Path, writable: Sequence[str]) -> int:
    """A fresh unprivileged uid that owns only the `writable` entries of the workdir."""
    uid = FIRST_THROWAWAY_UID + secrets.randbelow(THROWAWAY_UIDS)
    os.chmod(workdir, 0o755)
    for name in writable:
        os.chown(workdir / name, uid, uid, follow_symlinks=False)
    return uid


def _hand_over(channel: socket.socket, on_listen: ListenCallback, deadline: float) -> bool:
    """Receive the in-sandbox listener, give it to `on_listen`, then let the sample start.

    Returns False on timeout. If the launcher died first (no socket), the run just continues and
    its exit status tells the story.
    """
    channel.settimeout(max(deadline - time.monotonic(), 0.001))
    try:
        _, fds, _, _ = socket.recv_fds(channel, 1, 1)
    except TimeoutError:
        return False
    if not fds:
        return True
    on_listen(socket.socket(fileno=fds[0]))
    with contextlib.suppress(OSError):  # the launcher may have died meanwhile
        channel.sendall(b"G")
    return True


def _collect(
    process: subprocess.Popen[bytes], streams: Streams, started: float, limits: Limits
) -> Outcome:
    """Read output until the pipes close after exit, the output overflows, or time runs out."""
    pidfd = os.pidfd_open(process.pid)
    streams.watch(pidfd, "exit")
    try:
        result = _wait_loop(process, streams, started + limits.timeout)
    finally:
        os.close(pidfd)
    if result is not None:
        _kill(process)
        _reap(process)
        return Outcome(None, result)
    status = _reap(process)
    return Outcome(status, _cpu_verdict(status, time.monotonic() - started, limits))


def _wait_loop(
    process: subprocess.Popen[bytes], streams: Streams, deadline: float
) -> KilledBy | None:
    """Returns why the tree must be killed, or None once it ended on its own."""
    exited_at: float | None = None
    while streams.open or exited_at is None:
        now = time.monotonic()
        if now >= deadline:
            return "timeout"
        if exited_at is not None and now >= exited_at + EXIT_GRACE_SECONDS:
            break
        limit = deadline if exited_at is None else min(deadline, exited_at + EXIT_GRACE_SECONDS)
        if "exit" in streams.poll(limit - now):
            exited_at = time.monotonic()
            _kill_group(process)  # without a pid namespace, leftovers in the group die here
        if streams.overflowed:
            return "output"
    return None


def _reap(process: subprocess.Popen[bytes]) -> int:
    """Wait for bwrap (or the launcher) and return the sample's exit code."""
    return _exit_code(process.wait())


def _exit_code(code: int) -> int:
    """Signals as 128+n, the same in every mode (bwrap already reports them that way)."""
    return SIGNAL_EXIT_BASE - code if code < 0 else code


def _cpu_verdict(status: int | None, wall_seconds: float, limits: Limits) -> KilledBy | None:
    """SIGXCPU comes only from RLIMIT_CPU; SIGKILL too once the soft limit was ignored for 1 s.

    (bwrap's pid 1 does not pass its children's rusage up, so CPU time cannot be read here.)
    """
    if status == SIGNAL_EXIT_BASE + signal.SIGXCPU:
        return "cpu"
    if status == SIGNAL_EXIT_BASE + signal.SIGXFSZ:
        return "disk"
    if status == SIGNAL_EXIT_BASE + signal.SIGKILL and wall_seconds >= limits.cpu_seconds:
        return "cpu"
    return None


def _limit_in(tail: bytes) -> KilledBy | None:
    """Which limit the end of a failed run's stderr names, if any."""
    if any(sign in tail for sign in OUT_OF_MEMORY):
        return "memory"
    if any(sign in tail.lower() for sign in OUT_OF_DISK):
        return "disk"
    return None


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def _kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL bwrap (its pid 1 then dies, taking the namespace) and its process group.

    Only before reaping: afterwards the pid could belong to someone else.
    """
    if process.returncode is not None:
        return
    _kill_group(process)
    with contextlib.suppress(ProcessLookupError):
        os.kill(process.pid, signal.SIGKILL)


def _execution(
    argv: list[str], outcome: Outcome, streams: Streams, seconds: float, isolation: Isolation
) -> Execution:
    stdout, stderr = streams.buffers["stdout"], streams.buffers["stderr"]
    if outcome.killed_by is None and outcome.status not in (0, None):
        outcome = Outcome(outcome.status, _limit_in(bytes(stderr.data[-STDERR_TAIL:])))
    return Execution(
        argv=list(argv),
        exit_code=outcome.status,
        timed_out=outcome.killed_by == "timeout",
        stdout=stdout.text(),
        stderr=stderr.text(),
        output_truncated=stdout.overflowed or stderr.overflowed,
        seconds=seconds,
        isolation=isolation,
        killed_by=outcome.killed_by,
    )
