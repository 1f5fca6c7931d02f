"""Without namespaces: still runs (listener on host loopback), says what is missing, and refuses
when isolation is required."""

from __future__ import annotations

from pathlib import Path

import pytest

from vinr_docs.sandbox import IsolationUnavailable, Limits, execute, probe, run
from vinr_docs.sandbox.modes import Mode

from .conftest import OneShotServer

CURL = ["bash", "-c", 'curl -s -m 5 "$VINR_API_BASE/ping"']


@pytest.fixture
def no_namespaces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(execute, "current_mode", lambda: Mode.PLAIN)
    monkeypatch.delenv("CI", raising=False)


def test_this_machine_provides_full_isolation() -> None:
    """CI and `make test` run here: a missing piece must fail, not pass quietly."""
    assert probe().missing() == []


@pytest.mark.usefixtures("no_namespaces")
def test_fallback_runs_and_reports_what_is_missing(workdir: Path) -> None:
    server = OneShotServer()
    result = run(CURL, workdir=workdir, env={}, limits=Limits(), on_listen=server)
    assert result.stdout == "pong" and result.exit_code == 0, result
    assert result.isolation.missing() == ["network", "filesystem", "pid", "limits"]
    assert "missing isolation: network" in result.isolation.notice()


@pytest.mark.usefixtures("no_namespaces")
def test_required_isolation_raises_instead_of_downgrading(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(IsolationUnavailable) as raised:
        run(["true"], workdir=workdir, env={}, limits=Limits(), require=True)
    assert "network" in raised.value.missing
    monkeypatch.setenv("CI", "1")
    with pytest.raises(IsolationUnavailable):
        run(["true"], workdir=workdir, env={}, limits=Limits())
