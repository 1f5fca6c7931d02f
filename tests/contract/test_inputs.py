"""Every bad input file gets a clear error naming `file:line` and what to do, never a traceback,
and one build names every file that disagrees with the spec (not only the first)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from servers import mkdocs_build as build
from vinr_docs.languages import BY_FILE, RESPONSE_FILE, STATE_FILE
from vinr_docs.spec import load

pytestmark = pytest.mark.slow


def failed_cleanly(result: subprocess.CompletedProcess[str]) -> str:
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the build passed with a bad input file"
    assert "Traceback" not in output, output[-3000:]
    assert "engine bug" not in output, output[-3000:]
    return output


def files(project: Path, name: str) -> list[Path]:
    return sorted((project / "snippets").rglob(name))


def keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys(v)}
    return set()


def events(project: Path) -> list[Path]:
    return sorted((project / "snippets" / "events").glob("*.json"))


def most_shown_field(project: Path) -> tuple[str, str, list[Path]]:
    """(schema, field, response.json files showing it): the reply object the most documented
    replies show, and a field they all have, found from the spec and the snippets."""
    spec = load(project / "docs/openapi.yaml")
    snippets = project / "snippets"
    shown: dict[str, list[Path]] = {}
    for path in files(project, RESPONSE_FILE):
        op = spec.operation_for_folder(path.parent.relative_to(snippets).as_posix())
        schema = (op.response_schema("200") or {}) if op else {}
        body = json.loads(path.read_text())
        if schema.get("title") and isinstance(body, dict) and "error" not in body:
            shown.setdefault(schema["title"], []).append(path)
    title, using = max(shown.items(), key=lambda item: len(item[1]))
    closed = spec.schema(title) or {}
    assert closed.get("additionalProperties") is False and len(using) >= 2, (title, using)
    bodies = [json.loads(p.read_text()) for p in using]
    field = next(f for f in reversed(closed["required"]) if all(f in b for b in bodies))
    return title, field, using


def test_renaming_a_field_names_every_file_that_uses_the_old_name(project_copy: Path) -> None:
    schema, field, using = most_shown_field(project_copy)
    spec_path = project_copy / "docs/openapi.yaml"
    spec = yaml.safe_load(spec_path.read_text())
    target = spec["components"]["schemas"][schema]
    target["properties"] = {
        (f"{field}_renamed" if k == field else k): v for k, v in target["properties"].items()
    }
    target["required"] = [f"{field}_renamed" if k == field else k for k in target["required"]]
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))

    output = failed_cleanly(build(project_copy))
    for path in using:
        label = path.relative_to(project_copy).as_posix()
        assert f"{label}:" in output, f"{label} uses '{field}' but the build did not name it"
    fixtures = [p for p in files(project_copy, STATE_FILE) if f'"{field}"' in p.read_text()]
    for path in fixtures:
        assert f"{path.relative_to(project_copy).as_posix()}:" in output


def test_malformed_json_and_encoding_are_named_in_one_build(project_copy: Path) -> None:
    response = files(project_copy, RESPONSE_FILE)[0]
    response.write_text(response.read_text().rstrip().rstrip("}") + ",\n")
    state = files(project_copy, STATE_FILE)[0]
    state.write_text(state.read_text().replace("{", "{{", 1))
    event = events(project_copy)[0]
    event.write_text(event.read_text().replace('"', "'", 2))
    code = sorted(p for p in (project_copy / "snippets").rglob("*") if p.name in BY_FILE)[0]
    lines = code.read_bytes().count(b"\n")
    code.write_bytes(code.read_bytes() + "# café\n".encode("latin-1"))

    output = failed_cleanly(build(project_copy))
    for path in (response, state, event):
        label = path.relative_to(project_copy).as_posix()
        assert f"{label}:" in output and "malformed JSON" in output, output[-3000:]
    assert f"{code.relative_to(project_copy).as_posix()}:{lines + 1}: not UTF-8" in output


def test_documents_that_break_their_schema_are_named_with_line(project_copy: Path) -> None:
    """An integer field written as a string in a reply, a fixture object and an event."""
    title, _, _ = most_shown_field(project_copy)
    properties = (load(project_copy / "docs/openapi.yaml").schema(title) or {})["properties"]
    field = next(name for name, prop in properties.items() if prop.get("type") == "integer")
    integer = re.compile(rf'("{field}"): (\d+)')
    broken = []
    for name in (RESPONSE_FILE, STATE_FILE, "*.json"):
        candidates = files(project_copy, name) if name != "*.json" else events(project_copy)
        path = next(p for p in candidates if integer.search(p.read_text()))
        changed = integer.sub(r'\1: "\2"', path.read_text(), count=1)
        path.write_text(changed)
        line = next(i for i, ln in enumerate(changed.splitlines(), 1) if f'"{field}": "' in ln)
        broken.append((path.relative_to(project_copy).as_posix(), line))

    output = failed_cleanly(build(project_copy))
    for label, line in broken:
        assert f"{label}:{line}:" in output, (label, line, output[-3000:])
    assert "is not of type 'integer'" in output
