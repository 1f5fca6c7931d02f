"""Run one sample: its runner's argv, in the OS sandbox, against a fresh fake session."""

from __future__ import annotations

import contextlib
import json
import socket
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vinr_docs import sandbox
from vinr_docs.engine.model import Sample
from vinr_docs.engine.settings import Settings
from vinr_docs.fake import FakeApi, FakeServer, FixtureError, Session
from vinr_docs.fake.rules import PLACEHOLDER_KEY
from vinr_docs.runners import RUNNERS
from vinr_docs.sandbox.records import Execution

RESULT_NAME = ".vinr-result.jsonl"


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


def run_sample(sample: Sample, api: FakeApi, server: FakeServer, settings: Settings) -> Run:
    try:
        session = api.new_session(load_fixture(sample))
    except (FixtureError, ValueError) as exc:
        return Run(None, None, fixture_error=str(exc))
    launch = RUNNERS[sample.language.key].launch(sample.path, settings.project)
    with tempfile.TemporaryDirectory(prefix="vinr-sample-") as tmp:
        workdir = Path(tmp)
        for name, content in launch.files.items():
            (workdir / name).write_bytes(content)
        result = workdir / RESULT_NAME
        env = {"VINR_SECRET_KEY": PLACEHOLDER_KEY,
               "VINR_SAMPLE_PATH": str(workdir / launch.sample_name),
               "VINR_RESULT_PATH": str(result), **launch.env}
        with contextlib.ExitStack() as stack:
            def serve(sock: socket.socket) -> None:
                stack.enter_context(server.serving(session, sock))

            execution = sandbox.run(launch.argv, workdir=workdir, env=env,
                                    limits=settings.limits, on_listen=serve,
                                    readonly_paths=[settings.project],
                                    require=settings.strict)
        return Run(execution, session, calls=_calls(result), sample_name=launch.sample_name)


def _calls(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    calls = []
    for line in path.read_text(errors="replace").splitlines()[:1000]:
        with contextlib.suppress(ValueError):
            record = json.loads(line)
            if isinstance(record, dict):
                calls.append(record)
    return calls
