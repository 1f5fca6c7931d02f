"""Which fixture state each page's Try it starts from, found from the pages themselves.

A page shows sample folders (`/// sample | customers/create`); its state is the nearest
`state.json` above the folders it shows: in their common parent folder, then its parents up to
the snippets root (`snippets/customers/state.json` for the Customers page). A state file may
`extends` another (`{"extends": "../customers/state.json", "payment_methods": […]}`): it starts
from that file and replaces the keys it names, as sample fixtures do. No list of pages or states
is kept anywhere: a new page with its own snippets folder and `state.json` gets its own state.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

from vinr_docs.engine.discover import scan_pages
from vinr_docs.fake.state import FixtureError

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
