"""The GitHub Actions workflow: linted by actionlint and zizmor with zero findings (`make
lint-workflows`, part of `make test`), actions pinned to full commit SHAs, and every step that
does work a Makefile target that `make test` runs too. Each lint is shown to catch a fault."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT  # tests/conftest.py

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def workflow_files() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))


def lint(directory: Path) -> list[subprocess.CompletedProcess[str]]:
    files = [str(p) for p in sorted(directory.glob("*.y*ml"))]
    return [
        subprocess.run([str(BIN / "actionlint"), *files], capture_output=True, text=True),
        subprocess.run(
            [str(BIN / "zizmor"), "--offline", str(directory)], capture_output=True, text=True
        ),
    ]


def steps(path: Path) -> list[dict]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [step for job in document["jobs"].values() for step in job.get("steps", [])]


def test_the_workflows_lint_clean() -> None:
    assert workflow_files()
    for result in lint(WORKFLOWS):
        assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in lint(WORKFLOWS)[1].stdout


def test_actions_are_pinned_to_a_commit_with_its_version() -> None:
    for path in workflow_files():
        lines = path.read_text(encoding="utf-8").splitlines()
        uses = [line.split("uses:", 1)[1].strip() for line in lines if "uses:" in line]
        assert uses
        for ref in uses:
            assert PINNED.match(ref), f"{path.name}: {ref} is not pinned to a full commit SHA"


def make_test_targets() -> set[str]:
    """`test` and the targets it depends on (directly or through them)."""
    rules = dict(re.findall(r"^([\w-]+):([^=\n]*)$", (ROOT / "Makefile").read_text(), re.M))
    seen, todo = set(), ["test"]
    while todo:
        target = todo.pop()
        if target not in seen:
            seen.add(target)
            todo += rules.get(target, "").split()
    return seen


def test_every_run_step_is_a_target_that_make_test_runs() -> None:
    targets = make_test_targets()
    for path in workflow_files():
        for step in steps(path):
            if "run" in step:
                command = step["run"].strip()
                match = re.fullmatch(r"make ([\w-]+)", command)
                assert match, f"{path.name}: '{command}' is not one make target"
                assert match[1] in targets, f"{path.name}: make test never runs '{command}'"


@pytest.mark.parametrize(
    ("fault", "tool"),
    [
        (lambda t: re.sub(r"@[0-9a-f]{40} # (v\d+)[.\d]*", r"@\1", t, count=1), "zizmor"),
        (lambda t: t.replace("permissions: {}", "permissions: write-all", 1), "zizmor"),
        (lambda t: t.replace("persist-credentials: false", "persist-credentials: true"), "zizmor"),
        (lambda t: t.replace("github.event_name", "github.event_nam", 1), "actionlint"),
        (lambda t: t.replace("runs-on: ubuntu-24.04", "runs-on: ubuntu-2404", 1), "actionlint"),
    ],
)
def test_each_lint_catches_a_fault(tmp_path: Path, fault, tool: str) -> None:  # type: ignore[no-untyped-def]
    directory = tmp_path / "workflows"
    shutil.copytree(WORKFLOWS, directory)
    for path in directory.glob("*.y*ml"):
        before = path.read_text(encoding="utf-8")
        path.write_text(fault(before), encoding="utf-8")
        assert fault(before) != before, "the fault must change the workflow"
    actionlint, zizmor = lint(directory)
    failed = {"actionlint": actionlint, "zizmor": zizmor}[tool]
    assert failed.returncode != 0, failed.stdout + failed.stderr
