"""Hostile samples against the warm pool, per language (issue 20): what the sandbox lets a sample
see of the machine (unix sockets, host directories), how much disk it may fill, whether a
JavaScript job can speak for the engine or reach the next job, and that every limit is reported
by name. Each attack has a positive control: the same action works outside the sandbox.
"""

from __future__ import annotations

import os
import shutil
import socket
import time
import uuid
from pathlib import Path

import pytest

from vinr_docs.sandbox import Limits

from .pool_harness import LANGUAGES, TRIVIAL, job_run

# ---- item 4: no host unix socket, directory or device is visible --------------------------------

CONNECT = {
    "python": (
        "import socket, sys\n"
        "for path in sys.argv[1:] or {paths!r}:\n"
        "    s = socket.socket(socket.AF_UNIX)\n"
        "    try:\n        s.connect(path); s.send(b'python'); print('REACHED', path)\n"
        "    except OSError as e:\n        print('no', type(e).__name__)\n"
    ),
    "node": (
        "import net from 'node:net';\n"
        "for (const path of {paths_json}) {{\n"
        "  await new Promise((done) => {{\n"
        "    const c = net.connect(path, () => {{ c.write('node'); console.log('REACHED', path);"
        " c.end(); done(); }});\n"
        "    c.on('error', (e) => {{ console.log('no', e.code); done(); }});\n"
        "  }});\n"
        "}}\n"
    ),
    "ruby": (
        "require 'socket'\n"
        "{paths_json}.each do |path|\n"
        "  begin\n    s = UNIXSocket.new(path); s.write('ruby'); puts \"REACHED #{{path}}\"\n"
        '  rescue SystemCallError => e\n    puts "no #{{e.class}}"\n  end\nend\n'
    ),
    "curl": (
        "for path in {paths_sh}; do\n"
        '  if curl -s -m 1 --unix-socket "$path" http://x/ -o /dev/null; then echo REACHED;'
        " else echo no; fi\n"
        "done\n"
    ),
}


def _host_unix_listeners(tmp_path: Path) -> list[tuple[str, socket.socket]]:
    """Listeners where host daemons put theirs: /run, /var/tmp, /tmp (and a test dir)."""
    found = []
    for directory in ("/run", "/var/tmp", "/tmp", str(tmp_path)):
        if not os.path.isdir(directory):
            continue
        path = os.path.join(directory, f"vinr-test-{uuid.uuid4().hex[:8]}.sock")
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(path)
        os.chmod(path, 0o777)
        sock.listen(8)
        sock.settimeout(0.3)
        found.append((path, sock))
    return found


def _accepted(sock: socket.socket) -> int:
    count = 0
    while True:
        try:
            conn, _ = sock.accept()
        except (TimeoutError, OSError):
            return count
        conn.close()
        count += 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_host_unix_socket_is_reachable(pool, listeners, language, tmp_path: Path) -> None:
    import json

    bound = _host_unix_listeners(tmp_path)
    paths = [path for path, _ in bound]
    try:
        source = CONNECT[language].format(
            paths=paths, paths_json=json.dumps(paths), paths_sh=" ".join(paths)
        )
        result = job_run(pool, listeners, language, source)
        assert "REACHED" not in result.stdout, result
        attempts = [line for line in result.stdout.splitlines() if line.startswith("no")]
        assert len(attempts) == len(paths), result  # every attempt was made
        assert [_accepted(sock) for _, sock in bound] == [0] * len(bound)
        for path, sock in bound:  # control: from outside, each listener accepts
            with socket.socket(socket.AF_UNIX) as client:
                client.connect(path)
            assert _accepted(sock) == 1
    finally:
        for path, sock in bound:
            sock.close()
            os.unlink(path)


def test_host_directories_and_devices_are_not_visible(pool, listeners) -> None:
    canaries = []
    for directory in ("/run", "/var/tmp", "/etc", "/opt", "/srv", "/mnt", "/var/lib"):
        if os.path.isdir(directory):
            path = Path(directory) / f"vinr-canary-{uuid.uuid4().hex[:8]}"
            path.write_text("canary")
            canaries.append(path)
    try:
        look = (
            "import os\n"
            f"for path in {[str(p) for p in canaries]!r}:\n"
            "    print('VISIBLE' if os.path.exists(path) else 'hidden', path)\n"
            "print(sorted(os.listdir('/dev')))\n"
        )
        result = job_run(pool, listeners, "python", look)
        assert "VISIBLE" not in result.stdout and result.stdout.count("hidden") == len(canaries)
        devices = set(eval(result.stdout.splitlines()[-1]))  # noqa: S307 (our own print)
        assert devices <= {
            "null",
            "zero",
            "full",
            "random",
            "urandom",
            "tty",
            "pts",
            "ptmx",
            "shm",
            "fd",
            "stdin",
            "stdout",
            "stderr",
            "core",
            "mqueue",
            "console",
        }, devices
        assert all(path.exists() for path in canaries)  # control: the host sees them
    finally:
        for path in canaries:
            path.unlink(missing_ok=True)


# ---- item 5: disk ----------------------------------------------------------------------------

WRITE_2_GIB = {
    "python": (
        "import os, sys\n"
        "target = {target}\n"
        "chunk = b'x' * 2**20\n"
        "with open(os.path.join(target, 'big'), 'wb') as out:\n"
        "    for _ in range(2048):\n        out.write(chunk)\n"
        "print('wrote 2 GiB')\n"
    ),
    "node": (
        "import fs from 'node:fs';\n"
        "const fd = fs.openSync(`${{{target}}}/big`, 'w');\n"
        "const chunk = Buffer.alloc(2 ** 20, 120);\n"
        "for (let i = 0; i < 2048; i++) fs.writeSync(fd, chunk);\n"
        "console.log('wrote 2 GiB');\n"
    ),
    "ruby": (
        "chunk = 'x' * 2**20\n"
        "File.open(File.join({target}, 'big'), 'wb') {{ |f| 2048.times {{ f.write(chunk) }} }}\n"
        "puts 'wrote 2 GiB'\n"
    ),
    "curl": "head -c 2G /dev/zero > \"{target}/big\" && echo 'wrote 2 GiB'\n",
}
TARGETS = {
    "python": {"HOME": "os.environ['HOME']", "TMPDIR": "os.environ['TMPDIR']"},
    "node": {"HOME": "process.env.HOME", "TMPDIR": "process.env.TMPDIR"},
    "ruby": {"HOME": "ENV['HOME']", "TMPDIR": "ENV['TMPDIR']"},
    "curl": {"HOME": "$HOME", "TMPDIR": "$TMPDIR"},
}


@pytest.mark.parametrize(
    ("language", "where"),
    [(language, where) for language, targets in TARGETS.items() for where in targets],
)
def test_writing_2_gib_stops_at_a_named_disk_limit(pool, listeners, language, where) -> None:
    free_before = shutil.disk_usage(pool.scratch).free
    source = WRITE_2_GIB[language].format(target=TARGETS[language][where])
    started = time.monotonic()
    result = job_run(pool, listeners, language, source)
    assert "wrote 2 GiB" not in result.stdout, result
    assert result.killed_by == "disk", result
    assert time.monotonic() - started < 15
    assert free_before - shutil.disk_usage(pool.scratch).free < 256 * 2**20
    assert job_run(pool, listeners, language, TRIVIAL[language]).exit_code == 3


# ---- item 2: limits by name, and a JavaScript job reaches neither the engine nor the next job ---

EXHAUST_MEMORY = {
    "python": "chunks = []\nwhile True:\n    chunks.append(bytearray(2**24))\n",
    "node": "const chunks = [];\nwhile (true) chunks.push(new Array(2 ** 20).fill(1.5));\n",
    "ruby": "chunks = []\nloop { chunks << ('x' * 2**24) }\n",
}


@pytest.mark.parametrize("language", sorted(EXHAUST_MEMORY))
def test_running_out_of_memory_is_named(pool, listeners, language) -> None:
    result = job_run(pool, listeners, language, EXHAUST_MEMORY[language])
    assert result.killed_by == "memory", result
    following = job_run(pool, listeners, language, TRIVIAL[language])
    assert (following.exit_code, following.stdout) == (3, f"hello from {language}\n"), following


@pytest.mark.parametrize(
    ("language", "flood"),
    [
        ("node", "setInterval(() => console.log('x'.repeat(100000)), 0);"),
        ("python", "while True: print('x' * 1000)"),
        ("ruby", "loop { puts 'x' * 1000 }"),
        ("curl", "yes xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
    ],
)
def test_an_output_flood_is_named(pool, listeners, language, flood) -> None:
    result = job_run(pool, listeners, language, flood)
    assert result.killed_by == "output" and result.output_truncated, result
    following = job_run(pool, listeners, language, TRIVIAL[language])
    assert (following.exit_code, following.stdout) == (3, f"hello from {language}\n"), following


def test_a_javascript_flood_that_never_yields_is_named(pool, listeners) -> None:
    """Node buffers what a loop that never yields writes to a pipe: its memory runs out first."""
    flood = "for (;;) process.stderr.write('y'.repeat(65536));"
    result = job_run(pool, listeners, "node", flood)
    # V8's heap limit, or the output cap, or (on a loaded machine) the timeout: always by name.
    assert result.killed_by in ("memory", "output", "timeout"), result
    following = job_run(pool, listeners, "node", TRIVIAL["node"])
    assert (following.exit_code, following.stdout) == (3, "hello from node\n"), following


FORGE_AND_LINGER = (
    "import fs from 'node:fs';\n"
    'const lies = [\'{"exit": 0}\\n\', \'{"ready": true}\\n\', \'{"done": "x"}\'];\n'
    "const held = fs.readdirSync('/proc/self/fd').map(Number).filter((fd) => {\n"
    "  try { return /^(socket|pipe):/.test(fs.readlinkSync(`/proc/self/fd/${fd}`)); }\n"
    "  catch { return false; }\n"
    "});\n"
    "const theirs = held.filter((fd) => fd > 2 && /^socket:/.test("
    "fs.readlinkSync(`/proc/self/fd/${fd}`)));\n"
    "for (const fd of theirs) for (const lie of lies) try { fs.writeSync(fd, lie); } catch {}\n"
    "console.log('sockets beyond stdio:', JSON.stringify(theirs));\n"
    "setInterval(() => {\n"
    "  fetch(`${process.env.VINR_API_BASE}/injected`).catch(() => {});\n"
    "  for (const fd of theirs) try { fs.writeSync(fd, lies[0]); } catch {}\n"
    "}, 20);\n"
)


def test_a_javascript_job_cannot_speak_for_the_engine_or_reach_the_next_job(
    pool, listeners
) -> None:
    attacker = job_run(pool, listeners, "node", FORGE_AND_LINGER, limits=Limits(timeout=2))
    assert attacker.stdout == "sockets beyond stdio: []\n", attacker
    assert attacker.killed_by == "timeout", attacker  # it lingered: its own time ran out
    for n in range(3):
        tag = f"innocent-{n}"
        innocent = job_run(pool, listeners, "node", TRIVIAL["node"], tag=tag)
        assert (innocent.exit_code, innocent.stdout) == (3, "hello from node\n"), innocent
        time.sleep(0.1)
        assert listeners.of(tag) == [], listeners.requests


def test_each_javascript_job_is_its_own_process(pool, listeners) -> None:
    show = "console.log(process.pid, process.ppid, typeof globalThis.vinrMark);\n"
    mark = "globalThis.vinrMark = 1; console.log(process.pid);\n"
    first = job_run(pool, listeners, "node", mark)
    second = job_run(pool, listeners, "node", show)
    assert first.stdout.split()[0] != second.stdout.split()[0], (first, second)
    assert second.stdout.split()[2] == "undefined"


TAMPER_WITH_THE_SNAPSHOT = (
    "import fs from 'node:fs';\n"
    "import path from 'node:path';\n"
    "const blob = process.execArgv[process.execArgv.indexOf('--snapshot-blob') + 1];\n"
    "const folder = path.dirname(blob);\n"
    "const tries = {\n"
    "  write: () => fs.writeFileSync(blob, 'forged'),\n"
    "  append: () => fs.appendFileSync(blob, 'forged'),\n"
    "  remove: () => fs.unlinkSync(blob),\n"
    "  replace: () => fs.renameSync(process.argv[1], blob),\n"
    "  bundle: () => fs.writeFileSync(path.join(folder, 'spare.cjs'), 'forged'),\n"
    "  plant: () => fs.writeFileSync(path.join(folder, 'spare.blob.tmp'), 'forged'),\n"
    "  chmod: () => fs.chmodSync(blob, 0o666),\n"
    "};\n"
    "for (const [name, attempt] of Object.entries(tries)) {\n"
    "  try { attempt(); console.log(name, 'DONE'); } catch (e) { console.log(name, e.code); }\n"
    "}\n"
)


def test_a_javascript_job_cannot_change_the_snapshot_the_next_job_starts_from(
    pool, listeners
) -> None:
    blob = pool.node_snapshot
    assert blob is not None
    before = blob.read_bytes()
    attacker = job_run(pool, listeners, "node", TAMPER_WITH_THE_SNAPSHOT)
    lines = attacker.stdout.splitlines()
    assert len(lines) == 7 and not any("DONE" in line for line in lines), attacker
    assert blob.read_bytes() == before
    following = job_run(pool, listeners, "node", TRIVIAL["node"])
    assert (following.exit_code, following.stdout) == (3, "hello from node\n"), following
    # Positive control: the same folder is writable to its owner (the pool, outside).
    probe = blob.parent / "control"
    probe.write_text("x")
    probe.unlink()
