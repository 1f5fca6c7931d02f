"""The "Client libraries" section: install commands from each client's own metadata and the first
call from a verified sample, so renaming a package or bumping a version changes the page (and a
missing or broken metadata file fails the build with the file named)."""

from __future__ import annotations

import json
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from vinr_docs.languages import BY_NAME
from vinr_docs.spec import Spec

PLACEHOLDER = "<!-- vinr: client libraries -->"
PYPROJECT = "pyproject.toml"  # the distribution that installs the `vinr` package (src/vinr)
PACKAGE_JSON = "clients/js/package.json"
GEMSPEC = "clients/ruby/vinr.gemspec"


class ClientMetadataError(ValueError):
    """A client's metadata file is missing or unreadable."""


@dataclass(frozen=True)
class Client:
    language: str  # a key of languages.BY_NAME
    name: str
    version: str
    install: str  # the shell command
    source: str  # the metadata file it comes from


def _read(project: Path, rel: str) -> str:
    path = project / rel
    if not path.is_file():
        raise ClientMetadataError(f"{rel}: missing (the Client libraries page reads it)")
    return path.read_text(encoding="utf-8")


def python_client(project: Path) -> Client:
    try:
        meta = tomllib.loads(_read(project, PYPROJECT))["project"]
        name, version = meta["name"], meta["version"]
    except (tomllib.TOMLDecodeError, KeyError) as error:
        raise ClientMetadataError(
            f"{PYPROJECT}: no [project] name and version ({error})"
        ) from error
    return Client("python", name, version, f"pip install {name}=={version}", PYPROJECT)


def js_client(project: Path) -> Client:
    try:
        meta = json.loads(_read(project, PACKAGE_JSON))
        name, version = meta["name"], meta["version"]
    except (json.JSONDecodeError, KeyError) as error:
        raise ClientMetadataError(f"{PACKAGE_JSON}: no name and version ({error})") from error
    return Client("node", name, version, f"npm install {name}@{version}", PACKAGE_JSON)


def ruby_client(project: Path) -> Client:
    _read(project, GEMSPEC)
    script = (
        "s = Gem::Specification.load(ARGV[0]) or abort('not a gemspec'); puts s.name, s.version"
    )
    result = subprocess.run(
        ["ruby", "-e", script, str(project / GEMSPEC)], capture_output=True, text=True, timeout=60
    )
    lines = result.stdout.split()
    if result.returncode or len(lines) != 2:
        raise ClientMetadataError(f"{GEMSPEC}: Ruby cannot load it: {result.stderr.strip()}")
    name, version = lines
    return Client("ruby", name, version, f"gem install {name} -v {version}", GEMSPEC)


def clients(project: Path) -> list[Client]:
    return [python_client(project), js_client(project), ruby_client(project)]


def section(project: Path, spec: Spec) -> str:
    """Markdown for the placeholder: a tab per client with its install command and first call,
    the spec's first operation's primary sample (included, so it is the verified file)."""
    first = spec.operations[0]
    parts = []
    for client in clients(project):
        language = BY_NAME[client.language]
        parts += [
            f'=== "{language.tab}"',
            "",
            f"    From `{client.source}`: **{client.name}** {client.version}.",
            "",
            "    ```bash",
            f"    {client.install}",
            "    ```",
            "",
            f"    First call: `{first.method} {first.path}` ({first.summary or first.id}).",
            "",
            f"    ```{language.fence}",
            f'    --8<-- "{first.sample_folder}/{language.file}"',
            "    ```",
            "",
        ]
    return "\n".join(parts)
