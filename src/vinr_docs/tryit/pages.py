"""Which fixture state each page's Try it starts from, found from the pages themselves.

A page shows sample folders (`/// sample | customers/create`); its state is the nearest
`state.json` above the folders it shows: in their common parent folder, then its parents up to
the snippets root (`snippets/customers/state.json` for the Customers page). A state file may
`extends` another (`{"extends": "../customers/state.json", "payment_methods": […]}`): it starts
from that file and replaces the keys it names, as sample fixtures do. No list of pages or states
is kept anywhere: a new page with its own snippets folder and `state.json` gets its own state.

A page with Try it panels (it documents an operation) but no state above its samples is an
author's error (`missing_states`): it never silently borrows another page's data. A run that names
no page (`make mock`, the bundle's default) starts from `default_state`: the state every page's
state is or extends (the shared base), or none when the pages share none.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from vinr_docs.engine.discover import scan_pages
from vinr_docs.fake.state import FixtureError
from vinr_docs.markdown.directives import scan

STATE_FILE = "state.json"
EXTENDS = "extends"


def page_states(docs: Path, snippets: Path, project: Path) -> dict[Path, Path]:
    """Each page (absolute path) that shows samples → its state file (absolute path)."""
    shown = scan_pages(docs.rglob("*.md"), project)
    folders_of: dict[str, list[str]] = {}
    for folder, locations in shown.items():
        for location in locations:
            folders_of.setdefault(location.page, []).append(folder)
    states: dict[Path, Path] = {}
    for page, folders in folders_of.items():
        state = nearest_state(snippets, posixpath.commonpath(folders))
        if state is not None:
            states[(project / page).resolve()] = state
    return states


def missing_states(docs: Path, snippets: Path, project: Path) -> list[str]:
    """One message per page with Try it panels (a `/// endpoint`) and no state to start them
    from, naming the page, the folders it shows and the file to add."""
    states = page_states(docs, snippets, project)
    shown = scan_pages(docs.rglob("*.md"), project)
    problems = []
    for page in sorted(docs.rglob("*.md")):
        directives = list(scan(page.read_text(encoding="utf-8").splitlines()))
        endpoint = next((d for d in directives if d.name == "endpoint"), None)
        if endpoint is None or page.resolve() in states:
            continue
        label = page.relative_to(project).as_posix() if page.is_relative_to(project) else str(page)
        folders = sorted(f for f, where in shown.items() if any(w.page == label for w in where))
        common = posixpath.commonpath(folders) if folders else ""
        where = (
            f"its samples ({', '.join(folders)}) have no {STATE_FILE} above them"
            if folders
            else "it shows no sample folder (`/// sample | <folder>`)"
        )
        target = f"{snippets.name}/{common or '<resource>'}/{STATE_FILE}"
        problems.append(
            f"{label}:{endpoint.line}: Try it has no starting data for this page: {where}. Add "
            f"{target} (the objects the page's examples name; it may extend another page's: "
            f'{{"{EXTENDS}": "../<other>/{STATE_FILE}"}}), see README › Add a resource page.'
        )
    return problems


def default_state(states: Iterable[Path]) -> Path | None:
    """The state a run that names no page starts from: the nearest file that every given
    state is or extends (`customers/state.json` when another page's extends it), or None
    when they share none (or there are none)."""
    chains = [[path.resolve() for path in state_chain(state)] for state in states]
    if not chains:
        return None
    shared = set(chains[0]).intersection(*chains[1:])
    return next((path for path in chains[0] if path in shared), None)


def nearest_state(snippets: Path, folder: str) -> Path | None:
    current = snippets / folder
    while True:
        if (current / STATE_FILE).is_file():
            return current / STATE_FILE
        if current.resolve() == snippets.resolve() or current.parent == current:
            return None
        current = current.parent


def state_key(snippets: Path, state: Path) -> str:
    """How the page and the bundle name a state: its path under the snippets folder."""
    return state.relative_to(snippets).as_posix()


def state_chain(state: Path) -> list[Path]:
    """The state file and the files it extends, nearest first."""
    chain: list[Path] = []
    path: Path | None = state
    while path is not None and path not in chain:
        chain.append(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            break
        parent = data.get(EXTENDS) if isinstance(data, dict) else None
        path = (path.parent / parent).resolve() if isinstance(parent, str) else None
    return chain


def load_state(state: Path) -> Any:
    """The merged state: each file replaces the keys it names in the file it extends."""
    merged: dict[str, Any] = {}
    for path in reversed(state_chain(state)):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise FixtureError(f"{path}: cannot be read ({error.strerror})") from error
        except ValueError as error:
            raise FixtureError(f"{path}: not JSON: {error}") from error
        if not isinstance(data, dict):
            return data  # State.from_fixture says what is wrong with it
        merged.update({k: v for k, v in data.items() if k != EXTENDS})
    return merged
