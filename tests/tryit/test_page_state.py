"""Each page's Try it starts from that page's own fixture state, not one shared file.

A copy of the project gets a second page that shows one sample folder with its own
`state.json` (the folder whose state has the most objects of any collection, found from the
snippets, not named). Its list operation's panel, sent with every optional field cleared, must
list exactly that state's objects; the original page's panel lists its own state's.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STATE_KEYS = ("next_ids", "now", "extends")


def collections(state: dict[str, Any]) -> dict[str, list[dict]]:
    return {k: v for k, v in state.items() if k not in STATE_KEYS and isinstance(v, list)}


def list_operations(project: Path) -> dict[str, tuple[str, str]]:
    """x-vinr-samples folder → (operationId, collection key) of operations replying with a list
    (`object: list`), the collection named by the list items' schema title, pluralized."""
    spec = yaml.safe_load((project / "docs" / "openapi.yaml").read_text(encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    found = {}
    for item in spec["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict) or "x-vinr-samples" not in operation:
                continue
            reply = operation["responses"].get("200", {}).get("content", {})
            schema = reply.get("application/json", {}).get("schema", {})
            name = schema.get("$ref", "").rsplit("/", 1)[-1]
            props = schemas.get(name, {}).get("properties", {})
            if props.get("object", {}).get("const") != "list":
                continue
            item_ref = props["data"]["items"]["$ref"].rsplit("/", 1)[-1]
            title = schemas[item_ref].get("title", item_ref)
            key = "".join("_" + c.lower() if c.isupper() else c for c in title).lstrip("_") + "s"
            found[operation["x-vinr-samples"]] = (operation["operationId"], key)
    return found


def richest_list_state(project: Path) -> tuple[str, str, Path, list[str]]:
    """(main folder, operationId, state file, ids) of the list operation's variant folder
    whose own state.json lists the most objects of that operation's collection."""
    snippets = project / "snippets"
    best: tuple[int, str, str, Path, list[str]] | None = None
    for main, (operation, key) in list_operations(project).items():
        for state in sorted(snippets.glob(main + "*/state.json")):
            items = collections(json.loads(state.read_text(encoding="utf-8"))).get(key, [])
            ordered = sorted(items, key=lambda o: (o.get("created", 0), o["id"]))
            if best is None or len(items) > best[0]:
                best = (len(items), main, operation, state, [o["id"] for o in ordered])
    assert best is not None and best[0] > 1, "no list sample folder has a state of its own"
    return best[1], best[2], best[3], best[4]


def add_to_nav(project: Path, page: str) -> None:
    """A nav entry beside the first reference page's (a page outside nav is a build error)."""
    config = project / "mkdocs.yml"
    rows = config.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, row in enumerate(rows) if "api-reference/" in row and ".md" in row)
    indent = rows[index][: len(rows[index]) - len(rows[index].lstrip())]
    rows.insert(index + 1, f"{indent}- Own state: {page}\n")
    config.write_text("".join(rows), encoding="utf-8")


def build(project: Path) -> Path:
    site = project / "_site"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "VINR_VERIFY": "off"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return site


def listed_ids(page: Page, url: str, operation: str) -> list[str]:
    page.goto(url)
    container = page.locator(f'.vinr-tryit[data-operation="{operation}"]').first
    container.get_by_role("button", name="Try it").click()
    panel = container.locator(".vinr-tryit__panel")
    expect(panel).to_be_visible()
    for field in panel.locator("input[type=text][data-field]").all():
        if field.get_attribute("aria-required") != "true":
            field.fill("")
    status = panel.locator(".vinr-tryit__status")
    panel.get_by_role("button", name="Send").click()
    expect(status).to_have_attribute("data-status", "200")
    body = json.loads(panel.locator(".vinr-tryit__response pre").text_content() or "null")
    return [item["id"] for item in body["data"]]


def test_each_page_lists_its_own_state(project_copy: Path, page: Page) -> None:
    """A page that shows only a list operation's primary folder, given its own state.json (the
    richest variant's), lists that state; the reference page keeps its shared state."""
    main, operation, richest, ids = richest_list_state(project_copy)
    own = project_copy / "snippets" / main / "state.json"
    assert not own.exists()
    own.write_text(richest.read_text(encoding="utf-8"), encoding="utf-8")
    (project_copy / "docs" / "api-reference" / "own-state.md").write_text(
        f"# Own state\n\n## List\n\n/// endpoint | {operation}\n\n/// sample | {main}\n",
        encoding="utf-8",
    )
    add_to_nav(project_copy, "api-reference/own-state.md")
    site = build(project_copy)
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(  # noqa: E731
        *a, directory=str(site), **k
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        assert listed_ids(page, f"{base}/api-reference/own-state.html", operation) == ids
        shared = json.loads((own.parent.parent / "state.json").read_text(encoding="utf-8"))
        key = list_operations(project_copy)[main][1]
        reference = next(
            p
            for p in sorted((site / "api-reference").glob("*.html"))
            if p.name != "own-state.html" and f'data-operation="{operation}"' in p.read_text()
        )
        expected = [o["id"] for o in sorted(shared[key], key=lambda o: (o["created"], o["id"]))]
        assert expected != ids
        page_url = f"{base}/api-reference/{reference.name}"
        assert listed_ids(page, page_url, operation) == expected
    finally:
        server.shutdown()
