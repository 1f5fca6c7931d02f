"""Test harness for the JS and Ruby reference clients: a recording HTTP server, and a way to run
a script with a client and its result recorder (VINR_RESULT_FD) the way a verification runner
would."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
JS_PRELOAD = ROOT / "clients" / "js" / "preload.js"
RUBY_LIB = ROOT / "clients" / "ruby" / "lib"
KEY = "sk_test_clients"
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Exchange:
    """One request as the server saw it, decoded."""

    method: str
    path: str  # raw, without the query
    query: list[tuple[str, str]]
    form: list[tuple[str, str]]
    headers: dict[str, str]  # lower-cased names

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


Reply = tuple[int, Any]  # status, JSON body (or bytes sent as they are)


@dataclass
class Recorder:
    """What the server received, and what it answers (`reply`, settable per test)."""

    url: str
    exchanges: list[Exchange] = field(default_factory=list)
    reply: Callable[[Exchange], Reply] = lambda exchange: (200, {})


def _handler(recorder: Recorder) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def _serve(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            url = urlsplit(self.path)
            headers = {name.lower(): value for name, value in self.headers.items()}
            is_form = headers.get("content-type") == FORM
            form = parse_qsl(raw, keep_blank_values=True) if is_form else []
            exchange = Exchange(
                self.command, url.path, parse_qsl(url.query, keep_blank_values=True), form, headers
            )
            recorder.exchanges.append(exchange)
            status, body = recorder.reply(exchange)
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_DELETE = _serve  # noqa: N815 - http.server's names

        def log_message(self, *args: Any) -> None:  # keep pytest's output clean
            pass

    return Handler


@contextmanager
def recording_server() -> Iterator[Recorder]:
    """An HTTP server on 127.0.0.1:<free port> that records every request."""
    recorder = Recorder(url="")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(recorder))
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()


def require_runtime(name: str) -> str:
    """The runtime's path; a missing runtime fails in CI (every language must run there) and is
    a skip with the reason elsewhere."""
    path = shutil.which(name)
    if path is None:
        reason = f"`{name}` is not installed (scripts/install-system-deps installs it)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI runs every language's client tests")
        pytest.skip(reason)
    return path


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    records: list[dict[str, Any]]  # what the result recorder wrote, one per client call

    def explain(self) -> str:
        return f"exit {self.returncode}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}"


@dataclass(frozen=True)
class Language:
    """How to start a script with one client, its recorder preloaded."""

    name: str
    runtime: str
    suffix: str
    prelude: str  # the lines before a test script's call, which sits on line PRELUDE_LINES + 1

    def argv(self, script: Path) -> list[str]:
        executable = require_runtime(self.runtime)
        if self.name == "js":
            return [executable, "--import", str(JS_PRELOAD), str(script)]
        return [executable, "-I", str(RUBY_LIB), "-rvinr", "-rvinr/recorder", str(script)]

    def run(self, script: Path, env: dict[str, str]) -> Run:
        """Run `script`; VINR_* come only from `env` (nothing leaks in from the test process)."""
        with tempfile.TemporaryFile() as results:
            fd = results.fileno()
            full_env = {
                "PATH": os.environ["PATH"],
                "VINR_RESULT_FD": str(fd),
                "VINR_SAMPLE_PATH": str(script),
                **env,
            }
            done = subprocess.run(
                self.argv(script),
                env=full_env,
                pass_fds=(fd,),
                cwd=script.parent,
                capture_output=True,
                text=True,
                timeout=60,
            )
            results.seek(0)
            records = [json.loads(line) for line in results.read().decode().splitlines()]
        return Run(done.returncode, done.stdout, done.stderr, records)

    def label(self, node_name: str) -> str:
        """How this language's recorder names the call the JS client names `node_name`: the
        operation's `x-vinr-sdk` name in this language (Ruby `Customer.create`)."""
        if self.name == "js":
            return node_name
        table = json.loads((ROOT / "clients" / "operations.json").read_text(encoding="utf-8"))
        [row] = [row for row in table["operations"] if row["node"] == node_name]
        return row["ruby"]

    def run_code(self, tmp_path: Path, body: str, env: dict[str, str]) -> Run:
        script = tmp_path / f"script{self.suffix}"
        script.write_text(self.prelude + body)
        return self.run(script, env)


CALL_LINE = 3  # the line of the first statement after a prelude
JS = Language(
    "js", "node", ".js", "import { Vinr, VinrError } from '@vinr/sdk';\nconst vinr = new Vinr();\n"
)
RUBY = Language("ruby", "ruby", ".rb", "# the client is loaded with -rvinr\nrequire 'json'\n")
LANGUAGES = (JS, RUBY)
