"""Break a copy of the project; `mkdocs build` (without --strict) must fail and say exactly
where: the snippet file and line, the page and tab, and what differed."""

from __future__ import annotations

from pathlib import Path

import pytest
from fault_helpers import build, edit

from derived import acting, response_field
from vinr_docs.engine import Settings
from vinr_docs.engine.pipeline import discover_samples
from vinr_docs.spec import load as load_spec

pytestmark = pytest.mark.slow
# The update operation's primary sample, a field of its response to break, and the delete
# operation's: found in the spec, never named.
UPDATE = acting("update").sample_folder
FIELD, GOOD, BAD = response_field(UPDATE)
DELETE = acting("delete").sample_folder


def page_line(project: Path, folder: str) -> str:
    """`docs/…/<page>.md:<line>` of the `/// sample | folder` line that shows `folder`."""
    for page in sorted((project / "docs").rglob("*.md")):
        for number, line in enumerate(page.read_text().splitlines(), 1):
            if line.strip() == f"/// sample | {folder}":
                return f"{page.relative_to(project).as_posix()}:{number}"
    raise AssertionError(f"no page shows {folder}")


def test_the_unbroken_copy_builds_and_says_what_it_verified(project_copy: Path) -> None:
    result = build(project_copy)
    assert result.returncode == 0, result.stderr[-5000:]
    settings = Settings.for_project(project_copy)
    samples = discover_samples(settings, load_spec(settings.spec)).samples
    assert f"verified {len(samples)} samples against the fake VINR API" in result.stderr
    assert "coverage:" in result.stderr
    assert all(op.id in result.stderr for op in load_spec(settings.spec).operations)


def test_a_wrong_documented_response_fails_the_build_naming_page_and_tab(
    project_copy: Path,
) -> None:
    edit(
        project_copy,
        f"snippets/{UPDATE}/response.json",
        lambda s: s.replace(f'"{FIELD}": {GOOD}', f'"{FIELD}": {BAD}'),
    )
    result = build(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    where = page_line(project_copy, UPDATE)
    for language, tab in (
        ("python.py", "Python"),
        ("node.js", "JavaScript"),
        ("ruby.rb", "Ruby"),
        ("curl.sh", "curl"),
    ):
        assert f"✗ snippets/{UPDATE}/{language}" in output
        assert f'shown at {where}, tab "{tab}"' in output
    assert f'-  "{FIELD}": {BAD}' in output and f'+  "{FIELD}": {GOOD}' in output
    assert "\nTraceback (most recent call last)" not in output  # no unhandled crash


def test_a_missing_language_file_fails_the_build(project_copy: Path) -> None:
    (project_copy / f"snippets/{DELETE}/ruby.rb").unlink()
    result = build(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"snippets/{DELETE}/ruby.rb" in output


def test_an_unmarked_code_block_fails_the_build(project_copy: Path) -> None:
    edit(project_copy, "docs/index.md", lambda s: s + "\n```bash\ncurl https://x.invalid\n```\n")
    result = build(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/index.md:" in output and "a code block that nothing executes" in output
