"""A hostile sample can neither reach anything outside the sandbox nor make a wrong response
pass. Each test breaks a copy of the project the way a hostile sample (or careless author)
would, runs that folder through the engine, and checks the verdict and the machine."""

from __future__ import annotations

import json
import os
import re
import socket
import threading
import time
from pathlib import Path

import pytest
from fault_helpers import build, edit, result_of, text, verify_folder

from derived import acting, call_line, raw, response_field

pytestmark = pytest.mark.slow
# The retrieve operation's primary sample folder and SDK names, found in the spec.
OP = acting("retrieve")
FOLDER = OP.sample_folder
RETRIEVE = f"snippets/{FOLDER}"
SDK = raw(OP)["x-vinr-sdk"]
# What a sample's result file says for its call: the SDK method and the line calling it.
RESULT_CALL = f"'operation': {SDK['python']!r}, 'line': {call_line(OP)}"


def wrong_documented_response(project: Path) -> dict:
    """Make retrieve's response.json wrong (a string field), and return that wrong JSON."""
    _, good, bad = response_field(FOLDER)
    edit(project, f"{RETRIEVE}/response.json", lambda s: s.replace(good, bad))
    return json.loads((project / RETRIEVE / "response.json").read_text())


def test_forged_result_file_and_output_do_not_pass(project_copy: Path) -> None:
    wrong = wrong_documented_response(project_copy)
    edit(
        project_copy,
        f"{RETRIEVE}/python.py",
        lambda s: (
            s
            + (
                "import json, os\n"
                f"forged = {json.dumps(wrong)!r}\n"
                "open(os.environ['VINR_RESULT_PATH'], 'w').write(json.dumps(\n"
                f"    {{{RESULT_CALL},\n"
                "     'returned': json.loads(forged)}))\n"
                "print(forged)\n"
            )
        ),
    )
    result = result_of(verify_folder(project_copy, FOLDER), "python.py")
    assert not result.ok
    assert "the response differs from the documented one" in text_of(result)


def test_patching_the_fake_from_the_sample_changes_nothing(project_copy: Path) -> None:
    wrong = wrong_documented_response(project_copy)
    edit(
        project_copy,
        f"{RETRIEVE}/python.py",
        lambda s: (
            "from vinr_docs.fake import handlers\n"
            f"handlers.run = lambda ctx, v: (200, {wrong!r})\n" + s
        ),
    )
    result = result_of(verify_folder(project_copy, FOLDER), "python.py")
    assert not result.ok and result.received != wrong
    # The patch itself worked in the sample's process (no crash): the fake outside ignored it.
    assert "the response differs from the documented one" in text_of(result)


def test_a_private_server_in_the_sandbox_is_not_the_api(project_copy: Path) -> None:
    wrong_documented_response(project_copy)
    edit(
        project_copy,
        f"{RETRIEVE}/python.py",
        lambda s: (
            "import http.server, threading, pathlib\n"
            "class H(http.server.BaseHTTPRequestHandler):\n"
            "    def do_GET(self):\n"
            f"        body = pathlib.Path({str(project_copy / RETRIEVE / 'response.json')!r})"
            ".read_bytes()\n"
            "        self.send_response(200); self.end_headers(); self.wfile.write(body)\n"
            "s = http.server.HTTPServer(('127.0.0.1', 0), H)\n"
            "threading.Thread(target=s.serve_forever, daemon=True).start()\n"
            "import vinr\n"
            "vinr.api_base = f'http://127.0.0.1:{s.server_port}'\n" + s
        ),
    )
    result = result_of(verify_folder(project_copy, FOLDER), "python.py")
    assert not result.ok
    assert "made no request to the VINR API" in text_of(result)


def test_no_child_process_reaches_a_listener_outside_the_sandbox(project_copy: Path) -> None:
    connections: list[object] = []
    with socket.create_server(("127.0.0.1", 0)) as outside:
        outside.settimeout(0.2)
        port = outside.getsockname()[1]
        stop = threading.Event()

        def accept() -> None:
            while not stop.is_set():
                try:
                    connections.append(outside.accept())
                except TimeoutError:
                    continue
                except OSError:  # the listener closed (the test is failing): stop quietly
                    return

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        edit(
            project_copy,
            f"{RETRIEVE}/python.py",
            lambda s: (
                s
                + (
                    "import os, socket, subprocess\n"
                    f"subprocess.run(['curl', '-s', '-m', '2', 'http://127.0.0.1:{port}/'])\n"
                    f"os.system('curl -s -m 2 http://127.0.0.1:{port}/')\n"
                    "try:\n"
                    f"    socket.create_connection(('127.0.0.1', {port}), timeout=2)\n"
                    "except OSError as exc:\n"
                    "    print('blocked:', exc)\n"
                    "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                    f"u.sendto(b'x', ('127.0.0.1', {port}))\n"
                )
            ),
        )
        result = result_of(verify_folder(project_copy, FOLDER), "python.py")
        # positive control: the listener does accept connections from this machine
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        time.sleep(0.5)
        stop.set()
        thread.join()
    assert len(connections) == 1, "a sample's child process reached the host's loopback"
    assert "blocked:" in result.output


def test_the_project_is_not_writable_by_a_sample(project_copy: Path) -> None:
    target = project_copy / RETRIEVE / "response.json"
    before = target.read_text()
    edit(
        project_copy,
        f"{RETRIEVE}/python.py",
        lambda s: s + (f"open({str(target)!r}, 'w').write('{{}}')\n"),
    )
    result = result_of(verify_folder(project_copy, FOLDER), "python.py")
    assert target.read_text() == before
    # The project is not even in the sandbox's view (only its src/ and clients/ are, read-only).
    assert not result.ok
    assert "No such file or directory" in result.output or "Read-only" in result.output


def test_build_secrets_are_not_visible_to_samples(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VINR_CANARY_TOKEN", "ghp_canary_0123456789")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "canary")
    edit(
        project_copy,
        f"{RETRIEVE}/python.py",
        lambda s: (
            "import os, sys\n"
            "print('ENV', sorted(os.environ))\n"
            "if 'canary' in repr(os.environ).lower():\n"
            "    sys.exit(3)\n" + s
        ),
    )
    result = result_of(verify_folder(project_copy, FOLDER), "python.py")
    assert result.ok, text_of(result)
    [line] = [row for row in result.output.splitlines() if row.startswith("ENV")]
    assert "VINR_CANARY_TOKEN" not in line and "AWS_SECRET_ACCESS_KEY" not in line


def _processes_with(marker: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if marker in cmdline:
                found.append(entry.name)
    return found


def test_no_process_started_by_a_sample_outlives_the_run(project_copy: Path) -> None:
    marker = "4242.123"
    edit(
        project_copy,
        f"{RETRIEVE}/python.py",
        lambda s: (
            s
            + (
                "import subprocess\n"
                f"subprocess.Popen(['sleep', '{marker}'], start_new_session=True)\n"
                f"subprocess.Popen(['sh', '-c', 'nohup sleep {marker} >/dev/null 2>&1 &'])\n"
            )
        ),
    )
    verify_folder(project_copy, FOLDER)
    assert _processes_with(f"sleep {marker}") == []


def test_100_mb_of_output_is_cut_and_fails_fast(project_copy: Path) -> None:
    edit(
        project_copy,
        f"{RETRIEVE}/python.py",
        lambda s: (
            s
            + (
                "import sys\nchunk = 'x' * (1 << 20)\nfor _ in range(100):\n"
                "    sys.stdout.write(chunk)\n"
            )
        ),
    )
    started = time.monotonic()
    result = result_of(verify_folder(project_copy, FOLDER), "python.py")
    assert time.monotonic() - started < 60
    assert not result.ok
    assert len(result.output) < 3 * (1 << 20)
    assert {"killed", "output_truncated"} & {p.kind for p in result.problems}


def test_a_4_gb_allocation_fails(project_copy: Path) -> None:
    edit(project_copy, f"{RETRIEVE}/python.py", lambda s: s + "x = bytearray(4 << 30)\n")
    result = result_of(verify_folder(project_copy, FOLDER), "python.py")
    assert not result.ok and "MemoryError" in text_of(result)


def text_of(result) -> str:  # noqa: ANN001
    from vinr_docs.engine.report import render_result

    return render_result(result)


def test_env_has_only_the_allow_list(project_copy: Path) -> None:
    edit(
        project_copy,
        f"{RETRIEVE}/python.py",
        lambda s: s + "import os\nprint('KEYS', ' '.join(sorted(os.environ)))\n",
    )
    result = result_of(verify_folder(project_copy, FOLDER), "python.py")
    [line] = [row for row in result.output.splitlines() if row.startswith("KEYS")]
    keys = set(line.split()[1:])
    allowed = {
        "VINR_SECRET_KEY",
        "VINR_API_BASE",
        "VINR_SAMPLE_PATH",
        "VINR_RESULT_PATH",
        "PYTHONPATH",
        "PATH",
        "HOME",
        "TMPDIR",
        "PWD",
        "LANG",
        "LC_ALL",
        "LC_CTYPE",
    }
    assert keys <= allowed, keys - allowed
    assert os.environ.get("HOME") not in line.split("HOME")[0]  # HOME is not the build's


def test_the_engine_reads_no_file_a_sample_points_it_to(project_copy: Path, tmp_path: Path) -> None:
    """A sample swaps its result file for a symlink to a root-only file, a device or a FIFO: the
    engine, outside the sandbox and as root, must read none of them (nor hang on them)."""
    secret = tmp_path / "root-only.jsonl"
    leak = {"operation": SDK["python"], "line": call_line(OP), "returned": {"leak": "canary-93f1"}}
    secret.write_text(json.dumps(leak) + "\n")
    os.chmod(secret, 0o600)
    edit(
        project_copy,
        f"{RETRIEVE}/python.py",
        lambda s: (
            s
            + (
                "import os\n"
                "p = os.environ['VINR_RESULT_PATH']\n"
                "try:\n"
                f"    os.unlink(p); os.symlink({str(secret)!r}, p); print('swapped')\n"
                "except OSError as e:\n"
                "    print('refused', type(e).__name__)\n"
            )
        ),
    )
    edit(
        project_copy,
        f"{RETRIEVE}/curl.sh",
        lambda s: s + 'rm -f "$VINR_RESULT_PATH" && mkfifo "$VINR_RESULT_PATH" && echo swapped\n',
    )
    edit(
        project_copy,
        f"{RETRIEVE}/ruby.rb",
        lambda s: (
            s
            + "path = ENV['VINR_RESULT_PATH']\n"
            + "begin\n  File.delete(path); File.symlink('/dev/zero', path); puts 'swapped'\n"
            + 'rescue SystemCallError => e\n  puts "refused #{e.class}"\nend\n'
        ),
    )
    started = time.monotonic()
    report = verify_folder(project_copy, FOLDER)
    assert time.monotonic() - started < 120
    assert "canary-93f1" not in text(report) + repr(report.results)
    for name in ("python.py", "curl.sh", "ruby.rb"):
        result = result_of(report, name)
        assert "swapped" not in result.output, (name, result.output)


HIDDEN_EXIT = {  # a line pymdownx.snippets drops from the page (section marker), then a shown call
    "python.py": (
        "raise SystemExit(0)  # --8<-- [end:shown]\n",
        f'vinr.{SDK["python"]}("id_WRONG")\n',
    ),
    "node.js": (
        "process.exit(0); // --8<-- [end:shown]\n",
        f"await vinr.{SDK['node']}('id_WRONG');\n",
    ),
    "ruby.rb": ("exit # --8<-- [end:shown]\n", f'Vinr::{SDK["ruby"]}("id_WRONG")\n'),
    "curl.sh": (
        "cat > /dev/null <<'# --8<-- [end:shown]'\n",
        f"curl http://api.vinr.com{re.sub(r'{[^}]+}', 'id_WRONG', OP.path)}"
        ' -H "Authorization: Bearer x"\n'
        "# --8<-- [end:shown]\n",
    ),
}


def test_the_page_shows_exactly_the_code_that_runs(project_copy: Path) -> None:
    """Each language hides an exit (or a heredoc) on a section-marker line the page drops, and
    shows a wrong call after it: the build must fail naming each file and the hidden line."""
    lines = {}
    for name, (hidden, shown) in HIDDEN_EXIT.items():
        path = project_copy / RETRIEVE / name
        lines[name] = len(path.read_text().splitlines()) + 1
        edit(project_copy, f"{RETRIEVE}/{name}", lambda s, h=hidden, w=shown: s + h + w)
    # A sample file a guide includes in a plain fenced block (`--8<-- "<folder>/python.py"`).
    included = _a_sample_file_a_page_includes(project_copy)
    lines[included] = len((project_copy / included).read_text().splitlines()) + 1
    edit(
        project_copy,
        included,
        lambda s: s + "raise SystemExit(0)  # --8<-- [end:shown]\nprint('shown, never run')\n",
    )
    result = build(project_copy)
    assert result.returncode != 0, result.stderr[-3000:]
    for name, line in lines.items():
        where = name if "/" in name else f"{RETRIEVE}/{name}"
        assert f"{where}:{line}: the page shows other code" in result.stderr, (
            name,
            result.stderr[-3000:],
        )


def _a_sample_file_a_page_includes(project: Path) -> str:
    """A Python sample no sample block shows, included by a page in a plain fenced block (as the
    guide does): only the include can show it, so only the include check can catch it."""
    import re

    pages = sorted((project / "docs").rglob("*.md"))
    shown = {m[1] for page in pages for m in re.finditer(r"/// sample \| (\S+)", page.read_text())}
    folders = sorted(
        path.parent.relative_to(project / "snippets").as_posix()
        for path in (project / "snippets").rglob("python.py")
    )
    folder = next(f for f in folders if f not in shown)
    page = pages[0]
    page.write_text(page.read_text() + f'\n```python\n--8<-- "{folder}/python.py"\n```\n')
    return f"snippets/{folder}/python.py"
