"""Warm sandboxed workers: one long-lived bubblewrap sandbox per worker, one job at a time each.

A worker is one sandbox (only loopback, read-only system, clean environment, own pid namespace,
dies with us) running the trusted `_zygote.py` as root inside it, plus a warm Ruby fork server
and a Node host when those languages are asked for. Each worker hands ONE loopback listener to
`on_listen` when it starts; jobs on a worker run strictly one at a time, and before a job is
reported done every process of its uid has been killed and reaped, so every connection on that
listener while a job runs comes from that job. `on_start(listener)` tells the caller which
listener the next job uses (to switch the fake's session).

Per job: a fresh uid, the engine's fresh workdir as cwd (read-only to the job, except the files the
job names `writable`), HOME and TMPDIR on the sandbox's size-limited /tmp (emptied between jobs),
exactly the job's environment plus the allow-list, rlimits, output cap and timeout from `Limits`,
and no descriptor but stdio. Each Node job is its own `node` process, started warm before its job
(see `_node_spare.mjs`; no process or descriptor is shared between jobs); `@vinr/sdk` resolves
through the scratch's read-only `node_modules/@vinr/sdk` link.

Without bwrap as root (an author's laptop) the pool degrades exactly like `run()`: each job is a
one-shot `run()` (with the same `Isolation` notice), and `require=True` raises
`IsolationUnavailable`; `on_listen` is then called with a fresh listener per job.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import execute
from .command import bwrap_command
from .execute import ListenCallback, sample_environment
from .modes import ISOLATION, Mode, current_mode
from .records import Execution, IsolationUnavailable, KilledBy, Limits
from .streams import Streams

LANGUAGES = ("python", "curl", "node", "ruby")
ZYGOTE = Path(__file__).with_name("_zygote.py")
RUBY_SERVER = Path(__file__).with_name("_ruby_forkserver.rb")
NODE_SPARE = Path(__file__).with_name("_node_spare.mjs")
NODE_SNAPSHOT = Path(__file__).with_name("_node_snapshot.cjs")
NODE_BUNDLER = Path(__file__).with_name("_node_bundle.mjs")
SNAPSHOT_BUILD_SECONDS = 60.0
START_TIMEOUT_SECONDS = 30.0
KILL_GRACE_SECONDS = 5.0  # a zygote that has not cleaned up by then is replaced
EXIT_GRACE_SECONDS = 0.5
MESSAGE_BYTES = 1 << 20
HELPER_MEMORY_BYTES = 2 * 2**30  # the Ruby server itself, not a job

StartCallback = Callable[[socket.socket], None]


@dataclass(frozen=True)
class Job:
    """One sample run: `files` are written into `workdir` (which must come from `Pool.workdir`).

    `argv` is the cold command line (the runner's `Launch.argv`): it is what curl jobs exec, what
    the degraded mode runs, and what the `Execution` names.
    """

    language: str
    sample_name: str
    files: dict[str, bytes]
    env: dict[str, str]
    workdir: Path
    argv: tuple[str, ...] = ()
    writable: tuple[str, ...] = ()  # entries of `workdir` the job may write (made by the caller)


@dataclass
class _Worker:
    """The pool's side of one sandbox: its process, control channel and listener."""

    process: subprocess.Popen[bytes]
    control: socket.socket
    listener: socket.socket | None = None
    servers: list[str] = field(default_factory=list)
    broken: bool = False


class Pool:
    """`workers` warm sandboxes shared by all `languages` (default: one per CPU core)."""

    def __init__(
        self,
        *,
        project: Path,
        limits: Limits,
        on_listen: ListenCallback,
        require: bool = False,
        languages: Sequence[str] = LANGUAGES,
        workers: int | None = None,
    ) -> None:
        self.project = project.resolve()
        self.limits = limits
        self.on_listen = on_listen
        self.require = require
        self.languages = tuple(languages)
        self.mode = current_mode()
        self.isolation = ISOLATION[self.mode]
        if self.isolation.missing() and (require or os.environ.get("CI")):
            raise IsolationUnavailable(self.isolation)
        self.scratch = Path(tempfile.mkdtemp(prefix="vinr-pool-"))
        os.chmod(self.scratch, 0o711)  # jobs may enter their own workdir, not list others
        self.node_snapshot: Path | None = None
        self.warm = self.mode is Mode.ROOT
        snapshot = self._node_setup() if "node" in self.languages else None
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        if self.warm:
            count = max(1, workers if workers is not None else os.cpu_count() or 1)
            started = [self._launch() for _ in range(count)]
            if snapshot is not None:  # built while the sandboxes start; needed from their "G"
                snapshot.join()
            for worker in started:
                self._finish_start(worker)
                self._idle.put(worker)

    # -- public -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def workdir(self) -> Iterator[Path]:
        """A fresh working directory visible inside every worker; removed afterwards."""
        path = Path(tempfile.mkdtemp(prefix="job-", dir=self.scratch))
        os.chmod(path, 0o711)  # the job finds its files by name; it writes only `writable` ones
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)

    def run(self, job: Job, on_start: StartCallback | None = None) -> Execution:
        """Run `job` on an idle worker; `on_start(listener)` is called just before it starts."""
        if job.language not in self.languages:
            raise ValueError(f"pool started without {job.language!r}: {self.languages}")
        if self.scratch not in job.workdir.resolve().parents:
            raise ValueError(f"{job.workdir} is not a Pool.workdir() (under {self.scratch})")
        for name, content in job.files.items():
            (job.workdir / name).write_bytes(content)
            os.chmod(job.workdir / name, 0o644)
        if not self.warm:
            return self._run_cold(job, on_start)
        worker = self._idle.get()
        try:
            if worker.broken:
                worker = self._replace(worker)
            return self._run_warm(worker, job, on_start)
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker (their sandboxes die with their zygote) and remove the scratch."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        for worker in self._all:
            _stop(worker)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- workers ----------------------------------------------------------------------------

    def _launch(self) -> _Worker:
        """Start one sandbox; the zygote's start-up runs while the next one is launched."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        config = {
            "channel_fd": theirs.fileno(),
            "listen_env": "VINR_API_BASE",
            "python_path": [str(self.project / "src")],
            "path": sample_environment({}, self.scratch)["PATH"],
            "servers": self._servers(),
            "node": self._node_config() if "node" in self.languages else None,
            "limits": asdict(self.limits),
            "start_timeout": START_TIMEOUT_SECONDS,
            "protected": [str(self.scratch.resolve())],
        }
        inner = [sys.executable, "-I", "-B", str(ZYGOTE), json.dumps(config)]
        bwrap = shutil.which("bwrap") or "bwrap"
        # The scratch is the workdir of every job: bound writable (each job's result file), but
        # root-owned 0711, so a job writes only what it owns.
        project = [self.project / "src", self.project / "clients"]
        command = bwrap_command(
            bwrap, False, self.scratch, project, self.limits, inner, writable=("",)
        )
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=None,  # a zygote crash is a bug worth seeing
            env={"PATH": config["path"], "LANG": "C.UTF-8"},
            cwd=self.scratch,
            pass_fds=[theirs.fileno()],
            start_new_session=True,
        )
        theirs.close()
        worker = _Worker(process, ours)
        self._all.append(worker)
        return worker

    def _servers(self) -> dict[str, dict[str, object]]:
        servers: dict[str, dict[str, object]] = {}
        helper_limits = {
            **asdict(self.limits),
            "memory_bytes": HELPER_MEMORY_BYTES,
            "cpu_seconds": 10**6,
            "processes": None,
        }
        if "ruby" in self.languages:
            lib = self.project / "clients" / "ruby" / "lib"
            argv = ["ruby", "-I", str(lib), "-rvinr", "-rvinr/recorder", str(RUBY_SERVER)]
            servers["ruby"] = {"argv": argv, "uid": None, "limits": helper_limits}
        return servers

    def _node_setup(self) -> threading.Thread | None:
        """`node_modules/@vinr/sdk` (→ clients/js), read-only in the scratch: how a sample's
        `import '@vinr/sdk'` resolves, without the module-hooks thread of a cold run. With warm
        workers, the thread that builds the Node jobs' start-up snapshot, started."""
        link = self.scratch / "node_modules" / "@vinr" / "sdk"
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(self.project / "clients" / "js")
        for path in (self.scratch / "node_modules", link.parent):
            os.chmod(path, 0o755)
        if not self.warm:
            return None

        def build() -> None:
            self.node_snapshot = self._build_node_snapshot()

        thread = threading.Thread(target=build, name="vinr-node-snapshot", daemon=True)
        thread.start()
        return thread

    @property
    def _snapshot_blob(self) -> Path:
        """Where the snapshot is once built (the zygote uses it if it is there at its "G")."""
        return self.scratch / "node" / "spare.blob"

    def _node_v8_flags(self) -> list[str]:
        """The V8 flags of every Node job (a snapshot must be built with the same ones): its
        heap capped below RLIMIT_DATA, so running out of memory is V8's named error."""
        heap_mb = max(16, self.limits.memory_bytes // 2**20 // 2)
        return [
            # The first `fetch` compiles undici's llhttp WebAssembly; V8's baseline compiler
            # alone, lazily, halves a one-request sample's CPU. Speed flags only.
            "--liftoff-only",
            "--wasm-lazy-compilation",
            f"--max-old-space-size={heap_mb}",
        ]

    def _build_node_snapshot(self) -> Path | None:
        """Bundle `_node_snapshot.cjs` with the client (the project's esbuild) and build its V8
        start-up snapshot, here, before any job and outside every sandbox (only the project's
        own files run). None if that cannot be done: jobs then start from `_node_spare.mjs`
        (the same boundary, about 40 ms more CPU a job)."""
        blob = self._snapshot_blob
        folder = blob.parent
        folder.mkdir(mode=0o755)
        bundle, building = folder / "spare.cjs", folder / "spare.blob.tmp"
        env = {"PATH": sample_environment({}, self.scratch)["PATH"], "LANG": "C.UTF-8"}
        modules = self.scratch / "node_modules"
        steps = [
            ["node", str(NODE_BUNDLER), str(NODE_SNAPSHOT), str(bundle), str(modules)],
            ["node", *self._node_v8_flags(), "--snapshot-blob", str(building), "--build-snapshot"]
            + [str(bundle)],
        ]
        for argv in steps:
            try:
                done = subprocess.run(
                    argv,
                    cwd=folder,
                    env={**env, "HOME": str(folder)},
                    capture_output=True,
                    timeout=SNAPSHOT_BUILD_SECONDS,
                )
            except (OSError, subprocess.TimeoutExpired):
                return None
            if done.returncode != 0:
                return None
        os.chmod(building, 0o644)
        building.replace(blob)  # whole or absent: the zygote checks that it is there
        return blob

    def _node_config(self) -> dict[str, object]:
        """The warm spare `node` each Node job runs in (one process per job): from the start-up
        snapshot (`_node_snapshot.cjs`) if `blob` is there when the zygote is told to go, else
        `_node_spare.mjs`."""
        flags = ["node", "--no-warnings", *self._node_v8_flags()]
        blob = self._snapshot_blob
        client = (self.project / "clients" / "js").resolve()
        return {
            "blob": str(blob),
            "snapshot": [*flags, "--experimental-vm-modules", "--snapshot-blob", str(blob)],
            "spare": [
                *flags,
                str(NODE_SPARE),
                (client / "src" / "recorder.js").as_uri(),
                (client / "src" / "index.js").as_uri(),
            ],
        }

    def _finish_start(self, worker: _Worker) -> None:
        """Take the listener, give it to `on_listen`, and wait until the zygote is warm."""
        worker.control.settimeout(START_TIMEOUT_SECONDS)
        try:
            _, fds, _, _ = socket.recv_fds(worker.control, 1, 1)
            if not fds:
                raise RuntimeError("sandbox worker exited before handing over its listener")
            worker.listener = socket.socket(fileno=fds[0])
            self.on_listen(worker.listener)
            worker.control.send(b"G")
            ready = json.loads(worker.control.recv(MESSAGE_BYTES) or b"{}")
        finally:
            worker.control.settimeout(None)
        if "ready" not in ready:
            raise RuntimeError(f"sandbox worker failed to start (exit {worker.process.poll()})")
        worker.servers = ready["ready"]

    def _replace(self, worker: _Worker) -> _Worker:
        _stop(worker)
        with self._lock:
            self._all.remove(worker)
        fresh = self._launch()
        self._finish_start(fresh)
        return fresh

    # -- one job ----------------------------------------------------------------------------

    def _run_warm(self, worker: _Worker, job: Job, on_start: StartCallback | None) -> Execution:
        kind = {"python": "python", "curl": "exec"}.get(job.language, job.language)
        uid = _fresh_uid()
        for name in job.writable:
            os.chown(job.workdir / name, uid, uid, follow_symlinks=False)
        env = sample_environment(job.env, job.workdir)
        message = {
            "job": secrets.token_hex(8),
            "kind": kind,
            "uid": uid,
            "workdir": str(job.workdir),
            "env": env,
            "sample": job.sample_name,
            "argv": list(job.argv),
            "limits": asdict(self.limits),
        }
        out_read, out_write = os.pipe()
        err_read, err_write = os.pipe()
        if on_start is not None and worker.listener is not None:
            on_start(worker.listener)
        started = time.monotonic()
        try:
            socket.send_fds(worker.control, [json.dumps(message).encode()], [out_write, err_write])
        finally:
            os.close(out_write)
            os.close(err_write)
        streams = Streams({"stdout": out_read, "stderr": err_read}, self.limits.output_bytes)
        try:
            status, killed_by = self._supervise(worker, streams, started)
        finally:
            streams.close()
            os.close(out_read)
            os.close(err_read)
        return execute._execution(
            list(job.argv) or [job.language, job.sample_name],
            execute.Outcome(status, killed_by),
            streams,
            time.monotonic() - started,
            self.isolation,
        )

    def _supervise(
        self, worker: _Worker, streams: Streams, started: float
    ) -> tuple[int | None, KilledBy | None]:
        """Read output until the zygote reports the job done (and the pipes are closed)."""
        deadline = started + self.limits.timeout
        killed_by: KilledBy | None = None
        reply: dict[str, object] | None = None
        reply_at = 0.0
        streams.watch(worker.control.fileno(), "control")
        while reply is None or streams.open:
            now = time.monotonic()
            if reply is not None and now >= reply_at + EXIT_GRACE_SECONDS:
                break
            if killed_by is None and (now >= deadline or streams.overflowed):
                killed_by = "timeout" if now >= deadline else "output"
                _send(worker, {"kill": True})
                deadline = now + KILL_GRACE_SECONDS
            elif killed_by is not None and now >= deadline:
                worker.broken = True  # the zygote did not clean up: the sandbox goes
                _stop(worker)
                return None, killed_by
            limit = deadline if reply is None else reply_at + EXIT_GRACE_SECONDS
            if "control" in streams.poll(limit - now):
                reply = _receive(worker)
                reply_at = time.monotonic()
                if reply is None:
                    worker.broken = True
                    return None, killed_by or "timeout"
        if reply is None:
            return None, killed_by
        if not reply.get("clean") or not all(dict(reply.get("servers") or {}).values()):
            worker.broken = True  # replaced before its next job
        status = reply.get("status")
        code = status if isinstance(status, int) else None
        if killed_by is None:
            killed_by = execute._cpu_verdict(code, time.monotonic() - started, self.limits)
        return (None if killed_by in ("timeout", "output") else code), killed_by

    def _run_cold(self, job: Job, on_start: StartCallback | None) -> Execution:
        """No warm sandbox here: exactly `run()`, one listener per job."""
        from vinr_docs.runners import RUNNERS

        argv = (
            list(job.argv)
            or RUNNERS[job.language].launch(job.workdir / job.sample_name, self.project).argv
        )

        def listen(sock: socket.socket) -> None:
            self.on_listen(sock)
            if on_start is not None:
                on_start(sock)

        return execute.run(
            argv,
            workdir=job.workdir,
            readonly_paths=[self.project / "src", self.project / "clients"],
            env=job.env,
            limits=self.limits,
            on_listen=listen,
            require=self.require,
            writable=job.writable,
        )


def _fresh_uid() -> int:
    return execute.FIRST_THROWAWAY_UID + secrets.randbelow(execute.THROWAWAY_UIDS)


def _send(worker: _Worker, message: dict[str, object]) -> None:
    with contextlib.suppress(OSError):
        worker.control.send(json.dumps(message).encode())


def _receive(worker: _Worker) -> dict[str, object] | None:
    """The zygote's 'done' message, or None if the zygote is gone."""
    try:
        data = worker.control.recv(MESSAGE_BYTES)
    except OSError:
        return None
    if not data:
        return None
    reply = json.loads(data)
    return reply if isinstance(reply, dict) and "done" in reply else None


def _stop(worker: _Worker) -> None:
    """Close the channel (the zygote exits) and kill the sandbox's process group."""
    with contextlib.suppress(OSError):
        worker.control.close()
    if worker.process.returncode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(worker.process.pid, 9)
        with contextlib.suppress(ProcessLookupError):
            worker.process.kill()
        worker.process.wait()
