"""The Try-it bundle for a site build: generated once per change of its inputs, then reused.

`bundle(project)` returns `assets/tryit/tryit.js` for the site: the panel, the in-page mock and
the config generated from the spec and fixtures (`generate.write`). The result is cached under
`.cache/tryit/<digest>/`, keyed by every input (spec, fixture, the mock's and panel's sources,
the Python fake it mirrors, the npm lock), so an unchanged build does not run node at all.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from vinr_docs.engine.cache import fingerprint
from vinr_docs.tryit import generate
from vinr_docs.tryit.pages import default_state, missing_states, page_states, state_chain, state_key

BUNDLE = "tryit.js"
SITE_PATH = Path("assets") / "tryit" / BUNDLE  # where the page's loader looks for it


def inputs(project: Path, spec: Path, fixture: Path | None) -> list[Path]:
    package = Path(generate.__file__).resolve().parents[1]  # src/vinr_docs
    sources = [
        path
        for folder in (package / "tryit", package / "fake", package / "spec")
        for path in sorted(folder.iterdir())
        if path.suffix in {".py", ".js", ".mjs", ".json"}
    ]
    return [spec, *([fixture] if fixture else []), project / "package-lock.json", *sources]


def states_by_page(project: Path) -> dict[Path, str]:
    """Each page that shows samples (absolute path) → the key of its state in the bundle.
    Raises generate.ConfigError naming each page with Try it panels and no state."""
    snippets = project / "snippets"
    missing = missing_states(project / "docs", snippets, project)
    if missing:
        raise generate.ConfigError("\n".join(missing))
    found = page_states(project / "docs", snippets, project)
    return {page: state_key(snippets, state) for page, state in found.items()}


def bundle(project: Path, spec: Path | None = None, fixture: Path | None = None) -> Path:
    """The bundle for this spec and every page's own state, from the cache or freshly
    generated (raises generate.ConfigError when the spec asks for what the panel cannot do, a
    page has no state, or node fails). `fixture`: the default state, for a container naming no
    page state; by default the state every page's state extends (`pages.default_state`),
    else none (an empty state), never one page's data for another."""
    spec = spec or project / "docs" / "openapi.yaml"
    snippets = project / "snippets"
    states = {key: snippets / key for key in sorted(set(states_by_page(project).values()))}
    fixture = fixture or default_state(states.values())
    chains = [path for state in states.values() for path in state_chain(state)]
    if not (project / "node_modules" / "esbuild").is_dir():
        raise generate.ConfigError(
            "the Try-it panel is built with npm tools that are not installed: run `make setup` "
            "(or `npm ci`) in the project folder"
        )
    root = project / ".cache" / "tryit"
    # By file name and content, not folder: a copy of the project (the tests') finds the bundle.
    digest = fingerprint(
        [*inputs(project, spec, fixture), *chains],
        salt=" ".join(states),
        name=lambda path: path.name,
    )[:16]
    out = root / digest
    if not (out / BUNDLE).is_file():
        if root.is_dir():  # keep one version: the others are from older inputs
            for old in root.iterdir():
                shutil.rmtree(old, ignore_errors=True)
        staging = root / f".{digest}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        generate.write(staging, spec, fixture, states, project=project)
        staging.rename(out)
    return out / BUNDLE
