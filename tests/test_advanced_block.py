"""The `/// advanced` markdown block and the ids it hides, independent of MkDocs."""

from __future__ import annotations

import markdown

from vinr_docs.advanced import advanced_ids

EXTENSIONS = [
    "attr_list",
    "md_in_html",
    "toc",
    "tables",
    "pymdownx.superfences",
    "vinr_docs.advanced",
]


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def test_block_wraps_markdown_in_advanced_div() -> None:
    html = render("Intro\n\n/// advanced\n### Params\n\n| a | b |\n| - | - |\n| 1 | 2 |\n///\n")
    assert '<div class="vinr-advanced">' in html
    assert "<table>" in html.split('<div class="vinr-advanced">', 1)[1]
    assert "Intro" in html.split('<div class="vinr-advanced">', 1)[0]


def test_advanced_ids_are_only_those_inside_blocks() -> None:
    html = render(
        "## Standard\n\n"
        "/// advanced\n### Inner\n\n<div markdown>\n**deep**{ #deep-field }\n</div>\n\n"
        "- **x**{ #field-x }\n///\n\n"
        "## After\n\n**y**{ #field-y }\n"
    )
    assert advanced_ids(html) == {"inner", "deep-field", "field-x"}
