"""The warm pool's test harness, shared by test_pool.py and test_hostile.py: a stand-in for
the fake that files each request under the job that was running (`Listeners`), a job runner with
each language's own launch (`job_run`), and a trivial sample per language (`TRIVIAL`). The
module-scoped `pool` and `listeners` fixtures (one worker: consecutive jobs share a sandbox) are
in conftest.py.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from derived import SNIPPETS, with_path_parameter
from vinr_docs.runners import RUNNERS
from vinr_docs.sandbox import Execution, Limits
from vinr_docs.sandbox.pool import Job, Pool

PROJECT = Path(__file__).resolve().parents[2]
LANGUAGES = ("python", "curl", "node", "ruby")
SAMPLE_NAMES = {
    "python": "sample.py",
    "curl": "sample.sh",
    "node": "sample.mjs",
    "ruby": "sample.rb",
}
# A GET operation with a path parameter (found in the spec), its primary sample folder and the
# response it documents: the listener answers every request with that response.
OP = with_path_parameter("GET")
SNIPPET = SNIPPETS / OP.sample_folder
RESPONSE = json.loads((SNIPPET / "response.json").read_text())
# The request its samples make: the path its curl sample requests (every language must match).
REQUEST_LINE = "GET {} HTTP/1.1".format(
    re.search(r"https?://[^/\s]+(/[^\s'\"?]*)", (SNIPPET / "curl.sh").read_text())[1]
)


@dataclass
class Listeners:
    """Stands in for the fake: serves every handed listener, filing requests under the job
    that `on_start` said was running."""

    current: str = ""
    requests: list[tuple[str, str]] = field(default_factory=list)  # (job tag, request line)
    count: int = 0

    def on_listen(self, listener: socket.socket) -> None:
        self.count += 1
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        tag = self.current
        with conn:
            conn.settimeout(5)
            try:
                head = conn.recv(65536).decode(errors="replace")
            except OSError:
                return
            self.requests.append((tag, head.split("\r\n", 1)[0]))
            body = json.dumps(RESPONSE).encode()
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )

    def of(self, tag: str) -> list[str]:
        return [line for job, line in self.requests if job == tag]


def job_run(
    pool: Pool,
    listeners: Listeners,
    language: str,
    source: str,
    env: dict[str, str] | None = None,
    limits: Limits | None = None,
    tag: str = "",
) -> Execution:
    """Run `source` as the language's sample, with the runner's own argv (curl's prelude)."""
    name = SAMPLE_NAMES[language]
    saved = pool.limits
    if limits is not None:
        pool.limits = limits
    try:
        with pool.workdir() as workdir:
            (workdir / name).write_text(source)
            launch = RUNNERS[language].launch(workdir / name, PROJECT)
            job = Job(
                language,
                launch.sample_name,
                launch.files,
                {**launch.env, **(env or {})},
                workdir,
                tuple(launch.argv),
            )

            def start(_: socket.socket) -> None:
                listeners.current = tag or uuid.uuid4().hex

            return pool.run(job, on_start=start)
    finally:
        pool.limits = saved


TRIVIAL = {
    "python": "import sys\nprint('hello from python')\nsys.exit(3)\n",
    "curl": "echo hello from curl\nexit 3\n",
    "node": "console.log('hello from node');\nprocess.exitCode = 3;\n",
    "ruby": "puts 'hello from ruby'\nexit 3\n",
}
