"""What a sample folder holds: one file per language plus the response it returns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vinr_docs.languages import LANGUAGES, RESPONSE_FILE, Language

NOT_SAMPLE_FOLDERS = ("errors",)  # folders of error bodies, not samples of an operation


@dataclass(frozen=True)
class Tab:
    label: str
    fence: str
    include: str  # snippet path relative to the snippets folder


def expected_files(folder: str) -> list[str]:
    """Snippet paths a complete sample folder has: every language, then the response."""
    return [f"{folder}/{language.file}" for language in LANGUAGES] + [f"{folder}/{RESPONSE_FILE}"]


def missing_files(folder: str, snippets: Path) -> list[str]:
    return [path for path in expected_files(folder) if not (snippets / path).is_file()]


def tabs(folder: str, snippets: Path) -> list[Tab]:
    """The language tabs of a folder, in page order, for the languages it has."""
    return [
        _tab(folder, language)
        for language in LANGUAGES
        if (snippets / folder / language.file).is_file()
    ]


def _tab(folder: str, language: Language) -> Tab:
    return Tab(language.tab, language.fence, f"{folder}/{language.file}")


def resource_folders(snippets: Path, resources: set[str]) -> list[str]:
    """Sample folders (`customers/create`) under the spec's resource folders."""
    return sorted(
        f"{resource}/{child.name}"
        for resource in resources
        for child in (snippets / resource).glob("*/")
        if child.is_dir() and child.name not in NOT_SAMPLE_FOLDERS
    )
