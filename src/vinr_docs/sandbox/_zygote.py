"""Trusted manager inside one long-lived worker sandbox: `python -I -B _zygote.py <config>`.

It runs as root inside the worker's namespaces (never any sample code before a fork). At start it
hands the worker's one loopback listener to the pool, starts the warm Ruby fork server and Node
host if asked, imports the heavy Python modules once, then serves jobs strictly one at a time:

- python: fork; the child drops to the job's fresh uid and runs the sample via `_boot`;
- exec (curl, or any argv): fork; the child drops to the job's uid and execs the argv;
- ruby: the Ruby fork server (root, client preloaded) forks and drops to the job's uid;
- node: a spare `node` process, started between jobs with the client and fetch loaded, reads the
  job from a one-shot pipe, drops to the job's uid and runs the sample (`_node_snapshot.cjs`,
  started from the pool's V8 start-up snapshot when it built one, else `_node_spare.mjs`); its
  stdout/stderr are copied unparsed into the job's pipes. One process per job, none shared.

When the job's main process ends, or the pool asks for a kill, every process of the job's uid is
SIGKILLed and reaped, /tmp, /dev/shm and System V IPC are emptied, and only then is the job
reported done. The zygote is a child subreaper, so orphans of a job come back here to be reaped.
Only the standard library is imported before the preloads, and the control socket is closed in
every job process, so a sample can neither speak to the pool nor signal this process (other uid).
"""

import contextlib
import ctypes
import io
import json
import os
import resource
import runpy
import selectors
import shutil
import signal
import socket
import sys
import time
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36
IPC_RMID = 0
KILL_ROUNDS_SECONDS = 5.0
MESSAGE_BYTES = 1 << 20
SIGNAL_EXIT_BASE = 128
EXIT_DRAIN_SECONDS = 0.05  # output still arriving after the job's process exited
SCRUBBED_DIRS = ("/tmp", "/dev/shm")

LIBC = ctypes.CDLL(None, use_errno=True)


# ---- the job process (runs in the forked child, as root until `become`) ----------------------


# The one-shot launcher's rlimits and uid drop, shared rather than copied (both files run as
# scripts in the sandbox, so the launcher is loaded by path, not imported as a package module).
_LAUNCH = runpy.run_path(str(Path(__file__).with_name("_launch.py")))
apply_limits = _LAUNCH["apply_limits"]
drop_privileges = _LAUNCH["drop_privileges"]


def become(job: dict, stdout_fd: int, stderr_fd: int) -> None:
    """Own session, stdio on the capture pipes, nothing else open, limits, then the job's uid."""
    os.setsid()
    null = os.open("/dev/null", os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(stdout_fd, 1)
    os.dup2(stderr_fd, 2)
    os.closerange(3, resource.getrlimit(resource.RLIMIT_NOFILE)[0])  # control socket included
    for number in (signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE, signal.SIGINT):
        signal.signal(number, signal.SIG_DFL)
    apply_limits(job["limits"])
    drop_privileges(job["uid"])  # all ids non-zero: every capability is gone
    os.chdir(job["workdir"])
    os.environ.clear()
    os.environ.update(job["env"])


def run_python(job: dict, preloaded: dict) -> int:
    """What `python -B -m vinr_docs.runners._boot sample.py` does, minus the start-up."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # as CPython sets it at start-up
    sys.stdin = sys.__stdin__ = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = sys.__stdout__ = io.TextIOWrapper(
        io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="strict"
    )
    sys.stderr = sys.__stderr__ = io.TextIOWrapper(
        io.FileIO(2, "w", closefd=False),
        encoding="utf-8",
        errors="backslashreplace",
        line_buffering=True,
    )
    sys.path.insert(0, job["workdir"])  # `-m` puts the working directory first
    vinr = preloaded["vinr"]
    vinr.api_base = job["env"].get("VINR_API_BASE", "https://api.vinr.com")
    vinr.api_key = None
    sys.argv = ["-m", job["sample"]]
    code = 0
    try:
        preloaded["boot"].main()
    except SystemExit as done:
        code = exit_code_of(done)
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    return code


def exit_code_of(done: SystemExit) -> int:
    """The interpreter's own rules for `sys.exit(value)`."""
    if done.code is None:
        return 0
    if isinstance(done.code, int):
        return done.code & 0xFF
    with contextlib.suppress(OSError, ValueError):
        print(done.code, file=sys.stderr)
    return 1


def start_job_process(job: dict, fds: list[int], preloaded: dict) -> int:
    """Fork the job's main process; returns its pid (the parent keeps no copy of the pipes)."""
    pid = os.fork()
    if pid:
        return pid
    code = 127
    try:
        become(job, fds[0], fds[1])
        if job["kind"] == "python":
            code = run_python(job, preloaded)
        else:
            argv = job["argv"]
            try:
                os.execvpe(argv[0], argv, job["env"])
            except OSError as error:
                os.write(2, f"sandbox: cannot start {argv[0]!r}: {error}\n".encode())
    finally:
        os._exit(code)


# ---- ending a job: nothing of its uid survives --------------------------------------------------


def live_processes(uid: int) -> list[int]:
    """Pids (not zombies) whose real, effective or saved uid is `uid`."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status", encoding="ascii", errors="replace") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        if fields.get("State", "").strip().startswith(("Z", "X")):
            continue
        if str(uid) in fields.get("Uid", "").split()[:4]:
            found.append(int(name))
    return found


def reap_orphans(keep: set[int]) -> None:
    """Collect every exited child (orphans of jobs land here: we are a subreaper)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        keep.discard(pid)


def kill_everything_of(uid: int, spare: set[int], helpers: set[int]) -> bool:
    """SIGKILL every process of `uid` (except `spare`) until none is left; True when done."""
    deadline = time.monotonic() + KILL_ROUNDS_SECONDS
    while time.monotonic() < deadline:
        victims = [pid for pid in live_processes(uid) if pid not in spare]
        if not victims:
            reap_orphans(helpers)
            return True
        for pid in victims:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        reap_orphans(helpers)
        time.sleep(0.0005)
    return False


def mount_points() -> set[str]:
    """The mount points of this sandbox (field 5 of /proc/self/mountinfo, octal escapes kept:
    a path with spaces is then merely protected under another spelling, never walked)."""
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as table:
            return {line.split()[4] for line in table if len(line.split()) > 4}
    except OSError:
        return set()


def scrub_shared_state(protected: list[str]) -> None:
    """Nothing a job left in shared scratch places is visible to the next job.

    Mount points (the pool's bound scratch lives under /tmp) and their parents are left alone.
    """
    for directory in SCRUBBED_DIRS:
        try:
            device = os.stat(directory).st_dev
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            inside = entry.path + os.sep
            if any((p + os.sep).startswith(inside) for p in protected):
                continue
            try:
                if entry.stat(follow_symlinks=False).st_dev != device:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
            except OSError:
                pass
    for kind, remove in (("shm", LIBC.shmctl), ("msg", LIBC.msgctl), ("sem", LIBC.semctl)):
        try:
            with open(f"/proc/sysvipc/{kind}", encoding="ascii") as table:
                rows = table.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            ident = int(row.split()[1])
            if kind == "sem":
                remove(ident, 0, IPC_RMID)
            else:
                remove(ident, IPC_RMID, None)


# ---- the warm language servers -------------------------------------------------------------------


def spawn_server(argv: list[str], uid: int | None, limits: dict | None, env: dict) -> tuple:
    """Start a helper server with a stream socket on fd 3; returns (pid, our end)."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pid = os.fork()
    if pid == 0:
        try:
            null = os.open("/dev/null", os.O_RDWR)
            os.dup2(null, 0)
            os.dup2(null, 1)
            os.dup2(theirs.fileno(), 3)
            os.closerange(4, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
            if limits is not None:
                apply_limits(limits)
            if uid is not None:
                drop_privileges(uid)
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    theirs.close()
    return pid, ours


class LineChannel:
    """JSON lines over a stream socket to a helper server (Ruby or Node)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def send(self, message: dict, fds: list[int] = ()) -> None:
        for fd in fds:  # one per message: Ruby's recv_io takes exactly one
            socket.send_fds(self.sock, [b"\0"], [fd])
        self.sock.sendall((json.dumps(message) + "\n").encode())

    def messages(self) -> list[dict]:
        """Read what is available (the caller selected the socket); [] plus EOFError at end."""
        chunk = self.sock.recv(MESSAGE_BYTES)
        if not chunk:
            raise EOFError
        self.buffer += chunk
        *lines, self.buffer = self.buffer.split(b"\n")
        return [json.loads(line) for line in lines if line.strip()]

    def wait_for(self, key: str, timeout: float) -> dict:
        self.sock.settimeout(timeout)
        try:
            while True:
                for message in self.messages():
                    if key in message:
                        return message
        finally:
            self.sock.settimeout(None)


class NodeSpare:
    """A warm `node` waiting for its one job: its pid, the job pipe, its stdout/stderr pipes."""

    def __init__(self, argv: list[str], limits: dict, env: dict) -> None:
        self.limits = limits
        job_read, self.job_write = os.pipe()
        out_read, out_write = os.pipe()
        err_read, err_write = os.pipe()
        self.outputs = {out_read: 0, err_read: 1}  # our read end → index of the job's pipe
        self.pid = os.fork()
        if self.pid == 0:
            try:
                os.setsid()
                null = os.open("/dev/null", os.O_RDONLY)
                for source, target in ((null, 0), (out_write, 1), (err_write, 2), (job_read, 3)):
                    os.dup2(source, target)
                    os.set_inheritable(target, True)  # dup2(3, 3) keeps the pipe's CLOEXEC
                os.closerange(4, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
                apply_limits(limits)
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        for fd in (job_read, out_write, err_write):
            os.close(fd)

    def start(self, job: dict) -> None:
        message = {key: job[key] for key in ("uid", "workdir", "env")}
        message["sample"] = os.path.join(job["workdir"], job["sample"])
        data = json.dumps(message).encode()
        try:
            while data:
                data = data[os.write(self.job_write, data) :]
        except OSError:
            pass  # it died while warming up: its exit status says so
        os.close(self.job_write)

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.job_write)
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        for fd in self.outputs:
            os.close(fd)


class Zygote:
    def __init__(self, config: dict) -> None:
        self.config = config
        self.control = socket.socket(fileno=config["channel_fd"])
        self.helpers: set[int] = set()
        self.servers: dict[str, tuple[int, LineChannel]] = {}
        self.preloaded: dict = {}
        self.base_url = ""
        self.node_spare: NodeSpare | None = None
        self.node_argv: list[str] = []

    # start-up

    def start(self) -> None:
        LIBC.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        self.hand_over_listener()
        node = self.config.get("node")
        if node is not None:  # the pool built the snapshot (or gave up) before saying go
            self.node_argv = node["snapshot"] if os.path.isfile(node["blob"]) else node["spare"]
        server_env = {"PATH": self.config["path"], "LANG": "C.UTF-8", "HOME": "/nonexistent"}
        for name, spec in self.config["servers"].items():
            pid, sock = spawn_server(spec["argv"], spec["uid"], spec["limits"], server_env)
            self.helpers.add(pid)
            self.servers[name] = (pid, LineChannel(sock))
        self.preload()
        # Every mount point (the scratch, a project under /tmp...) and its parents stay: walking
        # into a bound tree after each job cost a walk of the whole project (a bench's copy,
        # built site included, lives under /tmp).
        self.config["protected"] = sorted(set(self.config["protected"]) | mount_points())
        self.warm_node(self.config.get("limits"))
        for _, channel in self.servers.values():
            channel.wait_for("ready", self.config["start_timeout"])
        import gc

        gc.collect()
        gc.freeze()  # fewer copy-on-write pages in every fork
        self.reply({"ready": sorted(self.servers)})

    def hand_over_listener(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        self.base_url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        socket.send_fds(self.control, [b"L"], [listener.fileno()])
        listener.close()
        self.control.recv(1)  # the pool answers once on_listen has the socket

    def preload(self) -> None:
        sys.path[:0] = self.config["python_path"]
        import requests  # noqa: F401  (the import a sample would pay for)

        import vinr
        from vinr_docs.runners import _boot

        self.preloaded = {"vinr": vinr, "boot": _boot}

    def warm_node(self, limits: dict | None) -> None:
        """Start the next Node job's process now, so its start-up overlaps other work."""
        node = self.config.get("node")
        if node is None or limits is None or self.node_spare is not None:
            return
        self.node_spare = NodeSpare(self.node_argv, limits, spare_env(self.config))

    # jobs

    def reply(self, message: dict) -> None:
        self.control.send(json.dumps(message).encode())

    def serve(self) -> None:
        while True:
            try:
                data, fds, _, _ = socket.recv_fds(self.control, MESSAGE_BYTES, 2)
            except OSError:
                return
            if not data:
                return  # the pool closed the channel: shut down
            job = json.loads(data)
            if "job" not in job:
                for fd in fds:
                    os.close(fd)
                continue  # a late kill for a job that already ended
            job["env"] = {**job["env"], self.config["listen_env"]: self.base_url}
            self.reply(self.run(job, fds))

    def run(self, job: dict, fds: list[int]) -> dict:
        kind = job["kind"]
        spare: set[int] = set()
        try:
            if kind in ("python", "exec"):
                status, killed = self.run_forked(job, fds)
            elif kind == "node":
                status, killed = self.run_node(job, fds)
            else:
                server_pid, channel = self.servers[kind]
                spare = {server_pid}
                status, killed = self.run_on_server(job, fds, channel)
        finally:
            for fd in fds:
                os.close(fd)
        clean = kill_everything_of(job["uid"], spare, self.helpers)
        scrub_shared_state(self.config["protected"])
        if kind == "node":
            self.warm_node(job["limits"])
        alive = {name: pid in self.helpers for name, (pid, _) in self.servers.items()}
        return {
            "done": job["job"],
            "status": status,
            "killed": killed,
            "clean": clean,
            "servers": alive,
        }

    def run_forked(self, job: dict, fds: list[int]) -> tuple[int | None, bool]:
        pid = start_job_process(job, fds, self.preloaded)
        for fd in fds:
            os.close(fd)
        fds.clear()
        pidfd = os.pidfd_open(pid)
        try:
            with selectors.DefaultSelector() as selector:
                selector.register(pidfd, selectors.EVENT_READ, "exit")
                selector.register(self.control, selectors.EVENT_READ, "control")
                while True:
                    fired = {key.data for key, _ in selector.select()}
                    if "exit" in fired:
                        _, status = os.waitpid(pid, 0)
                        return exit_status(status), False
                    if self.kill_requested():
                        kill_everything_of(job["uid"], set(), self.helpers)
                        _, status = os.waitpid(pid, 0)
                        return None, True
        finally:
            os.close(pidfd)

    def run_node(self, job: dict, fds: list[int]) -> tuple[int | None, bool]:
        """Hand the job to the spare (a fresh one if the limits differ) and copy its output."""
        spare = self.node_spare
        self.node_spare = None
        if spare is None or spare.limits != job["limits"]:
            if spare is not None:
                spare.discard()
            spare = NodeSpare(self.node_argv, job["limits"], spare_env(self.config))
        spare.start(job)
        killed = False
        pidfd = os.pidfd_open(spare.pid)
        try:
            with selectors.DefaultSelector() as selector:
                for fd in spare.outputs:
                    selector.register(fd, selectors.EVENT_READ, "output")
                selector.register(pidfd, selectors.EVENT_READ, "exit")
                selector.register(self.control, selectors.EVENT_READ, "control")
                exited = False
                open_outputs = set(spare.outputs)
                while not exited or open_outputs:
                    events = selector.select(EXIT_DRAIN_SECONDS if exited else None)
                    if not events and exited:
                        break  # a leftover of the job holds its pipes: it is killed next
                    for key, _ in events:
                        if key.data == "output":
                            if not copy_output(key.fd, fds[spare.outputs[key.fd]]):
                                selector.unregister(key.fd)
                                open_outputs.discard(key.fd)
                        elif key.data == "exit":
                            selector.unregister(pidfd)
                            exited = True
                        elif self.kill_requested() and not killed:
                            killed = True
                            kill_everything_of(job["uid"], set(), self.helpers)
                            with contextlib.suppress(ProcessLookupError):
                                os.kill(spare.pid, signal.SIGKILL)  # if still warming up
        finally:
            os.close(pidfd)
            for fd in spare.outputs:
                os.close(fd)
        _, status = os.waitpid(spare.pid, 0)
        return (None if killed else exit_status(status)), killed

    def run_on_server(
        self, job: dict, fds: list[int], channel: LineChannel
    ) -> tuple[int | None, bool]:
        """The Ruby server gets the pipes and answers with the exit code."""
        channel.send(job, fds)
        killed = False
        with selectors.DefaultSelector() as selector:
            selector.register(channel.sock, selectors.EVENT_READ, "server")
            selector.register(self.control, selectors.EVENT_READ, "control")
            while True:
                for key, _ in selector.select():
                    if key.data == "control" and self.kill_requested() and not killed:
                        killed = True  # the Ruby server just sees its child die
                        kill_everything_of(job["uid"], {self.servers[job["kind"]][0]}, self.helpers)
                        continue
                    if key.data != "server":
                        continue
                    try:
                        messages = channel.messages()
                    except (EOFError, OSError):
                        return None, killed  # the server died; the pool restarts the worker
                    for message in messages:
                        if message.get("exit", False) is not False:
                            return (None if killed else message["exit"]), killed

    def kill_requested(self) -> bool:
        """True when the pool sent a kill (or closed the channel)."""
        try:
            data = self.control.recv(MESSAGE_BYTES, socket.MSG_DONTWAIT)
        except BlockingIOError:
            return False
        return not data or "kill" in json.loads(data)


def spare_env(config: dict) -> dict:
    return {"PATH": config["path"], "LANG": "C.UTF-8", "HOME": "/nonexistent"}


def copy_output(source: int, target: int) -> bool:
    """Copy what is ready on `source` into `target`; False at end of file."""
    try:
        data = os.read(source, 65536)
    except BlockingIOError:
        return True
    except OSError:
        return False
    if not data:
        return False
    try:
        while data:
            data = data[os.write(target, data) :]
    except OSError:
        pass  # the pool stopped reading (it is killing the job)
    return True


def exit_status(status: int) -> int:
    code = os.waitstatus_to_exitcode(status)
    return SIGNAL_EXIT_BASE - code if code < 0 else code


def main() -> None:
    zygote = Zygote(json.loads(sys.argv[1]))
    zygote.start()
    zygote.serve()


if __name__ == "__main__":
    main()
