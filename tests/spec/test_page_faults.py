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

from conftest import ROOT, edit_file, reference_sources
from vinr_docs.markdown.directives import scan
from vinr_docs.spec import load

pytestmark = pytest.mark.slow
# A reference page found by discovery, and what its directives document (nothing named here).
SOURCE = next(iter(reference_sources().values()))
PAGE = SOURCE.relative_to(ROOT).as_posix()
SPEC = load(ROOT / "docs" / "openapi.yaml")
DIRECTIVES = list(scan(SOURCE.read_text(encoding="utf-8").splitlines()))
PARAMETERS = next(d for d in DIRECTIVES if d.name == "parameters")
# Main sample blocks, each in the section of its operation: (directive, operation).
MAIN = [
    (d, SPEC.operation(d.section.operation))
    for d in DIRECTIVES
    if d.name == "sample"
    and d.section.operation
    and SPEC.operation(d.section.operation).sample_folder == d.arg
]


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
    wrong = PARAMETERS.arg + "x"
    edit_page(
        project_copy,
        lambda t: t.replace(f"/// parameters | {PARAMETERS.arg}\n", f"/// parameters | {wrong}\n"),
    )
    assert_fails(
        build(project_copy),
        line_of(project_copy, f"/// parameters | {wrong}"),
        f"has no operation '{wrong}'",
    )


def test_hand_written_parameter_row(project_copy: Path) -> None:
    table = "| Name | In |\n| ---- | -- |\n| `sort` | query |\n"
    edit_page(
        project_copy,
        lambda t: t.replace(
            f"/// parameters | {PARAMETERS.arg}\n", f"/// parameters | {PARAMETERS.arg}\n\n{table}"
        ),
    )
    assert_fails(build(project_copy), line_of(project_copy, "| Name | In |"), "hand-written table")


def test_sample_block_in_the_wrong_section(project_copy: Path) -> None:
    (here, mine), (_, other) = MAIN[0], next(m for m in MAIN if m[1] is not MAIN[0][1])
    edit_page(
        project_copy,
        lambda t: t.replace(
            f"/// sample | {here.arg}\n", f"/// sample | {other.sample_folder}\n", 1
        ),
    )
    lines = (project_copy / PAGE).read_text().splitlines()
    first = f"{PAGE}:{lines.index(f'/// sample | {other.sample_folder}') + 1}"
    assert_fails(
        build(project_copy),
        first,
        f"shows {other.id}",
        f"'{here.section.title}' documents {mine.id}",
    )


def test_operation_without_samples(project_copy: Path) -> None:
    _, operation = MAIN[-1]
    edit_page(project_copy, lambda t: t.replace(f"/// sample | {operation.sample_folder}\n", ""))
    assert_fails(build(project_copy), f"{operation.id}: no page shows its samples")


def test_snippet_folder_naming_no_operation(project_copy: Path) -> None:
    resource = SPEC.operations[0].sample_folder.split("/")[0]
    name = f"{resource}/zz-names-no-operation"
    assert SPEC.operation_for_folder(name) is None
    folder = project_copy / "snippets" / name
    folder.mkdir()
    (folder / "python.py").write_text("import vinr\n")
    assert_fails(build(project_copy), f"snippets/{name}/: names no operation")


def shown_object() -> tuple[str, str]:
    """(built page, schema name) of the first `/// object` on a discovered reference page."""
    for page, source in reference_sources().items():
        for directive in scan(source.read_text(encoding="utf-8").splitlines()):
            if directive.name == "object":
                return page, directive.arg
    raise AssertionError("no reference page shows an object (`/// object | <Schema>`)")


def refs(node: object) -> list[str]:
    """The component names a raw schema refers to (`$ref`), depth first."""
    if isinstance(node, dict):
        own = [node["$ref"].rsplit("/", 1)[-1]] if "$ref" in node else []
        return own + [name for value in node.values() for name in refs(value)]
    if isinstance(node, list):
        return [name for value in node for name in refs(value)]
    return []


def test_spec_changes_show_on_the_page(project_copy: Path) -> None:
    """A property's description and a length bound of a schema it refers to, edited in the
    spec, show on the page of the first object shown (both taken from the spec)."""
    from vinr_docs.markdown.render import slug
    from vinr_docs.spec.schemas import constraints

    page, name = shown_object()
    path = project_copy / "docs" / "openapi.yaml"
    spec = yaml.safe_load(path.read_text())
    schemas = spec["components"]["schemas"]
    described = next(p for p in schemas[name]["properties"].values() if "description" in p)
    described["description"] = "Where we text the buyer."
    field, bounded = next(
        (
            (prop, schemas[r])
            for prop, value in schemas[name]["properties"].items()
            for r in refs(value)
            if "maxLength" in schemas[r]
        ),
        (None, None),
    )
    assert bounded, f"no property of {name} refers to a schema with a maxLength; the test needs one"

    def length() -> str:  # the bound in words, as the page says it
        return next(words for words in constraints(bounded) if "characters" in words)

    old = length()
    bounded["maxLength"] = max(bounded.get("minLength", 0) + 1, bounded["maxLength"] - 56)
    new = length()
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))
    result = build(project_copy)
    assert result.returncode == 0, result.stderr
    html = (project_copy / "_site" / page).read_text()
    assert "Where we text the buyer." in html
    # The field's own item on the page (its id as the renderer names it).
    item = f'<li id="{slug(name)}-object-{slug(field)}">'
    assert item in html, f"{page} has no {item}"
    shown = html.split(item, 1)[1].split("<li id=", 1)[0]
    assert new in shown and old not in shown, (old, new, shown)
