"""Files: only a private, size-limited /tmp (also HOME) and the workdir entries named writable
are writable; the workdir itself is read-only. Environment: exactly the
given variables plus PATH and locale; nothing from the build's environment."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from .conftest import PYTHON, plain, sandboxed

PROJECT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent(
    """\
    import os, sys
    def attempt(path, mode):
        try:
            with open(path, mode) as handle:
                handle.write("")
            return "ok"
        except OSError as error:
            return "denied"
    for path, mode in [(sys.argv[1], "a"), (sys.argv[2], "w"), ("here.txt", "w"),
                       (os.path.expanduser("~/home.txt"), "w"), ("/tmp/vinr-sandbox-private", "w")]:
        print(attempt(path, mode))
    """
)


def test_project_tree_and_workdir_are_read_only_and_home_is_private(workdir: Path) -> None:
    snippet = next((PROJECT / "snippets").rglob("*.*"))
    new_in_repo = PROJECT / "vinr-sandbox-escape.txt"
    (workdir / "writer.py").write_text(WRITER)
    before = snippet.read_bytes()
    result = sandboxed([PYTHON, "writer.py", str(snippet), str(new_in_repo)], workdir)
    assert result.stdout.split() == ["denied", "denied", "denied", "ok", "ok"], result
    assert snippet.read_bytes() == before and not new_in_repo.exists()
    assert not (workdir / "here.txt").exists() and not (workdir / "home.txt").exists()
    assert not Path("/tmp/vinr-sandbox-private").exists()
    assert os.access(snippet, os.W_OK) and os.access(PROJECT, os.W_OK)  # control: host can write


def test_build_secrets_are_not_visible(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VINR_CANARY_SECRET", "canary-7f3a")
    show = [PYTHON, "-c", "import os; print(sorted(os.environ.items()))"]
    result = sandboxed(show, workdir, {"VINR_API_KEY": "sk_test_placeholder"})
    assert "canary-7f3a" not in result.stdout + result.stderr
    assert "sk_test_placeholder" in result.stdout and "('HOME', '/tmp')" in result.stdout
    names = {name for name, _ in eval(result.stdout)}  # noqa: S307 (our own repr)
    assert names <= {"VINR_API_KEY", "HOME", "PATH", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "PWD"}
    assert "canary-7f3a" in plain(show).stdout  # control: a plain child would have seen it
