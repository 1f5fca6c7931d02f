"""A client generated from the published spec by openapi-python-client (pinned) builds with no
error or warning, and calls every operation of the spec against `make mock`: the documented
success reply and, where the spec documents them, 404 and 401, each parsed into its model."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from vinr_docs.fake.rules import FORM, PLACEHOLDER_KEY
from vinr_docs.spec import Operation, load

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "docs" / "openapi.yaml"
SPEC = load(SPEC_PATH)
PACKAGE = "vinr_generated"
ORDER = {"GET": 0, "POST": 1, "PUT": 1, "PATCH": 1, "DELETE": 2}  # deletes last


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower().replace(" ", "_")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("generated")
    tool = Path(sys.executable).parent / "openapi-python-client"
    bin_dir = str(Path(sys.executable).parent)
    result = subprocess.run(
        [str(tool), "generate", "--path", str(SPEC_PATH), "--meta", "none"]
        + ["--output-path", str(out / PACKAGE)],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(out)},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Warning" not in output and "Error" not in output, output
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def example_of(op: Operation, name: str) -> Any:
    raw = SPEC.raw["paths"][op.path][op.method.lower()]
    for param in raw.get("parameters", []):
        if param.get("name") == name and "example" in param:
            return param["example"]
    pytest.fail(f"{op.id}: parameter {name} has no example (add one to the spec)")


def arguments(module: ModuleType, op: Operation, missing_id: bool = False) -> dict[str, Any]:
    hints = typing.get_type_hints(module.sync_detailed)
    args: dict[str, Any] = {}
    for param in op.parameters:
        if param.location == "path":
            args[snake(param.name)] = str(example_of(op, param.name)) + ("x" if missing_id else "")
        elif param.location == "query" and param.required:
            args[snake(param.name)] = example_of(op, param.name)
    if op.body_schema is not None:
        content = SPEC.raw["paths"][op.path][op.method.lower()]["requestBody"]["content"]
        body_type = next(t for t in typing.get_args(hints["body"]) or [hints["body"]])
        args["body"] = body_type.from_dict(content[FORM].get("example", {}))
    return args


def call(generated: ModuleType, op: Operation, url: str, key: str | None, **kw: Any) -> Any:
    tag = (SPEC.raw["paths"][op.path][op.method.lower()].get("tags") or ["default"])[0]
    module = importlib.import_module(f"{PACKAGE}.api.{snake(tag)}.{snake(op.id)}")
    headers = {"X-Api-Key": key} if key else {}
    client = generated.Client(base_url=url, headers=headers, raise_on_unexpected_status=True)
    return module.sync_detailed(client=client, **arguments(module, op, **kw))


OPERATIONS = sorted(SPEC.operations, key=lambda op: ORDER[op.method])


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.id)
def test_every_operation_through_the_generated_client(generated, mock, op) -> None:  # noqa: ANN001
    reply = call(generated, op, mock, PLACEHOLDER_KEY)
    assert 200 <= reply.status_code < 300, reply.content
    assert str(reply.status_code.value) in op.responses
    assert type(reply.parsed).__module__.startswith(f"{PACKAGE}.models"), reply.parsed

    for status, kw, key in (
        ("401", {}, "sk_wrong"),
        ("404", {"missing_id": True}, PLACEHOLDER_KEY),
    ):
        if status in op.responses and (status != "404" or op.path.count("{")):
            error = call(generated, op, mock, key, **kw)
            assert str(error.status_code.value) == status, error.content
            assert type(error.parsed).__name__ == "Error", error.parsed
