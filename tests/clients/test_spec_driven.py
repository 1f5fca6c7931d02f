"""The clients' methods come from the spec's `x-vinr-sdk`: an operation (here a new resource
under a nested path) added to a copy of the spec is callable in Python, JavaScript and Ruby with
no client code, and the table can be neither missing nor stale without a message saying so."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

import vinr
from vinr_docs import sdk

from .calls import RETRIEVE
from .harness import KEY, ROOT, Recorder, require_runtime

# One new operation of a new resource, nested under the spec's first retrieved object (its
# path and JavaScript namespace): the two path parameters are the leading positional
# arguments, in path order.
PARENT = RETRIEVE.operation.path
NESTED = f"{PARENT}/widgets/{{widget}}"
NAMESPACE = RETRIEVE.sdk["node"].rsplit(".", 1)[0]
SDK_NAMES = {
    "result": "widget",
    "python": "Widget.retrieve",
    "node": f"{NAMESPACE}.widgets.retrieve",
    "ruby": "Widget.retrieve",
}
CALLS = {
    "python": "import vinr\nw = vinr.Widget.retrieve('x 1', 'wd_2', expand=['x'])\n"
    "print(type(w).__name__, w.id)\n",
    "node": "import { Vinr } from '@vinr/sdk';\nconst vinr = new Vinr();\n"
    f"const w = await vinr.{NAMESPACE}.widgets.retrieve('x 1', 'wd_2', {{ expand: ['x'] }});\n"
    "console.log('Widget', w.id);\n",
    "ruby": "w = Vinr::Widget.retrieve('x 1', 'wd_2', expand: ['x'])\n"
    "puts \"#{w.class.name.delete_prefix('Vinr::')} #{w.id}\"\n",
}


def add_operation(project: Path) -> None:
    spec_path = project / "docs" / "openapi.yaml"
    spec = yaml.safe_load(spec_path.read_text())
    spec["paths"][NESTED] = {
        "get": {
            "operationId": "retrieveWidgetForTest",
            "summary": "Retrieve a widget",
            "x-vinr-samples": "widgets/retrieve",
            "x-vinr-sdk": SDK_NAMES,
            "parameters": [
                {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                for name in (*re.findall(r"\{(\w+)\}", PARENT), "widget")
            ],
            "responses": {"200": {"description": "The widget."}},
        }
    }
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False))


def run(project: Path, language: str, script: Path, env: dict[str, str]) -> str:
    if language == "python":
        argv = [sys.executable, str(script)]
        env = {**env, "PYTHONPATH": str(project / "src")}
    elif language == "node":
        preload = project / "clients" / "js" / "preload.js"
        argv = [require_runtime("node"), "--import", str(preload), str(script)]
    else:
        argv = [
            require_runtime("ruby"),
            "-I",
            str(project / "clients/ruby/lib"),
            "-rvinr",
            "-rvinr/recorder",
            str(script),
        ]
    done = subprocess.run(
        argv,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=script.parent,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("language", sorted(CALLS))
def test_a_new_nested_operation_needs_no_client_code(
    project_copy: Path, server: Recorder, language: str, tmp_path: Path
) -> None:
    add_operation(project_copy)
    sdk.write(project_copy)
    server.reply = lambda exchange: (200, {"id": "wd_2"})
    script = tmp_path / f"call.{ {'python': 'py', 'node': 'mjs', 'ruby': 'rb'}[language] }"
    script.write_text(CALLS[language])
    env = {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": server.url}
    assert run(project_copy, language, script, env).strip() == "Widget wd_2"
    [sent] = server.exchanges
    parent = re.sub(r"\{\w+\}", quote("x 1", safe=""), PARENT)
    assert (sent.method, sent.path) == ("GET", f"{parent}/widgets/wd_2")
    assert sent.query == [("expand[]", "x")]


@pytest.mark.parametrize("language", sorted(CALLS))
def test_a_stale_table_is_named_with_what_to_run(
    project_copy: Path, server: Recorder, language: str, tmp_path: Path
) -> None:
    sdk.write(project_copy)
    add_operation(project_copy)  # the spec changes after the table was written
    script = tmp_path / f"call.{ {'python': 'py', 'node': 'mjs', 'ruby': 'rb'}[language] }"
    script.write_text(CALLS[language])
    env = {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": server.url}
    with pytest.raises(AssertionError, match=r"python -m vinr_docs\.sdk"):
        run(project_copy, language, script, env)
    assert server.exchanges == []


def test_the_table_lists_every_operation_of_the_spec(project_copy: Path) -> None:
    add_operation(project_copy)
    table = json.loads(sdk.write(project_copy).read_text())
    spec = yaml.safe_load((project_copy / "docs/openapi.yaml").read_text())
    ids = {op["operationId"] for item in spec["paths"].values() for op in item.values()}
    assert {row["id"] for row in table["operations"]} == ids
    [row] = [row for row in table["operations"] if row["path"] == NESTED]
    assert row["path_params"] == ["id", "widget"]


def test_an_operation_without_x_vinr_sdk_names_the_spec_line(project_copy: Path) -> None:
    add_operation(project_copy)
    spec_path = project_copy / "docs/openapi.yaml"
    spec = yaml.safe_load(spec_path.read_text())
    del spec["paths"][NESTED]["get"]["x-vinr-sdk"]
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False))
    lines = spec_path.read_text().splitlines()
    line = next(i for i, s in enumerate(lines, 1) if "retrieveWidgetForTest" in s)
    with pytest.raises(sdk.SdkError) as info:
        sdk.write(project_copy)
    assert info.value.where == f"docs/openapi.yaml:{line}"
    assert "has no x-vinr-sdk: add, beside its operationId" in info.value.message


def table_rows() -> list[dict]:
    return json.loads(sdk.write(ROOT).read_text())["operations"]


def test_every_operation_of_the_spec_is_a_recorded_method_of_every_client(
    server: Recorder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each row of the table (each operation of docs/openapi.yaml) is callable in Python,
    JavaScript and Ruby, sends its method and path (path parameters in order), and the result
    recorder reports it under the name the sample writes (so "what the client returned" is
    checked for every operation)."""
    rows = table_rows()
    server.reply = lambda exchange: (200, {"id": "x"})
    args = {
        row["id"]: [f"p{i} {row['id']}" for i, _ in enumerate(row["path_params"])] for row in rows
    }
    expected = [
        (
            row["method"],
            row["path"].format(
                **{
                    n: quote(a, safe="")
                    for n, a in zip(row["path_params"], args[row["id"]], strict=True)
                }
            ),
        )
        for row in rows
    ]
    scripts = {
        "node": "import { Vinr } from '@vinr/sdk';\nconst vinr = new Vinr();\n"
        + "".join(f"await vinr.{row['node']}(...{json.dumps(args[row['id']])});\n" for row in rows),
        "ruby": "".join(f"Vinr::{row['ruby']}(*{json.dumps(args[row['id']])})\n" for row in rows),
    }
    env = {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": server.url}
    for language, code in scripts.items():
        server.exchanges.clear()
        script = tmp_path / f"all.{'mjs' if language == 'node' else 'rb'}"
        script.write_text(code)
        records = tmp_path / f"{language}.jsonl"
        run(ROOT, language, script, {**env, "VINR_RESULT_PATH": str(records)})
        assert [(e.method, e.path) for e in server.exchanges] == expected, language
        labels = [json.loads(line)["operation"] for line in records.read_text().splitlines()]
        assert labels == [row[language] for row in rows], language
    server.exchanges.clear()
    monkeypatch.setattr(vinr, "api_base", server.url)
    monkeypatch.setattr(vinr, "api_key", KEY)
    for row in rows:
        owner, method = row["python"].split(".")
        getattr(getattr(vinr, owner), method)(*args[row["id"]])
        assert method in getattr(vinr, owner).OPERATIONS  # what the Python recorder wraps
    assert [(e.method, e.path) for e in server.exchanges] == expected


@pytest.mark.parametrize(
    "language, name",
    [("python", "VinrError.retrieve"), ("ruby", "HTTP.retrieve"), ("node", "request.retrieve")],
)
def test_a_name_the_client_uses_itself_is_refused(
    project_copy: Path, language: str, name: str
) -> None:
    """Such a name would replace part of the client (its error class, its HTTP module)."""
    add_operation(project_copy)
    spec_path = project_copy / "docs/openapi.yaml"
    spec = yaml.safe_load(spec_path.read_text())
    spec["paths"][NESTED]["get"]["x-vinr-sdk"][language] = name
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False))
    with pytest.raises(sdk.SdkError, match="a name the client uses itself"):
        sdk.write(project_copy)
