"""Which samples exist, which operation each documents, and where pages show them.

The spec names each operation's main snippet folder (`x-vinr-samples: customers/create`);
variant folders extend that name (`customers/create-idempotent`). Pages show a folder with one
line, `/// sample | customers/create`. Every language file in a folder is a sample.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vinr_docs.engine.model import Location, Problem, Sample
from vinr_docs.languages import BY_FILE, LANGUAGES
from vinr_docs.markdown.directives import scan
from vinr_docs.markdown.samples import NOT_SAMPLE_FOLDERS
from vinr_docs.spec import Spec


@dataclass
class Discovery:
    samples: list[Sample] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    folders: dict[str, str] = field(default_factory=dict)  # folder → operationId


def scan_pages(pages: Iterable[Path], project: Path) -> dict[str, list[Location]]:
    """folder → where each page shows it."""
    shown: dict[str, list[Location]] = {}
    for page in sorted(pages):
        rel = page.relative_to(project).as_posix() if page.is_relative_to(project) else str(page)
        for directive in scan(page.read_text(encoding="utf-8").splitlines()):
            if directive.name == "sample":
                shown.setdefault(directive.arg, []).append(Location(rel, directive.line))
    return shown


def sample_folders(root: Path) -> list[Path]:
    """Folders under `root` that hold at least one language file."""
    found = {p.parent for language in LANGUAGES for p in root.rglob(language.file)}
    return sorted(f for f in found if f.name not in NOT_SAMPLE_FOLDERS)


def discover(root: Path, spec: Spec, pages: Iterable[Path], project: Path) -> Discovery:
    """Samples under the snippets folder `root`, each with the spec operation it documents."""
    main_folders = {op.sample_folder: op.id for op in spec.operations}
    discovery = Discovery()
    shown = scan_pages(pages, project)
    for directory in sample_folders(root):
        folder = directory.relative_to(root).as_posix()
        found = spec.operation_for_folder(folder)
        operation = found.id if found is not None else None
        label = (
            (root / folder).relative_to(project).as_posix()
            if root.is_relative_to(project)
            else str(root / folder)
        )
        if operation is None:
            discovery.problems.append(
                Problem(
                    "orphan_folder",
                    f"names no operation of the spec (main folders: "
                    f"{', '.join(sorted(main_folders))}); rename it "
                    "<main folder>-<variant> or add x-vinr-samples to an operation",
                    where=label + "/",
                )
            )
            continue
        discovery.folders[folder] = operation
        for language in LANGUAGES:
            if not (directory / language.file).is_file():
                discovery.problems.append(
                    Problem(
                        "missing_snippet",
                        f"the {language.tab} tab of {folder} is missing: every "
                        f"sample folder has {', '.join(x.file for x in LANGUAGES)}",
                        where=f"{label}/{language.file}",
                        page=shown[folder][0].page if shown.get(folder) else None,
                    )
                )
        for path in sorted(directory.iterdir()):
            if path.name in BY_FILE:
                discovery.samples.append(
                    Sample(
                        folder,
                        BY_FILE[path.name],
                        path,
                        operation,
                        root,
                        tuple(shown.get(folder, ())),
                    )
                )
    for main, operation in main_folders.items():
        if not (root / main).is_dir():
            discovery.problems.append(
                Problem(
                    "missing_snippet",
                    f"operation {operation} names x-vinr-samples: {main}, "
                    f"but {root.name}/{main}/ does not exist",
                    where=f"{root.name}/{main}/",
                )
            )
    return discovery
