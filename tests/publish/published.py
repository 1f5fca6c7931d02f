"""What the tests of the published outputs derive from the project: its pages (discovered in
docs/), the spec, the snippets and the site's base URL."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from conftest import ROOT  # tests/conftest.py
from vinr_docs.markdown import load_spec
from vinr_docs.publish import page_markdown
from vinr_docs.publish.check import PublishedPage
from vinr_docs.publish.llms import copy_path

DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
SPEC = ROOT / "docs" / "openapi.yaml"
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def base_url() -> str:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^site_url:\s*(\S+)", text, re.M)
    return match[1] if match else ""


def source_pages(root: Path = ROOT) -> list[Path]:
    """Every page of the site (use_directory_urls is off: docs/a/b.md is a/b.html)."""
    return sorted((root / "docs").rglob("*.md"))


def published_pages(root: Path = ROOT) -> list[PublishedPage]:
    spec = load_spec(root / "docs" / "openapi.yaml")
    pages = []
    for path in source_pages(root):
        markdown = FRONT_MATTER.sub("", path.read_text(encoding="utf-8"), count=1)
        dest = path.relative_to(root / "docs").with_suffix(".html").as_posix()
        pages.append(PublishedPage(copy_path(dest), page_markdown(markdown, root, spec)))
    return pages


def site_copy(site: Path, dest: Path) -> Path:
    shutil.copytree(site, dest)
    return dest


def front_matter(path: Path) -> dict:
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    return yaml.safe_load(match[0].strip("-\n")) if match else {}
