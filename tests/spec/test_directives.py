"""The `vinr_docs.markdown` directives and build checks, on small pages (no MkDocs build)."""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest
import yaml

from derived import error_snippets
from vinr_docs.markdown import DirectiveError, check_site, expected_files, missing_files
from vinr_docs.markdown.checks import Page
from vinr_docs.markdown.render import slug
from vinr_docs.spec import load

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "docs" / "openapi.yaml"
SNIPPETS = ROOT / "snippets"
SPEC = load(SPEC_PATH)
# An operation with a required body parameter and a variant folder, and another operation:
# found in the spec, never named, so the tests follow whatever the spec holds.
OP = next(
    op
    for op in SPEC.operations
    if any(p.location == "body" and p.required for p in op.parameters)
    and any(SNIPPETS.glob(f"{op.sample_folder}-*/python.py"))
)
OTHER = next(op for op in SPEC.operations if op is not OP)
VARIANT = sorted(SNIPPETS.glob(f"{OP.sample_folder}-*/python.py"))[0].parent
VARIANT_FOLDER = VARIANT.relative_to(SNIPPETS).as_posix()
BODY_PARAM = next(p for p in OP.parameters if p.location == "body" and p.required)
CREATE = f"## {OP.summary}\n\n/// endpoint | {OP.id}\n\n"
# The folder holding OP's samples, and a folder in it that does not exist.
GROUP = OP.sample_folder.rsplit("/", 1)[0]
NOPE = f"{GROUP}/nope"
# A schema with a described property: the `/// object` directive renders it.
SCHEMA, FIELD = next(
    (name, field)
    for name, schema in SPEC.raw["components"]["schemas"].items()
    for field, prop in (schema.get("properties") or {}).items()
    if prop.get("description")
)


def render(text: str, spec: Path = SPEC_PATH) -> str:
    extensions = [
        "attr_list",
        "md_in_html",
        "toc",
        "tables",
        "pymdownx.superfences",
        "pymdownx.tabbed",
        "pymdownx.snippets",
        "vinr_docs.advanced",
        "vinr_docs.markdown",
    ]
    configs = {
        "pymdownx.tabbed": {"alternate_style": True},
        "pymdownx.snippets": {"base_path": [str(SNIPPETS)], "check_paths": True},
        "vinr_docs.markdown": {"spec": str(spec), "snippets": str(SNIPPETS)},
    }
    return markdown.markdown(text, extensions=extensions, extension_configs=configs)


def problems(text: str, snippets: Path = SNIPPETS) -> list[tuple[str, str]]:
    return [(p.kind, p.where) for p in check_site(SPEC, [Page("page.md", text)], snippets)]


def test_primary_sample_goes_into_the_code_pane() -> None:
    html = render(CREATE + f"Prose.\n\n/// sample | {OP.sample_folder}\n")
    assert f'<div class="vinr-operation" data-operation="{OP.id}">' in html
    text_pane, code_pane = html.split('<div class="vinr-operation__code">')
    assert "Prose." in text_pane and "vinr-endpoint" in text_pane
    assert 'class="vinr-sample vinr-sample--primary"' in code_pane
    for label in ("curl", "JavaScript", "Python", "Ruby"):
        assert f">{label}</label>" in code_pane


def test_variant_sample_without_a_primary_stays_in_the_text() -> None:
    html = render(CREATE + f"/// advanced\n/// sample | {VARIANT_FOLDER}\n///\n")
    assert "vinr-operation" not in html  # no primary sample: no two panes
    assert (
        f'<div class="vinr-sample" data-operation="{OP.id}" data-sample="{VARIANT_FOLDER}">' in html
    )


def test_variant_samples_go_under_the_primary_in_the_code_pane() -> None:
    html = render(
        CREATE
        + f"/// sample | {OP.sample_folder}\n\n/// advanced\n### Retry {{ #retry }}\n\nWhy.\n\n"
        + f"/// sample | {VARIANT_FOLDER}\n///\n"
    )
    text_pane, code_pane = html.split('<div class="vinr-operation__code">')
    assert "Why." in text_pane and VARIANT_FOLDER not in text_pane
    variant = code_pane.split('class="vinr-variant vinr-advanced"')[1]
    assert '<a href="#retry">Retry</a>' in variant and VARIANT_FOLDER in variant


def test_errors_are_response_variants_of_the_primary_sample() -> None:
    html = render(CREATE + f"/// sample | {OP.sample_folder}\n\n/// errors | {OP.id}\n")
    code_pane = html.split('<div class="vinr-operation__code">')[1]
    for example in OP.error_examples:
        assert f">{example.status} {example.summary}</label>" in code_pane
    assert ">200 OK</label>" in code_pane


def test_parameters_say_where_whether_and_what() -> None:
    html = render(CREATE + f"/// parameters | {OP.id}\n")
    assert "vinr-params" in html and "<table" not in html  # one list, no second table
    anchor = f"{slug(OP.summary)}-param-{slug(BODY_PARAM.name)}"
    assert f'id="{anchor}"' in html
    assert f'href="#{anchor}" aria-label="Link to {BODY_PARAM.name}"' in html
    item = html.split(f'id="{anchor}"')[1].split("</li>")[0]
    assert "in body" in item and "required" in item
    listed = html.split("vinr-params", 1)[1]
    for auth in SPEC.auth_parameters(OP):
        assert auth.name not in listed  # stated once at the top of the page, not per operation
        assert html.count(f"<code>{auth.name}</code>") == 1


def test_directives_in_code_fences_are_left_alone() -> None:
    html = render(f"```markdown\n/// sample | {NOPE}\n```\n")
    assert f"/// sample | {NOPE}" in html


def test_unknown_names_raise() -> None:
    with pytest.raises(DirectiveError, match=f"line 3: /// parameters | {OP.id}x"):
        render(f"## {OP.summary}\n\n/// parameters | {OP.id}x\n")
    with pytest.raises(DirectiveError, match="unknown schema"):
        render(f"/// object | {SCHEMA}x\n")


def test_a_spec_description_change_changes_the_page(tmp_path: Path) -> None:
    document = yaml.safe_load(SPEC_PATH.read_text())
    document["components"]["schemas"][SCHEMA]["properties"][FIELD]["description"] = (
        "Where receipts go."
    )
    changed = tmp_path / "openapi.yaml"
    changed.write_text(yaml.safe_dump(document, sort_keys=False))
    assert "Where receipts go." in render(f"/// object | {SCHEMA}\n", spec=changed)
    assert "Where receipts go." not in render(f"/// object | {SCHEMA}\n")


def test_expected_and_missing_files(tmp_path: Path) -> None:
    folder = OP.sample_folder
    assert expected_files(folder) == [
        f"{folder}/{name}"
        for name in ("curl.sh", "node.js", "python.py", "ruby.rb", "response.json")
    ]
    (tmp_path / "made-up" / "x").mkdir(parents=True)
    (tmp_path / "made-up" / "x" / "python.py").write_text("")
    assert missing_files("made-up/x", tmp_path)[0] == "made-up/x/curl.sh"


def test_checks_pass_on_the_real_pages() -> None:
    pages = [Page(str(p), p.read_text()) for p in (ROOT / "docs").rglob("*.md")]
    assert check_site(SPEC, pages, SNIPPETS) == []


def test_sample_in_the_wrong_section() -> None:
    found = problems(CREATE + f"/// sample | {OTHER.sample_folder}\n")
    assert ("sample_wrong_section", "page.md:5") in found


def test_sample_without_endpoint_and_unknown_folder() -> None:
    found = problems(f"## Intro\n\n/// sample | {OP.sample_folder}\n/// sample | {NOPE}\n")
    assert ("sample_wrong_section", "page.md:3") in found
    assert ("unknown_folder", "page.md:4") in found


def test_hand_written_parameter_table() -> None:
    found = problems(CREATE + "| Name | Type |\n| ---- | ---- |\n| `sort` | string |\n")
    assert ("hand_written_table", "page.md:5") in found


def test_operations_without_samples() -> None:
    found = problems(CREATE + f"/// sample | {OP.sample_folder}\n")
    missing = {where for kind, where in found if kind == "operation_without_samples"}
    assert missing == {f"{SPEC.path}: {op.id}" for op in SPEC.operations if op is not OP}


def test_orphan_snippet_folder(tmp_path: Path) -> None:
    snippets = tmp_path / "snippets"
    shutil.copytree(SNIPPETS, snippets)
    (snippets / GROUP / "frobnicate").mkdir()
    found = problems("", snippets)
    assert ("orphan_folder", f"snippets/{GROUP}/frobnicate/") in found
    # A folder of error bodies (found on disk) is no orphan, though no page shows it as a sample.
    errors = {p.parent.relative_to(SNIPPETS).as_posix() for p in error_snippets()}
    errors = {folder for folder in errors if folder.endswith("/errors")}
    assert errors, "no errors/ folder under snippets/"
    for folder in errors:
        assert ("orphan_folder", f"snippets/{folder}/") not in found
