"""Warm workers (`Pool`): every promise `run()` makes also holds per pool job, plus what reuse adds:
nothing of job A (process, file, environment) is visible to job B on the same worker, and a job
can neither signal the zygote nor break the worker for the next job.

One worker, so consecutive jobs share a sandbox and its listener: the hardest case.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest

from vinr_docs.sandbox import Limits
from vinr_docs.sandbox.pool import Pool

from .conftest import PYTHON, HostTcpListener, plain, processes_with
from .pool_harness import (
    LANGUAGES,
    OP,
    PROJECT,
    REQUEST_LINE,
    SNIPPET,
    TRIVIAL,
    job_run,
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_prints_and_exits_like_a_cold_run(pool, listeners, language) -> None:
    result = job_run(pool, listeners, language, TRIVIAL[language])
    assert (result.exit_code, result.stdout) == (3, f"hello from {language}\n"), result


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_real_client_reaches_the_handed_listener(pool, listeners, language) -> None:
    file = {"python": "python.py", "curl": "curl.sh", "node": "node.js", "ruby": "ruby.rb"}
    tag = f"{OP.id}-{language}"
    env = {"VINR_SECRET_KEY": "sk_test_placeholder"}
    source = (SNIPPET / file[language]).read_text()
    result = job_run(pool, listeners, language, source, env, tag=tag)
    assert result.exit_code == 0, result
    assert listeners.of(tag) == [REQUEST_LINE], listeners.requests


def test_host_loopback_is_unreachable(pool, listeners, host_tcp: HostTcpListener) -> None:
    probe = (
        "import socket\n"
        f"try:\n    socket.create_connection(('127.0.0.1', {host_tcp.port}), timeout=1)\n"
        "    print('HOST-REACHED')\nexcept OSError:\n    print('unreachable')\n"
    )
    curl = (
        f"curl -s -m 1 http://127.0.0.1:{host_tcp.port}/x && echo HOST-REACHED || echo unreachable"
    )
    assert job_run(pool, listeners, "python", probe).stdout == "unreachable\n"
    assert job_run(pool, listeners, "curl", curl).stdout == "unreachable\n"
    assert host_tcp.drain() == []
    plain([PYTHON, "-c", probe])
    assert host_tcp.drain()  # control: a plain process reaches it


def test_project_and_workdir_are_read_only_and_home_is_writable(pool, listeners) -> None:
    target = PROJECT / "vinr-pool-escape.txt"
    writer = (
        "import os\n"
        f"for path in [{str(target)!r}, 'here.txt', os.path.expanduser('~/home.txt')]:\n"
        "    try:\n        open(path, 'w').close(); print('ok')\n"
        "    except OSError:\n        print('denied')\n"
    )
    result = job_run(pool, listeners, "python", writer)
    assert result.stdout.split() == ["denied", "denied", "ok"], result
    assert not target.exists() and os.access(PROJECT, os.W_OK)  # control: the host can write


@pytest.mark.parametrize(
    ("language", "show"),
    [
        ("python", "import os; print(sorted(os.environ))"),
        ("node", "console.log(JSON.stringify(Object.keys(process.env).sort()))"),
        ("ruby", "puts ENV.keys.sort.inspect"),
        ("curl", "env | cut -d= -f1 | sort"),
    ],
)
def test_build_secrets_are_not_visible(pool, listeners, language, show, monkeypatch) -> None:
    monkeypatch.setenv("VINR_CANARY_SECRET", "canary-7f3a")
    result = job_run(pool, listeners, language, show, {"VINR_API_KEY": "placeholder"})
    assert "VINR_CANARY_SECRET" not in result.stdout and "VINR_API_KEY" in result.stdout, result
    assert "canary-7f3a" in plain(["env"]).stdout  # control


def test_fork_bomb_is_contained(pool, listeners) -> None:
    forker = (
        "import os, time\nn = 0\ntry:\n    while n < 1000:\n"
        "        if os.fork() == 0:\n            time.sleep(30); os._exit(0)\n"
        "        n += 1\nexcept OSError:\n    pass\nprint(n)\n"
    )
    result = job_run(pool, listeners, "python", forker, limits=Limits(timeout=20, processes=16))
    assert result.exit_code == 0 and 0 < int(result.stdout) < 16, result
    assert job_run(pool, listeners, "python", "print('next')").stdout == "next\n"


@pytest.mark.parametrize(
    ("language", "allocate", "error"),
    [
        ("python", "b = bytes(4 * 2**30); print('allocated')", "MemoryError"),
        ("ruby", "b = \"\\0\" * (4 * 2**30); puts 'allocated'", "NoMemoryError"),
        (
            "node",
            "const b = new Uint8Array(4 * 2 ** 30); b.fill(1); console.log('allocated')",
            "RangeError",
        ),
    ],
)
def test_4gb_allocation_fails(pool, listeners, language, allocate, error) -> None:
    result = job_run(pool, listeners, language, allocate)
    assert "allocated" not in result.stdout and error in result.stderr, result
    assert result.exit_code != 0


@pytest.mark.parametrize(
    ("language", "script"),
    [
        ("curl", "sleep {s} & sleep {s}"),
        ("python", "import subprocess, time\nsubprocess.Popen(['sleep', '{s}'])\ntime.sleep(1000)"),
        ("ruby", "spawn('sleep', '{s}')\nsleep 1000"),
        ("node", "while (true) {{}}"),
    ],
)
def test_timeout_kills_the_whole_tree(pool, listeners, language, script) -> None:
    seconds = f"1000.{uuid.uuid4().int % 10**6}"
    limits = Limits(timeout=1)
    result = job_run(pool, listeners, language, script.format(s=seconds), limits=limits)
    assert result.timed_out and result.killed_by == "timeout" and result.exit_code is None
    assert result.seconds < 4
    assert processes_with(f"sleep {seconds}") == []
    assert job_run(pool, listeners, language, TRIVIAL[language]).exit_code == 3


@pytest.mark.parametrize(
    ("language", "spew"),
    [
        ("python", "import sys\nfor _ in range(100): sys.stdout.write('x' * 2**20)"),
        ("node", "for (let i = 0; i < 100; i++) process.stdout.write('x'.repeat(2 ** 20));"),
    ],
)
def test_100mb_of_output_is_cut(pool, listeners, language, spew) -> None:
    started = time.monotonic()
    result = job_run(pool, listeners, language, spew)
    assert time.monotonic() - started < 10
    assert result.output_truncated and result.killed_by == "output", result.stderr
    assert result.stdout.startswith("x" * 1000) and len(result.stdout) < 2**20 + 200


def test_a_daemon_of_job_a_is_gone_before_job_b(pool, listeners) -> None:
    marker = f"1000.{uuid.uuid4().int % 10**6}"
    daemon = (
        'setsid bash -c \'while true; do curl -s -m 1 "$VINR_API_BASE/daemon" >/dev/null;'
        f" sleep 0.05; done; sleep {marker}' </dev/null >/dev/null 2>&1 &\n"
        "sleep 0.5\necho started\n"
    )
    result = job_run(pool, listeners, "curl", daemon, tag="job-a")
    assert result.stdout == "started\n", result
    assert any("/daemon" in line for line in listeners.of("job-a"))  # control: it did connect
    assert processes_with(f"sleep {marker}") == [] and processes_with("/daemon") == []
    quiet = "import time\ntime.sleep(1.0)\nprint('b')"
    assert job_run(pool, listeners, "python", quiet, tag="job-b").stdout == "b\n"
    assert listeners.of("job-b") == []


def test_job_b_cannot_see_job_a_files_or_environment(pool, listeners) -> None:
    leave = (
        "import os\n"
        "open('/tmp/left-by-a', 'w').write('secret-a')\n"
        "try:\n    open('/dev/shm/left-by-a', 'w').write('secret-a')\n"
        "except OSError:\n    pass  # no writable /dev/shm in this sandbox\n"
        "open(os.path.expanduser('~/mine.txt'), 'w').write('secret-a')\n"
        "print(os.getcwd()); print(open('/tmp/left-by-a').read())\n"
    )
    first = job_run(pool, listeners, "python", leave, {"A_ONLY": "secret-a"})
    workdir_a, control = first.stdout.split() or (first.stderr, "")
    assert control == "secret-a", first  # control: job A could read its own file
    look = (
        "import os, glob\n"
        "print(sorted(os.listdir('/tmp')), os.environ.get('A_ONLY'))\n"
        "print(os.listdir('/dev/shm') if os.path.isdir('/dev/shm') else 'no shm')\n"
        f"try:\n    print(open({workdir_a + '/mine.txt'!r}).read())\n"
        "except OSError as e:\n    print('denied', type(e).__name__)\n"
        "print(glob.glob(os.path.dirname(os.getcwd()) + '/*'))\n"
    )
    second = job_run(pool, listeners, "python", look)
    assert "secret-a" not in second.stdout and "left-by-a" not in second.stdout, second
    assert "denied" in second.stdout


def test_a_job_cannot_signal_or_trace_the_zygote(pool, listeners) -> None:
    attack = (
        "import os, signal\n"
        "zygote = os.getppid()\n"
        "for name, act in [('kill', lambda: os.kill(zygote, signal.SIGKILL)),\n"
        "                  ('mem', lambda: open(f'/proc/{zygote}/mem', 'rb')),\n"
        "                  ('environ', lambda: open(f'/proc/{zygote}/environ', 'rb').read())]:\n"
        "    try:\n        act(); print(name, 'ALLOWED')\n"
        "    except OSError as e:\n        print(name, type(e).__name__)\n"
        "child = os.fork()\n"
        "if child == 0:\n    os.pause()\n"
        "os.kill(child, signal.SIGKILL); print('own-child killed')\n"  # control
    )
    result = job_run(pool, listeners, "python", attack)
    assert "ALLOWED" not in result.stdout and "own-child killed" in result.stdout, result
    assert "kill PermissionError" in result.stdout
    assert job_run(pool, listeners, "python", TRIVIAL["python"]).exit_code == 3


@pytest.mark.parametrize(
    ("language", "crash"),
    [
        ("python", "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)"),
        ("ruby", "Process.kill(:KILL, Process.pid)"),
        ("node", "process.kill(process.pid, 'SIGKILL')"),  # takes the Node host with it
        ("curl", "kill -KILL $$"),
    ],
)
def test_a_crash_does_not_break_the_next_job(pool, listeners, language, crash) -> None:
    result = job_run(pool, listeners, language, crash)
    assert result.exit_code != 0, result
    for name in LANGUAGES:
        following = job_run(pool, listeners, name, TRIVIAL[name])
        assert (following.exit_code, following.stdout) == (3, f"hello from {name}\n"), following


# A Node job runs its sample as an ES module inside a process started from the pool's start-up
# snapshot: what a reader's `node sample.mjs` does must hold there too (the plain run is the
# control). Each source ends in a distinct exit code or output.
AS_NODE_RUNS_IT = [  # (source, what node's error output names, if it fails)
    ("process.exitCode = 7;\n", ""),
    ("await new Promise(() => {});\n", ""),  # an unsettled top-level await: node exits 13
    ("throw new Error('boom');\n", "sample.mjs:1"),
    (
        "import os from 'node:os';\nimport { join } from 'path';\n"
        "const { sep } = await import('node:path');\n"
        "console.log(typeof os.cpus, typeof join, sep, import.meta.url.endsWith('/sample.mjs'));\n",
        "",
    ),
    ("import './missing.mjs';\n", "ERR_MODULE_NOT_FOUND"),
]


@pytest.mark.parametrize(("source", "named"), AS_NODE_RUNS_IT)
def test_a_javascript_job_behaves_as_node_runs_the_file(
    pool, listeners, source, named, tmp_path: Path
) -> None:
    sample = tmp_path / "sample.mjs"
    sample.write_text(source)
    expected = plain(["node", str(sample)])
    result = job_run(pool, listeners, "node", source)
    assert (result.exit_code, result.stdout) == (expected.returncode, expected.stdout), (
        result,
        expected,
    )
    assert named in expected.stderr and named in result.stderr, (result.stderr, expected.stderr)


def test_javascript_jobs_start_from_the_pools_snapshot(pool, listeners) -> None:
    """Not a silent fall-back to the slower start (`_node_spare.mjs`)."""
    assert pool.node_snapshot is not None and pool.node_snapshot.is_file()
    result = job_run(pool, listeners, "node", "console.log(process.execArgv.join(' '));\n")
    assert f"--snapshot-blob {pool.node_snapshot}" in result.stdout, result


def test_without_a_snapshot_javascript_jobs_start_from_the_spare_module(
    listeners, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Pool, "_build_node_snapshot", lambda self: None)
    with Pool(
        project=PROJECT,
        limits=Limits(timeout=20),
        on_listen=listeners.on_listen,
        require=True,
        workers=1,
        languages=("node",),
    ) as fallback:
        result = job_run(fallback, listeners, "node", TRIVIAL["node"])
        assert (result.exit_code, result.stdout) == (3, "hello from node\n"), result
        shown = job_run(fallback, listeners, "node", "console.log(process.argv.at(-1));\n")
        assert shown.stdout.strip().endswith("sample.mjs"), shown


def test_javascript_jobs_in_a_row_never_crash(pool, listeners) -> None:
    """Node 20 can crash (SIGSEGV) when a vm module it still uses is collected: 3–5 % of these
    jobs did before the snapshot's modules were kept referenced."""
    source = (
        "import fs from 'node:fs';\nimport path from 'node:path';\n"
        "console.log(typeof fs.statSync, path.basename(process.argv[1]));\n"
    )
    codes = [job_run(pool, listeners, "node", source).exit_code for _ in range(40)]
    assert codes == [0] * 40, codes
