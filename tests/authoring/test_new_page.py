"""Adding a resource page costs the spec, its snippet folders, its page (and the Events page's
section for its events) and one `nav` line: no code, and no test edit.

In a copy of the project, the resource of a reference page found by discovery (the page whose
state no other page's extends: a leaf like Payment methods) is copied under a new name: its
operations, the components they use that carry the resource's name, its `x-vinr-resources`
entry, its error codes, events and tag in the spec; its snippet folders, its objects in every
state file that holds them and its event payloads, with names and id prefix rewritten; its page
and its section of the Events page; and one `nav` line. The strict build, with every sample
verified, is green; then the tests that follow pages and operations collect the new page and
operations with no edit (pytest --collect-only on the copy), and the derived client calls of the
new operations run. It prints what the copy touched: the Done-when numbers of issue 17.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, copy_project, mkdocs_build  # tests/conftest.py
from derived import CODE, kind_of, outside_content, page_operations, touched
from vinr_docs.tryit.pages import page_states, state_chain

pytestmark = pytest.mark.slow

NEW = "voucher"  # the copy's resource name; its id prefix is NEW_PREFIX
NEW_PREFIX = "vch_"


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def renames(resource: str, spec: dict[str, Any], page: Path) -> list[tuple[str, str]]:
    """Every spelling of the old resource's names → the new one's, longest first; the fields of
    other resources that reference it (a customer's `default_payment_method`) are kept."""
    declared = spec["x-vinr-resources"][resource]
    plural = declared["collection"]
    pairs = {
        declared["schema"]: camel(NEW).capitalize(),
        camel(resource): camel(NEW),
        plural: f"{NEW}s",
        resource: NEW,
        page.stem: f"{NEW}s",
        plural.replace("_", " "): f"{NEW}s",
        resource.replace("_", " "): NEW,
        resource.replace("_", "-"): NEW,  # in anchors
        declared["id_prefix"]: NEW_PREFIX,
    }
    for other in spec["x-vinr-resources"].values():
        for name, target in (other.get("references") or {}).items():
            if target == resource:
                pairs[name] = name
                pairs[name.replace("_", "-")] = name.replace("_", "-")
    for old, new in list(pairs.items()):
        pairs.setdefault(old[:1].upper() + old[1:], new[:1].upper() + new[1:])
    return sorted(pairs.items(), key=lambda pair: -len(pair[0]))


def rename(text: str, pairs: list[tuple[str, str]]) -> str:
    pattern = re.compile("|".join(re.escape(old) for old, _ in pairs))
    table = dict(pairs)
    return pattern.sub(lambda m: table[m.group(0)], text)


def renamed(value: Any, pairs: list[tuple[str, str]]) -> Any:
    text = yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=2**31)  # no wrapping
    return yaml.safe_load(rename(text, pairs))


def refs(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {value["$ref"]} if isinstance(value.get("$ref"), str) else set()
        return found.union(*(refs(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(refs(v) for v in value))
    return set()


def leaf_page(project: Path) -> tuple[Path, Path]:
    """(page, its state file): a reference page whose state no other page's state extends."""
    states = page_states(project / "docs", project / "snippets", project)
    chains = {page: [p.resolve() for p in state_chain(s)] for page, s in states.items()}
    for page, chain in sorted(chains.items()):
        if "/// endpoint |" in page.read_text() and not any(
            chain[0] in other for p, other in chains.items() if p != page
        ):
            return page, chain[0]
    raise AssertionError("no reference page with a state of its own to copy")


def copy_resource(project: Path) -> tuple[Path, list[str]]:
    """Copy the leaf page's resource under NEW; returns (the new page, the new operation ids)."""
    page, state = leaf_page(project)
    operations = page_operations(page)
    resource = kind_of(operations[0])[1]  # type: ignore[index]
    spec_path = project / "docs" / "openapi.yaml"
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    declared = spec["x-vinr-resources"][resource]
    pairs = renames(resource, spec, page)
    stem = declared["schema"]

    # Spec: the operations, the components named after the resource they use, the resource,
    # its error codes (+ the Error code enum), events and tag.
    ids = {op.id for op in operations}
    copied: dict[str, Any] = {"paths": {}, "webhooks": {}, "components": {}}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and operation.get("operationId") in ids:
                copied["paths"].setdefault(path, {})[method] = operation
    prefix = f"{resource}."
    copied["webhooks"] = {k: v for k, v in spec.get("webhooks", {}).items() if k.startswith(prefix)}
    todo = refs(copied)
    seen: set[str] = set()
    while todo:
        ref = todo.pop()
        if ref in seen or stem not in ref:
            continue
        seen.add(ref)
        _, _, kind, name = ref.split("/")
        component = spec["components"][kind][name]
        copied["components"].setdefault(kind, {})[name] = component
        todo |= refs(component)
    codes = [code for code in spec["x-vinr-errors"] if code.startswith(f"{resource}_")]
    copied["x-vinr-errors"] = {code: spec["x-vinr-errors"][code] for code in codes}
    copied["x-vinr-resources"] = {resource: declared}
    copied["tags"] = [
        t
        for t in spec["tags"]
        if t["name"]
        in {tag for item in copied["paths"].values() for op in item.values() for tag in op["tags"]}
    ]
    new = renamed(copied, pairs)
    for path, item in new["paths"].items():
        spec["paths"].setdefault(path, {}).update(item)
    spec["webhooks"].update(new["webhooks"])
    for kind, components in new["components"].items():
        spec["components"][kind].update(components)
    spec["x-vinr-errors"].update(new["x-vinr-errors"])
    spec["x-vinr-resources"].update(new["x-vinr-resources"])
    spec["tags"] += new["tags"]
    enum = spec["components"]["schemas"]["Error"]["properties"]["error"]["properties"]["code"]
    enum["enum"] += list(new["x-vinr-errors"])
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=100))

    # Snippets: the page's folders, the objects in every state that holds them, the events.
    snippets = project / "snippets"
    source = state.parent
    target = source.with_name(rename(source.name, pairs))
    for file in sorted(source.rglob("*")):
        if file.is_file():
            out = target / file.relative_to(source)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(rename(file.read_text(encoding="utf-8"), pairs), encoding="utf-8")
    collection = declared["collection"]
    for file in sorted(snippets.rglob("state.json")):
        data = json.loads(file.read_text(encoding="utf-8"))
        if isinstance(data, dict) and collection in data and not file.is_relative_to(target):
            data[f"{NEW}s"] = renamed(data[collection], pairs)
            file.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    for event in sorted((snippets / "events").glob(f"{prefix}*.json")):
        event.with_name(rename(event.name, pairs)).write_text(rename(event.read_text(), pairs))

    # Pages: the page, the Events page's section of its events, one nav line.
    new_page = page.with_name(rename(page.name, pairs))
    new_page.write_text(rename(page.read_text(encoding="utf-8"), pairs), encoding="utf-8")
    for other in sorted((project / "docs").rglob("*.md")):
        text = other.read_text(encoding="utf-8")
        match = re.search(
            rf"\n## [^\n]*\n(?:(?!\n## ).)*?/// event \| {re.escape(prefix)}.*?(?=\n## |\Z)",
            text,
            re.S,
        )
        if match and other != page:
            other.write_text(text.rstrip("\n") + "\n" + rename(match.group(0), pairs) + "\n")
    mkdocs = project / "mkdocs.yml"
    nav = mkdocs.read_text(encoding="utf-8")
    line = next(line for line in nav.splitlines() if line.strip().endswith(page.name))
    mkdocs.write_text(nav.replace(line + "\n", f"{line}\n{rename(line, pairs)}\n", 1))
    return new_page, sorted(rename(i, pairs) for i in ids)


def test_a_copied_resource_page_builds_green_and_the_tests_follow_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VINR_STRICT", "1")
    monkeypatch.delenv("VINR_VERIFY", raising=False)  # every sample verified
    project = copy_project(tmp_path / "project")
    new_page, new_ids = copy_resource(project)

    changes = touched(ROOT, project)
    outside = outside_content(changes)
    snippet_files = [p for p in changes if p.startswith("snippets/")]
    pages = [p for p in changes if p.startswith("docs/") and p.endswith(".md")]
    print(
        f"\nnew resource page: {len(changes)} files touched (spec 1, snippets "
        f"{len(snippet_files)}, pages {pages}, other {sorted(outside)}); lines outside "
        f"spec+snippets+pages: {sum(a + r for a, r in outside.values())}; lines of code outside "
        f"snippets: {sum(a + r for p, (a, r) in outside.items() if Path(p).suffix in CODE)}"
    )
    assert outside == {"mkdocs.yml": (1, 0)}, outside
    assert not [p for p in outside if Path(p).suffix in CODE]

    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-5000:]
    built = new_page.relative_to(project / "docs").with_suffix(".html").as_posix()
    html = (site / built).read_text(encoding="utf-8")
    for operation in new_ids:
        assert f'data-operation="{operation}"' in html
        assert re.search(rf"\b{operation}\b.*verified", log), log[-3000:]

    # The page- and operation-following tests of the copy pick them up, with no edit.
    run_env = {**os.environ, "VINR_TEST_SITE": str(site), "PYTHONPATH": str(project / "src")}
    collect = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/browser/test_tryit.py",
            "tests/clients/test_operations.py",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env=run_env,
    )
    assert collect.returncode == 0, collect.stdout[-3000:] + collect.stderr[-3000:]
    cases = collect.stdout.splitlines()
    on_page = [c for c in cases if f"[{built}" in c]
    print(
        f"derived cases on the new page: {len(on_page)}; "
        f"client cases of its operations: {sum(1 for c in cases if any(i in c for i in new_ids))}"
    )
    assert any("test_no_key_gives_401" in c for c in on_page), cases
    assert len(on_page) >= 10, on_page
    for operation in new_ids:
        assert any("test_client_sends_like_python" in c and f"-{operation}]" in c for c in cases)
    calls = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/clients/test_operations.py",
            "-k",
            "python_reference and (" + " or ".join(new_ids) + ")",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env=run_env,
    )
    assert calls.returncode == 0 and f"{len(new_ids)} passed" in calls.stdout, calls.stdout[-3000:]
