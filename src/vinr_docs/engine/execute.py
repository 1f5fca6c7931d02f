"""Run one sample: its runner's argv, in the OS sandbox, against a fresh fake session."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import stat
import threading
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vinr_docs.engine.model import Sample
from vinr_docs.engine.settings import Settings
from vinr_docs.fake import FakeApi, FakeServer, FixtureError, Session
from vinr_docs.fake.rules import PLACEHOLDER_KEY
from vinr_docs.runners import RUNNERS
from vinr_docs.sandbox.pool import LANGUAGES as POOL_LANGUAGES
from vinr_docs.sandbox.pool import Job, Pool
from vinr_docs.sandbox.records import Execution

RESULT_NAME = ".vinr-result.jsonl"
RESULT_BYTES = 1 << 20  # what is read of the recorder's lines, at most


@dataclass
class Run:
    """Everything one run produced: the sandbox's account and the fake server's record."""

    execution: Execution | None
    session: Session | None
    fixture_error: str | None = None
    calls: list[dict[str, Any]] = field(default_factory=list)  # the recorder's lines
    sample_name: str = ""


EXTENDS = "extends"


def fixture_chain(sample: Sample) -> list[Path]:
    """The sample's `state.json` and the files it `extends` (nearest first)."""
    chain: list[Path] = []
    path = sample.fixture
    while path is not None and path not in chain:
        chain.append(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            break
        parent = data.get(EXTENDS) if isinstance(data, dict) else None
        path = (path.parent / parent).resolve() if isinstance(parent, str) else None
    return chain


def load_fixture(sample: Sample) -> Any:
    """The merged fixture: `{"extends": "../state.json", "now": …}` starts from the parent file
    and replaces the keys it names (so a variant states only what differs)."""
    merged: dict[str, Any] = {}
    for path in reversed(fixture_chain(sample)):
        if not path.is_file():
            raise FixtureError(f"extends {path.name}, which does not exist")
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            return data  # State.from_fixture says what is wrong with it
        merged.update({k: v for k, v in data.items() if k != EXTENDS})
    return merged


class Runner:
    """Runs samples on a warm sandbox pool, each against a fresh fake session.

    The pool hands each worker's loopback listener to `_listen` once; the fake serves it for the
    whole run, and `_start` switches that listener's session just before each job starts (jobs
    on a worker run one at a time, and nothing of a job outlives it)."""

    def __init__(
        self,
        api: FakeApi,
        settings: Settings,
        languages: Collection[str] | None = None,
        workers: int | None = None,
    ) -> None:
        """`languages` (runner keys) the samples to run need: no Node host or Ruby server that
        none of them needs (default: all). `workers`: sandboxes (default: settings.workers)."""
        self.api = api
        self.settings = settings
        self.server = FakeServer(api)
        self._servers: dict[socket.socket, Any] = {}
        self._lock = threading.Lock()
        self.pool = Pool(
            project=settings.project,
            limits=settings.limits,
            on_listen=self._listen,
            require=settings.strict,
            workers=workers or settings.workers,
            languages=sorted(languages) if languages is not None else POOL_LANGUAGES,
        )

    def _listen(self, sock: socket.socket) -> None:
        server = self.server.listen(sock, self.api.new_session({}))
        with self._lock:
            self._servers[sock] = server

    def run(self, sample: Sample, secret_key: str | None = PLACEHOLDER_KEY) -> Run:
        """Run `sample` with VINR_SECRET_KEY set to `secret_key` (unset when None)."""
        try:
            session = self.api.new_session(load_fixture(sample))
        except (FixtureError, ValueError) as exc:
            return Run(None, None, fixture_error=str(exc))
        launch = RUNNERS[sample.language.key].launch(sample.path, self.settings.project)

        def start(sock: socket.socket) -> None:
            with self._lock:
                self._servers[sock].session = session

        with self.pool.workdir() as workdir, _result_file(workdir) as result_fd:
            result = workdir / RESULT_NAME
            env = {
                "VINR_SAMPLE_PATH": str(workdir / launch.sample_name),
                "VINR_RESULT_PATH": str(result),
                **launch.env,
            }
            if secret_key is not None:
                env["VINR_SECRET_KEY"] = secret_key
            job = Job(
                sample.language.key,
                launch.sample_name,
                launch.files,
                env,
                workdir,
                argv=tuple(launch.argv),
                writable=(RESULT_NAME,),
            )
            execution = self.pool.run(job, on_start=start)
            calls = _calls(result_fd)
            if os.fstat(result_fd).st_size >= self.settings.limits.disk_bytes:
                execution.killed_by = execution.killed_by or "disk"
            return Run(execution, session, calls=calls, sample_name=launch.sample_name)

    def close(self) -> None:
        self.pool.close()
        self.server.close()

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


@contextlib.contextmanager
def _result_file(workdir: Path) -> Iterator[int]:
    """The recorder's file, created (and opened) by the engine before the sample starts: what is
    read afterwards is that file, whatever the sample did to the name (a symlink, a FIFO)."""
    fd = os.open(
        workdir / RESULT_NAME,
        os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
        0o600,
    )
    try:
        yield fd
    finally:
        os.close(fd)


def _calls(fd: int) -> list[dict[str, Any]]:
    """The recorder's lines: at most RESULT_BYTES, read through the engine's own descriptor."""
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        return []
    data = os.pread(fd, RESULT_BYTES, 0)
    calls = []
    for line in data.decode(errors="replace").splitlines()[:1000]:
        with contextlib.suppress(ValueError):
            record = json.loads(line)
            if isinstance(record, dict):
                calls.append(record)
    return calls
