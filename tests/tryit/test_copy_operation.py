"""Adding a CRUD-like operation costs the spec, its snippet folders and one page section: no code.

In a copy of the project, the spec's first operation with a path parameter is copied under a new
path and name (its `x-vinr-behaviour` comes with it), its snippet folders are copied with the
calls renamed to the new `x-vinr-sdk` names, and its page section is copied. Nothing else is
edited, and the strict build, which verifies every sample against the fake and proves the Try-it
mock serves every operation, is green, with a Try it for the new operation on the page.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT  # tests/conftest.py
from derived import CODE, outside_content, touched

pytestmark = pytest.mark.slow

METHODS = ("get", "post", "put", "patch", "delete")
SUFFIX = "copy"


def first_operation_with_id(spec: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS and "{" in path and "x-vinr-behaviour" in operation:
                return path, method, operation
    raise AssertionError("the spec has no operation with a path parameter")


def renamed_call(name: str, language: str) -> str:
    """`Customer.retrieve` → `Customer.retrieve_copy` (Python, Ruby); node: `retrieveCopy`."""
    head, _, method = name.rpartition(".")
    new = method + SUFFIX.capitalize() if language == "node" else f"{method}_{SUFFIX}"
    return f"{head}.{new}"


def copy_operation(project: Path) -> tuple[str, str, list[Path]]:
    """Copy the operation, its snippets and its page section; (new id, page, edited files)."""
    spec_path = project / "docs" / "openapi.yaml"
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    path, method, operation = first_operation_with_id(spec)
    new = copy.deepcopy(operation)
    old_id, old_folder = operation["operationId"], operation["x-vinr-samples"]
    new["operationId"] = new_id = old_id + SUFFIX.capitalize()
    new["x-vinr-samples"] = new_folder = old_folder + SUFFIX
    sdk = operation["x-vinr-sdk"]
    new["x-vinr-sdk"] = {
        k: (renamed_call(v, k) if k in ("node", "python", "ruby") else v) for k, v in sdk.items()
    }
    new_path = f"{path}/{SUFFIX}"
    spec["paths"][new_path] = {method: new}
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))
    edited = [spec_path]

    url = re.compile(re.escape(path.split("{")[0]) + r"[^/?\"'\s\\]+")
    snippets = project / "snippets"
    for folder in sorted(snippets.glob(old_folder + "*")):
        suffix = folder.name.removeprefix(Path(old_folder).name)
        if suffix and not suffix.startswith("-"):
            continue
        target = snippets / (new_folder + suffix)
        shutil.copytree(folder, target)
        for file in target.iterdir():
            text = file.read_text(encoding="utf-8")
            for language in ("node", "python", "ruby"):
                old_call, new_call = sdk[language], new["x-vinr-sdk"][language]
                text = text.replace(f"{old_call}(", f"{new_call}(")
            if file.suffix == ".sh":
                text = url.sub(lambda m: f"{m.group(0)}/{SUFFIX}", text)
            file.write_text(text, encoding="utf-8")
            edited.append(file)

    page = next(
        p
        for p in sorted((project / "docs").rglob("*.md"))
        if f"/// endpoint | {old_id}" in p.read_text(encoding="utf-8")
    )
    text = page.read_text(encoding="utf-8")
    start = text.rindex("\n## ", 0, text.index(f"/// endpoint | {old_id}")) + 1
    end = text.find("\n## ", start + 1)
    section = text[start : end if end >= 0 else len(text)]
    section = section.replace(old_id, new_id).replace(old_folder, new_folder)
    section = re.sub(r"\{ #([\w-]+) \}", rf"{{ #\1-{SUFFIX} }}", section)
    section = re.sub(r"^(## .*)$", rf"\1 ({SUFFIX})", section, count=1, flags=re.M)
    page.write_text(text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n", encoding="utf-8")
    edited.append(page)
    return new_id, page.stem, edited


def test_a_copied_operation_builds_green_with_its_try_it(project_copy: Path) -> None:
    new_id, page, edited = copy_operation(project_copy)
    changes = touched(ROOT, project_copy)  # what the copy really changed, not what it says
    outside = outside_content(changes)
    print(
        f"\nnew operation: {len(changes)} files touched; lines outside spec+snippets+page: "
        f"{sum(a + r for a, r in outside.values())}; lines of code outside snippets: "
        f"{sum(a + r for p, (a, r) in outside.items() if Path(p).suffix in CODE)}"
    )
    assert outside == {}, outside
    assert sorted(changes) == sorted(p.relative_to(project_copy).as_posix() for p in edited)
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "_site"],
        cwd=project_copy,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "VINR_STRICT": "1"},
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-4000:]
    assert re.search(rf"\b{new_id}\b.*verified", output), output[-4000:]
    built = next((project_copy / "_site").rglob(f"{page}.html")).read_text(encoding="utf-8")
    assert 'class="vinr-tryit" data-state=' in built and f'data-operation="{new_id}"' in built
