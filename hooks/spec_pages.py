"""MkDocs hook: checks the spec-driven pages before anything is rendered.

The pages' directives (`/// sample | customers/create`, …) are rendered by the markdown
extension `vinr_docs.markdown`; this hook fails the build, naming the file and line, when a
directive names something the spec lacks, a sample sits in another operation's section, an
operation has no samples, or a snippet folder names no operation.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from vinr_docs.markdown import check_site, load_spec, missing_files
from vinr_docs.markdown.checks import Page
from vinr_docs.markdown.directives import scan
from vinr_docs.spec import SpecError

EXTENSION = "vinr_docs.markdown"
log = logging.getLogger("mkdocs.hooks.spec_pages")


def _settings(config: MkDocsConfig) -> tuple[Path, Path, Path]:
    """(project, spec, snippets) as configured for the markdown extension in mkdocs.yml."""
    project = Path(config.config_file_path).parent
    options = config.mdx_configs.get(EXTENSION, {})
    spec = project / options.get("spec", "docs/openapi.yaml")
    return project, spec, project / options.get("snippets", "snippets")


def _pages(files: Files, config: MkDocsConfig, project: Path) -> list[Page]:
    docs = Path(config.docs_dir)
    label_root = docs.relative_to(project) if docs.is_relative_to(project) else docs
    return [
        Page(f"{label_root / file.src_uri}", file.content_string)
        for file in files.documentation_pages()
    ]


def _report_incomplete_folders(pages: list[Page], snippets: Path) -> None:
    """A folder without every language is shown with the tabs it has; say which are missing."""
    for page in pages:
        for directive in scan(page.text.splitlines()):
            if directive.name == "sample" and (missing := missing_files(directive.arg, snippets)):
                log.info(
                    "%s:%d: %s has no %s yet",
                    page.label,
                    directive.line,
                    directive.arg,
                    ", ".join(Path(path).name for path in missing),
                )


def on_files(files: Files, config: MkDocsConfig, **_: Any) -> Files:
    if config.get("vinr_bad_inputs"):  # mkdocs serve shows them (hooks/verify_samples.py)
        return files
    project, spec_path, snippets = _settings(config)
    try:
        spec = load_spec(spec_path)
    except SpecError as error:
        raise PluginError(str(error)) from error
    pages = _pages(files, config, project)
    problems = check_site(spec, pages, snippets)
    if problems:
        raise PluginError(
            f"{len(problems)} problem(s) with the spec-driven pages:\n"
            + "\n".join(f"  {problem}" for problem in problems)
        )
    _report_incomplete_folders(pages, snippets)
    return files
