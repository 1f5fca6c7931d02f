"""Shared by the Try-it tests: wire requests of script steps, and node runs of the mock."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from vinr_docs.fake.rules import API_KEY_HEADER, FORM, PLACEHOLDER_KEY

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
RUNNER = HERE / "run_script.mjs"


def wire_request(step: dict[str, Any]) -> dict[str, Any]:
    """A script step as sent: the placeholder key unless `key` says otherwise, and the form
    content type with a body unless `content_type` says otherwise."""
    headers: dict[str, str] = {}
    if (key := step.get("key", PLACEHOLDER_KEY)) is not None:
        headers[API_KEY_HEADER] = key
    if "body" in step and (content_type := step.get("content_type", FORM)) is not None:
        headers["Content-Type"] = content_type
    headers.update(step.get("headers", {}))
    return {
        "method": step["method"],
        "path": step["path"],
        "query": step.get("query", ""),
        "headers": headers,
        "body": step.get("body", ""),
    }


def run_node(module: Path, data: dict[str, Any], tmp: Path, script: Path = RUNNER) -> Any:
    """Run `data` through `script` (run_script.mjs: `module` is mock.js or the bundle); its JSON
    output."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is needed to run the in-page mock")
    source = tmp / "input.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [node, str(script), str(module), str(source)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if run.returncode != 0:
        raise AssertionError(f"node {script.name} failed:\n{run.stderr}")
    return json.loads(run.stdout)
