"""Try it and `make mock` start from the state of the page in question, found from the pages:
a page (or a run) with no state of its own is an author's error naming the page and the file to
add, never a silent fall back to another page's data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build  # tests/conftest.py
from derived import SPEC
from vinr_docs.tryit.generate import load_config
from vinr_docs.tryit.pages import default_state, missing_states, page_states, state_chain

STATE = "state.json"
# A state naming one collection of the spec's (its first resource's), empty.
EMPTY = {next(iter(SPEC.raw["x-vinr-resources"].values()))["collection"]: []}


def layout(root: Path, pages: dict[str, list[str]], states: dict[str, dict]) -> Path:
    """A project skeleton: docs/<page>.md showing each folder as an operation's sample, and
    snippets/<path> state files."""
    for name, folders in pages.items():
        lines = [
            f"## Op {i}\n\n/// endpoint | op{i}\n\n/// sample | {f}\n"
            for i, f in enumerate(folders)
        ]
        (root / "docs").mkdir(parents=True, exist_ok=True)
        (root / "docs" / f"{name}.md").write_text("# Page\n\n" + "\n".join(lines))
        for folder in folders:
            (root / "snippets" / folder).mkdir(parents=True, exist_ok=True)
    for path, data in states.items():
        (root / "snippets" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "snippets" / path).write_text(json.dumps(data))
    return root


def test_the_default_is_the_state_every_page_state_extends() -> None:
    states = page_states(ROOT / "docs", ROOT / "snippets", ROOT).values()
    shared = default_state(states)
    assert shared is not None
    assert all(shared in [p.resolve() for p in state_chain(s)] for s in states)


def test_pages_sharing_no_state_have_no_default_and_the_bundle_default_is_empty(
    tmp_path: Path,
) -> None:
    project = layout(
        tmp_path,
        {"one": ["ones/create"], "two": ["twos/create"]},
        {"ones/state.json": EMPTY, "twos/state.json": EMPTY},
    )
    states = page_states(project / "docs", project / "snippets", project)
    assert len(states) == 2 and default_state(states.values()) is None
    config = load_config(project=project)  # the real spec, this skeleton's pages
    assert all(items == [] for items in config["state"]["collections"].values())


def test_a_page_without_state_is_named_with_the_file_to_add(tmp_path: Path) -> None:
    project = layout(
        tmp_path,
        {"kept": ["kept/create"], "orphan": ["orphans/create", "orphans/list"]},
        {"kept/state.json": {}},
    )
    [problem] = missing_states(project / "docs", project / "snippets", project)
    assert problem.startswith("docs/orphan.md:5: ")
    assert "snippets/orphans/state.json" in problem and "orphans/create, orphans/list" in problem


def test_a_build_fails_naming_a_reference_page_whose_state_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the page's panels silently started from another page's data (the bundle's
    default state) and the build was green."""
    monkeypatch.setenv("VINR_VERIFY", "off")  # the samples would fail too; Try it must say so
    project = copy_project(tmp_path / "project")
    states = page_states(project / "docs", project / "snippets", project)
    chains = {page: [p.resolve() for p in state_chain(state)] for page, state in states.items()}
    # A page whose own state file no other page's state extends: remove it.
    page, state = next(
        (page, chain[0])
        for page, chain in chains.items()
        if not any(chain[0] in other for p, other in chains.items() if p != page)
    )
    state.unlink()
    result = mkdocs_build(project, tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode != 0, log[-3000:]
    label = page.relative_to(project.resolve()).as_posix()
    assert f"{label}:" in log and "Try it has no starting data for this page" in log, log[-3000:]
    assert "Traceback" not in log, log[-3000:]


def first_line_of_mock(project: Path) -> tuple[int | None, str, str]:
    """Start `python -m vinr_docs.fake` (what `make mock` runs) in `project`: (exit code or None
    while serving, its first line of output, its errors)."""
    command = [sys.executable, "-m", "vinr_docs.fake", "--port", "0"]
    command += ["--spec", str(ROOT / "docs" / "openapi.yaml")]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(
        command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as server:
        assert server.stdout is not None and server.stderr is not None
        line = server.stdout.readline()  # the banner, or '' when it exits
        code = server.poll() if line else server.wait(timeout=20)
        if code is None:
            server.terminate()
        return code, line, server.stderr.read() if code is not None else ""


def test_make_mock_starts_from_the_state_every_page_extends(tmp_path: Path) -> None:
    project = layout(
        tmp_path,
        {"one": ["ones/create"], "two": ["twos/create"]},
        {
            "ones/state.json": EMPTY,
            "twos/state.json": {"extends": "../ones/state.json"},
        },
    )
    code, line, _ = first_line_of_mock(project)
    assert code is None and "ones/state.json" in line, line


def test_make_mock_says_what_to_pass_when_pages_share_no_state(tmp_path: Path) -> None:
    """Before: it served snippets/customers/state.json, or nothing at all when that file was
    missing, without a word."""
    project = layout(
        tmp_path,
        {"one": ["ones/create"], "two": ["twos/create"]},
        {"ones/state.json": EMPTY, "twos/state.json": EMPTY},
    )
    code, line, errors = first_line_of_mock(project)
    assert code == 2, (line, errors)
    assert "share no state.json" in errors and "PAGE=docs/<page>.md" in errors, errors
