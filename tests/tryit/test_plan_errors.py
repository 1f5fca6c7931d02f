"""A behaviour declaration the mocks cannot run is refused with the spec file, the line and what
to write there; the escape hatch needs its function in both fake/custom.py and tryit/custom.js.
The operation edited is the spec's first with a path parameter, whatever it is."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from vinr_docs.fake import custom
from vinr_docs.fake.plan import PlanError, compile_plan
from vinr_docs.tryit.generate import SPEC, ConfigError, load_config

METHODS = ("get", "post", "put", "patch", "delete")


def edited(tmp: Path, change: Any) -> tuple[Path, str, int]:
    """The spec with `change(operation)` applied to its first operation with a path parameter;
    (file, operationId, line of that operation's x-vinr-behaviour in the written file)."""
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    operation = next(
        op
        for path, item in spec["paths"].items()
        if "{" in path
        for method, op in item.items()
        if method in METHODS
    )
    change(operation)
    text = yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)
    path = tmp / "openapi.yaml"
    path.write_text(text, encoding="utf-8")
    rows = text.splitlines()
    start = next(
        i for i, row in enumerate(rows, 1) if row.strip().endswith(operation["operationId"])
    )
    line = next(i for i in range(start - 5, len(rows)) if "x-vinr-behaviour" in rows[i - 1])
    return path, operation["operationId"], line


def compile_file(path: Path) -> dict[str, Any]:
    from vinr_docs.spec.refs import resolve

    text = path.read_text(encoding="utf-8")
    return compile_plan(resolve(yaml.safe_load(text)), "openapi.yaml", text)


@pytest.mark.parametrize(
    ("declaration", "advice"),
    [
        ({"retrieve": "no_such_resource"}, r"is not a resource in x-vinr-resources"),
        ({"frobnicate": "x"}, r"name exactly one kind"),
        ({"retrieve": "customer", "sort": "x"}, r"retrieve takes no 'sort'"),
        (
            {
                "delete": "customer",
                "refuse": [{"if": {"exists": "customer", "where": {}}, "error": "no_such_code"}],
            },  # fmt: skip
            r"not in x-vinr-errors: add it there",
        ),
    ],
)
def test_a_declaration_the_mocks_cannot_run_names_file_line_and_fix(
    tmp_path: Path, declaration: dict[str, Any], advice: str
) -> None:
    path, op_id, line = edited(tmp_path, lambda op: op.update({"x-vinr-behaviour": declaration}))
    with pytest.raises(PlanError) as raised:
        compile_file(path)
    message = str(raised.value)
    assert op_id in message and re.search(advice, message), message
    named = int(re.match(r"openapi\.yaml:(\d+):", message).group(1))
    assert line <= named <= line + 6, (line, message)


def test_the_escape_hatch_needs_the_python_function(tmp_path: Path) -> None:
    path, op_id, _ = edited(tmp_path, lambda op: op.update({"x-vinr-behaviour": {"custom": "zz"}}))
    with pytest.raises(PlanError, match=r"'zz' is not a function in src/vinr_docs/fake/custom.py"):
        compile_file(path)


def test_the_escape_hatch_needs_the_page_function_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(custom, "zz", lambda ctx, values: (200, {}), raising=False)
    path, op_id, line = edited(
        tmp_path, lambda op: op.update({"x-vinr-behaviour": {"custom": "zz"}})
    )
    compile_file(path)  # the fake has it
    with pytest.raises(ConfigError, match=r"'zz' is not exported by src/vinr_docs/tryit/custom.js"):
        load_config(path)
