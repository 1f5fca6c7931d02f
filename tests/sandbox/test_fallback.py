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


def test_the_engine_source_is_visible_even_when_it_lives_under_tmp() -> None:
    """A project copy (or a CI clone) under /tmp runs the engine's own zygote and launcher from
    the source tree this package was imported from, which the private /tmp would otherwise hide."""
    from pathlib import Path

    import vinr_docs
    from vinr_docs.sandbox.command import bwrap_command
    from vinr_docs.sandbox.records import Limits

    source = str(Path(vinr_docs.__file__).resolve().parents[1])
    argv = bwrap_command("bwrap", False, Path("/tmp/x/work"), [], Limits(), ["true"])
    binds = {argv[i + 1] for i, word in enumerate(argv) if word == "--ro-bind"}
    assert source in binds
