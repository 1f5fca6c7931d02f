"""A site whose Try it cannot serve an operation must not build: `mkdocs build --strict` of a
broken copy of the project fails, naming the operation and its line in the spec.

The copies run their own sources (PYTHONPATH=copy/src), so an edit to the copy's mock.js is what
the build bundles. The operation broken is the spec's first, whatever it is.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

METHODS = ("get", "post", "put", "patch", "delete")


def edit_file(path: Path, change: Callable[[str], str]) -> None:
    """The fault must change the file (one that changes nothing proves nothing)."""
    text = path.read_text(encoding="utf-8")
    assert change(text) != text, f"the edit did not change {path}"
    path.write_text(change(text), encoding="utf-8")


def first_operation(project: Path) -> tuple[str, str, str, int]:
    """(path, method, operationId, line of its `operationId:`) of the spec's first operation."""
    text = (project / "docs" / "openapi.yaml").read_text(encoding="utf-8")
    spec = yaml.safe_load(text)
    for path, item in spec["paths"].items():
        for method in item:
            if method in METHODS:
                op_id = item[method]["operationId"]
                line = next(
                    n
                    for n, row in enumerate(text.splitlines(), 1)
                    if re.match(rf"\s+operationId:\s*{re.escape(op_id)}\s*$", row)
                )
                return path, method, op_id, line
    raise AssertionError("the spec has no operation")


def strict_build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "_s")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "VINR_VERIFY": "off",  # the samples are not what is broken here
            "PYTHONPATH": str(project / "src"),
        },
    )


def lines_near(output: str, line: int) -> set[int]:
    """Spec line numbers the build output names (docs/openapi.yaml:N)."""
    return {int(n) for n in re.findall(r"docs/openapi\.yaml:(\d+)", output)}


def assert_names_operation(build: subprocess.CompletedProcess[str], project: Path) -> None:
    _, _, op_id, line = first_operation(project)
    output = build.stdout + build.stderr
    assert build.returncode != 0, f"the build passed with Try it broken:\n{output[-3000:]}"
    assert op_id in output and "Try it" in output, output[-3000:]
    named = lines_near(output, line)
    # The line of the operation's declaration: within its operation object, below operationId.
    assert any(line - 3 <= n <= line + 40 for n in named), (line, named, output[-3000:])
    assert "Traceback" not in output, output[-3000:]


def test_a_mock_that_cannot_start_fails_the_build(project_copy: Path) -> None:
    """The issue's case: the page's mock threw in createMock (a missing handler); the strict
    build was green and every Try it on the site was broken."""
    edit_file(
        project_copy / "src" / "vinr_docs" / "tryit" / "mock.js",
        lambda s: re.sub(
            r"^(export function createMock\(.*\{\n)",
            r"\1  throw new Error(`${config.routes[0].operationId}: no mock handler`);\n",
            s,
            count=1,
            flags=re.M,
        ),
    )
    assert_names_operation(strict_build(project_copy), project_copy)


def test_a_mock_that_crashes_on_one_operation_fails_the_build(project_copy: Path) -> None:
    path, method, _, _ = first_operation(project_copy)
    literal = path.split("{")[0]
    edit_file(
        project_copy / "src" / "vinr_docs" / "tryit" / "mock.js",
        lambda s: s.replace(
            "function handle(api, session, request) {\n",
            "function handle(api, session, request) {\n"
            f"  if (request.method === {method.upper()!r} && "
            f"String(request.path).startsWith({literal!r})) throw new TypeError('boom');\n",
        ),
    )
    assert_names_operation(strict_build(project_copy), project_copy)


@pytest.mark.parametrize("declaration", ["removed", "unknown kind"])
def test_an_operation_without_a_behaviour_the_mocks_can_run_fails_the_build(
    project_copy: Path, declaration: str
) -> None:
    path, method, op_id, line = first_operation(project_copy)
    spec = project_copy / "docs" / "openapi.yaml"
    rows = spec.read_text(encoding="utf-8").splitlines(keepends=True)
    found = next(
        i for i in range(line, len(rows)) if rows[i].lstrip().startswith("x-vinr-behaviour:")
    )
    indent = rows[found][: len(rows[found]) - len(rows[found].lstrip())]
    end = found + 1
    while end < len(rows) and rows[end].startswith(indent + " "):
        end += 1
    replacement = [] if declaration == "removed" else [f"{indent}x-vinr-behaviour: {{frob: x}}\n"]
    edit_file(spec, lambda _: "".join(rows[:found] + replacement + rows[end:]))
    assert_names_operation(strict_build(project_copy), project_copy)
