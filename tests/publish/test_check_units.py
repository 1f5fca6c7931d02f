"""The copy check on its own: awkward snippets (backtick runs, no final newline) still verify, and
a claim cannot reach outside the snippets folder or hide a changed sample."""

from __future__ import annotations

from pathlib import Path

from vinr_docs.markdown import load_spec
from vinr_docs.publish.check import check_copy, shown_snippets
from vinr_docs.publish.copy import page_copy

from .published import SPEC

PAGE = 'Intro.\n\n<!-- not executed: an example -->\n```text\n--8<-- "odd/sample.md"\n```\n'


def snippets(tmp_path: Path) -> Path:
    folder = tmp_path / "snippets"
    (folder / "odd").mkdir(parents=True)
    (folder / "odd" / "sample.md").write_text("a\n```js\nx()\n```\nno final newline")
    return folder


def test_a_snippet_with_fences_inside_and_no_final_newline_verifies(tmp_path: Path) -> None:
    folder = snippets(tmp_path)
    copy = page_copy(load_spec(SPEC), folder, "Odd", "", PAGE)
    assert copy.claims == ["odd/sample.md"]
    assert "````text snippet=" in copy.text
    assert check_copy(copy.text, "odd.md", folder, shown_snippets(PAGE, folder)) == []
    changed = copy.text.replace("x()", "y()")
    assert any("byte for byte" in p for p in check_copy(changed, "odd.md", folder, set()))


def test_a_claim_outside_the_snippets_folder_fails(tmp_path: Path) -> None:
    folder = snippets(tmp_path)
    (tmp_path / "secret.txt").write_text("outside\n")
    text = '```text snippet="../secret.txt"\noutside\n```\n'
    problems = check_copy(text, "odd.md", folder, set())
    assert problems and "does not exist" in problems[0]
