"""Break a copy of the project one way; `mkdocs build` must fail and name the file and line,
or (for a spec change) the built page must show the change."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import edit_file

pytestmark = pytest.mark.slow
PAGE = "docs/api-reference/customers.md"


def build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "_site")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "VINR_VERIFY": "off"},
    )


def edit_page(project: Path, change: Callable[[str], str]) -> None:
    edit_file(project / PAGE, change)


def line_of(project: Path, text: str) -> str:
    lines = (project / PAGE).read_text().splitlines()
    [number] = [n for n, line in enumerate(lines, 1) if line == text]
    return f"{PAGE}:{number}"


def assert_fails(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build passed:\n{output}"
    for text in expected:
        assert text in output, f"{text!r} not in the build output:\n{output}"
    assert "Traceback (most recent call last)" not in output, output


def test_unknown_operation_in_a_directive(project_copy: Path) -> None:
    edit_page(
        project_copy,
        lambda t: t.replace("/// parameters | listCustomers", "/// parameters | listCustomer"),
    )
    assert_fails(
        build(project_copy),
        line_of(project_copy, "/// parameters | listCustomer"),
        "has no operation 'listCustomer'",
    )


def test_hand_written_parameter_row(project_copy: Path) -> None:
    table = "| Name | In |\n| ---- | -- |\n| `sort` | query |\n"
    edit_page(
        project_copy,
        lambda t: t.replace(
            "/// parameters | listCustomers\n", f"/// parameters | listCustomers\n\n{table}"
        ),
    )
    assert_fails(build(project_copy), line_of(project_copy, "| Name | In |"), "hand-written table")


def test_sample_block_in_the_wrong_section(project_copy: Path) -> None:
    edit_page(
        project_copy,
        lambda t: t.replace(
            "/// sample | customers/create\n", "/// sample | customers/update\n", 1
        ),
    )
    lines = (project_copy / PAGE).read_text().splitlines()
    first = f"{PAGE}:{lines.index('/// sample | customers/update') + 1}"
    assert_fails(
        build(project_copy),
        first,
        "shows updateCustomer",
        "'Create a customer' documents createCustomer",
    )


def test_operation_without_samples(project_copy: Path) -> None:
    edit_page(project_copy, lambda t: t.replace("/// sample | customers/delete\n", ""))
    assert_fails(build(project_copy), "deleteCustomer: no page shows its samples")


def test_snippet_folder_naming_no_operation(project_copy: Path) -> None:
    folder = project_copy / "snippets" / "customers" / "search"
    folder.mkdir()
    (folder / "python.py").write_text("import vinr\n")
    assert_fails(build(project_copy), "snippets/customers/search/: names no operation")


def test_spec_changes_show_on_the_page(project_copy: Path) -> None:
    path = project_copy / "docs" / "openapi.yaml"
    spec = yaml.safe_load(path.read_text())
    schemas = spec["components"]["schemas"]
    schemas["Customer"]["properties"]["phone"]["description"] = "Where we text the buyer."
    schemas["CustomerName"]["maxLength"] = 200
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))
    result = build(project_copy)
    assert result.returncode == 0, result.stderr
    html = (project_copy / "_site" / "api-reference" / "customers.html").read_text()
    assert "Where we text the buyer." in html
    assert "1–200 characters" in html and "1–256 characters" not in html
