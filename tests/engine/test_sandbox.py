"""Samples run isolated: own process, temp dir, placeholder key, no network, a timeout."""

from __future__ import annotations

from pathlib import Path

from engine_helpers import ROOT, shared_state

from vinr_docs.runner import Execution, Job, execute


def run(tmp_path: Path, code: str, *, state: dict | None = None,
        timeout: float = 5.0) -> Execution:
    sample = tmp_path / "python.py"
    sample.write_text(code)
    [execution] = execute([Job(sample, state, timeout)], workers=1, src=ROOT / "src")
    return execution


def test_a_sample_runs_against_the_fake_with_the_placeholder_key(tmp_path: Path) -> None:
    run_ = run(tmp_path, 'import os, vinr\nprint(os.environ["VINR_SECRET_KEY"])\n'
               'c = vinr.Customer.retrieve("cust_8aZ2")\n', state=shared_state())
    assert run_.status == "ok", run_.stderr
    assert run_.stdout.strip() == "sk_test_vinr_docs_placeholder"
    assert [(e["method"], e["status"]) for e in run_.exchanges] == [("GET", 200)]
    assert run_.returned_from == "Customer.retrieve"
    assert run_.returned == run_.exchanges[0]["body"]
    assert run_.call_line == 3


def test_the_working_directory_is_a_fresh_temp_dir(tmp_path: Path) -> None:
    run_ = run(tmp_path, 'import os\nopen("out.txt", "w").write("x")\nprint(os.getcwd())\n')
    workdir = Path(run_.stdout.strip())
    assert workdir != tmp_path and not workdir.exists()  # removed afterwards
    assert not (tmp_path / "out.txt").exists()


def test_socket_connections_are_blocked_even_when_the_sample_catches_the_error(
        tmp_path: Path) -> None:
    run_ = run(tmp_path, "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53))\n"
               "except OSError as e:\n    print('caught', e)\n")
    assert run_.status == "ok"
    assert run_.blocked == ["socket.create_connection(('1.1.1.1', 53))"]
    assert "network access is blocked" in run_.stdout


def test_dns_and_raw_sockets_are_blocked(tmp_path: Path) -> None:
    run_ = run(tmp_path, "import socket\nsocket.getaddrinfo('example.com', 80)\n")
    assert run_.status == "failed"
    assert run_.error.startswith("NetworkBlockedError")
    run_ = run(tmp_path, "import socket\nsocket.socket().connect(('127.0.0.1', 9))\n")
    assert run_.blocked == ["socket.connect(('127.0.0.1', 9))"]


def test_requests_to_other_hosts_escape_the_fake_and_are_recorded(tmp_path: Path) -> None:
    run_ = run(tmp_path, "import requests\ntry:\n    requests.get('https://example.com/x')\n"
               "except Exception:\n    pass\n")
    assert run_.escaped == ["GET https://example.com/x"]


def test_a_sample_that_never_ends_is_killed_at_the_timeout(tmp_path: Path) -> None:
    run_ = run(tmp_path, "while True:\n    pass\n", timeout=0.5)
    assert run_.status == "timeout"
    assert 0.5 <= run_.seconds < 3


def test_exceptions_are_reported_with_the_sample_traceback_only(tmp_path: Path) -> None:
    run_ = run(tmp_path, "import vinr\n\nvinr.Customer.retrieve('cust_0000')\n")
    assert run_.status == "failed"
    assert run_.error == "InvalidRequestError: 404 (resource_missing) No such customer: cust_0000."
    assert f'File "{tmp_path / "python.py"}", line 3' in run_.stderr
    assert "pyworker.py" not in run_.stderr and "runpy" not in run_.stderr


def test_exit_codes(tmp_path: Path) -> None:
    assert run(tmp_path, "raise SystemExit(0)\n").status == "ok"
    assert run(tmp_path, "raise SystemExit(3)\n").exit_code == 3


def test_a_bad_fixture_is_reported_as_a_fixture_error(tmp_path: Path) -> None:
    run_ = run(tmp_path, "import vinr\n", state={"custmers": []})
    assert run_.error.startswith("FixtureError: unknown key 'custmers'")


def test_jobs_run_in_parallel_and_keep_their_order(tmp_path: Path) -> None:
    jobs = []
    for n in range(6):
        sample = tmp_path / f"s{n}.py"
        sample.write_text(f"print({n})\n")
        jobs.append(Job(sample, None, 5.0))
    runs = execute(jobs, workers=2, src=ROOT / "src")
    assert [r.stdout.strip() for r in runs] == [str(n) for n in range(6)]
