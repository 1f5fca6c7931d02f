"""The mock's config is generated from the spec: an edit to the spec changes what the in-page mock
answers, and what the mock cannot do fails the build with a message that says so."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import yaml

from derived import SPEC as DERIVED
from derived import acting, raw
from vinr_docs.fake.rules import FORM
from vinr_docs.tryit.generate import FIXTURE, SPEC, ConfigError, load_config, write

from .tryit_helpers import run_node, wire_request


def edited_spec(tmp: Path, edit: Any) -> Path:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    edit(spec)
    path = tmp / "openapi.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def ask(out: Path, tmp: Path, **step: Any) -> dict[str, Any]:
    """One request to the mock generated in `out`."""
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    data = {
        "clockStart": 0,
        "scenarios": [
            {
                "name": "one",
                "config": config,
                "steps": [{"name": "one", "request": wire_request(step)}],
            }
        ],
    }
    return run_node(out / "mock.js", data, tmp)[0]["records"][0]


def test_a_message_edited_in_the_spec_is_the_mocks_new_error_body(tmp_path: Path) -> None:
    # The create operation's example body with one patterned field made invalid; the schema
    # that declares that field's message gets a new one.
    create = acting("create")
    example = raw(create)["requestBody"]["content"][FORM]["example"]
    param = next(
        p
        for p in create.parameters
        if p.location == "body" and p.name in example and "pattern" in p.schema
    )
    bad = "555"
    assert not re.search(param.schema["pattern"], bad)

    def edit(spec: dict) -> None:
        schemas = [
            s
            for s in spec["components"]["schemas"].values()
            if s.get("x-vinr-invalid") == param.invalid_message
        ]
        assert schemas, f"no schema declares {param.invalid_message!r}"
        for schema in schemas:
            schema["x-vinr-invalid"] = "{param} must look like the example."

    out = tmp_path / "out"
    write(out, edited_spec(tmp_path, edit))
    body = urlencode({**example, param.name: bad})
    reply = ask(out, tmp_path, method=create.method, path=create.path, body=body)
    assert reply["status"] == 400
    assert reply["body"]["error"]["message"] == f"{param.name} must look like the example."


def test_a_schema_edited_in_the_spec_is_what_the_mocks_validators_check(tmp_path: Path) -> None:
    def edit(spec: dict) -> None:
        spec["components"]["parameters"]["Limit"]["schema"]["maximum"] = 50
        spec["x-vinr-errors"]["api_key_invalid"]["message"] = "Send X-Api-Key."

    out = tmp_path / "out"
    write(out, edited_spec(tmp_path, edit))
    path = acting("list").path
    assert ask(out, tmp_path, method="GET", path=path, query="limit=60")["status"] == 400
    assert ask(out, tmp_path, method="GET", path=path, query="limit=50")["status"] == 200
    unauthorized = ask(out, tmp_path, method="GET", path=path, key=None)
    assert unauthorized["body"]["error"]["message"] == "Send X-Api-Key."


def test_the_config_carries_the_fixture_and_the_placeholder_key() -> None:
    config = load_config()
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    collections = {k: v for k, v in fixture.items() if isinstance(v, list) and k != "next_ids"}
    assert collections
    for name, items in collections.items():
        assert [c["id"] for c in config["state"]["collections"][name]] == [c["id"] for c in items]
    assert config["auth"]["placeholderKey"].startswith("sk_test_")
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    operations = {o["operationId"] for item in spec["paths"].values() for o in item.values()}
    assert {r["operationId"] for r in config["routes"]} == operations
    assert set(config["plan"]["operations"]) == operations


def test_validators_from_another_spec_are_refused(generated: Path, tmp_path: Path) -> None:
    def edit(spec: dict) -> None:
        # the first schema with a length limit gets another one
        schema = next(s for s in spec["components"]["schemas"].values() if "maxLength" in s)
        schema["maxLength"] = 10

    config = load_config(edited_spec(tmp_path, edit))
    data = {"clockStart": 0, "scenarios": [{"name": "stale", "config": config, "steps": []}]}
    with pytest.raises(AssertionError, match="validators.js was built from another config"):
        run_node(generated / "mock.js", data, tmp_path)


def test_a_parameter_type_the_mock_cannot_read_fails_the_build(tmp_path: Path) -> None:
    def edit(spec: dict) -> None:
        spec["components"]["parameters"]["Limit"]["schema"] = {"type": "boolean"}

    with pytest.raises(ConfigError, match="'limit' has type 'boolean'.*teach mock.js"):
        load_config(edited_spec(tmp_path, edit))


def test_generated_code_has_no_eval(generated: Path) -> None:
    for name in ("validators.js", "mock.js", "email.js", "tryit-mock.js"):
        text = (generated / name).read_text(encoding="utf-8")
        assert "new Function" not in text and "eval(" not in text, name


def test_an_operation_without_its_sdk_call_fails_with_its_name(tmp_path: Path) -> None:
    operation = DERIVED.operations[-1]  # any operation: the spec's last

    def edit(spec: dict) -> None:
        del raw(operation, spec)["x-vinr-sdk"]

    with pytest.raises(ConfigError, match=f"{operation.id}: x-vinr-sdk"):
        load_config(edited_spec(tmp_path, edit))


def test_a_header_the_sdks_cannot_send_fails_with_its_name(tmp_path: Path) -> None:
    operation = acting("list")

    def edit(spec: dict) -> None:
        raw(operation, spec).setdefault("parameters", []).append(
            {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}
        )

    with pytest.raises(ConfigError, match=f"{operation.id}: header 'X-Trace'"):
        load_config(edited_spec(tmp_path, edit))


def test_the_site_bundle_needs_the_npm_tools(tmp_path: Path) -> None:
    """A project without `npm ci` run gets the command to run, not a node stack trace."""
    from vinr_docs.tryit.site import bundle

    with pytest.raises(ConfigError, match="make setup"):
        bundle(tmp_path, SPEC, FIXTURE)


def test_the_site_bundle_is_reused_for_unchanged_inputs(tmp_path: Path) -> None:
    from vinr_docs.tryit.site import bundle

    (tmp_path / "node_modules").symlink_to(SPEC.parents[1] / "node_modules")
    (tmp_path / "package-lock.json").write_bytes(
        (SPEC.parents[1] / "package-lock.json").read_bytes()
    )
    first = bundle(tmp_path, SPEC, FIXTURE)
    stamp = first.stat().st_mtime_ns
    assert bundle(tmp_path, SPEC, FIXTURE) == first and first.stat().st_mtime_ns == stamp
    edited = edited_spec(tmp_path, lambda spec: spec["info"].update(version="2099-01-01"))
    second = bundle(tmp_path, edited, FIXTURE)
    assert second != first and second.is_file() and not first.exists()  # one version kept
