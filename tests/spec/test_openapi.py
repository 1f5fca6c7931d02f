"""`docs/openapi.yaml` is valid, lint-clean, and agrees with the snippet files it points at."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from derived import acting, error_snippets
from vinr_docs.spec import ErrorExample, Spec, load

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "docs" / "openapi.yaml"
SNIPPETS = ROOT / "snippets"
SPEC = load(SPEC_PATH)
ALL_ERRORS = [(op.id, e) for op in SPEC.operations for e in op.error_examples]
# Error bodies shown on the page from snippet files must be spec examples word for word: every
# one kept as a snippet (errors/ folders and error variants), found on disk, never listed.
ERROR_SNIPPETS = error_snippets()


def check(schema: dict[str, Any], value: Any, where: str) -> None:
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(value)
    ]
    assert not problems, f"{where} does not match its schema:\n" + "\n".join(problems)


def media_examples(raw: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """(where, schema, value) for every example of every response in the spec."""
    for path, item in raw["paths"].items():
        for method, op in item.items():
            for status, response in op.get("responses", {}).items():
                for media in response.get("content", {}).values():
                    for key, example in media.get("examples", {}).items():
                        where = f"{method.upper()} {path} {status} example {key}"
                        yield where, media["schema"], example["value"]


def test_spec_is_valid_openapi_31() -> None:
    validate(yaml.safe_load(SPEC_PATH.read_text()))


@pytest.mark.parametrize(
    "where, schema, value",
    list(media_examples(SPEC.raw)),
    ids=lambda x: x if isinstance(x, str) else "",
)
def test_every_example_matches_its_schema(where: str, schema: dict[str, Any], value: Any) -> None:
    check(schema, value, where)


@pytest.mark.parametrize("operation", SPEC.operations, ids=lambda op: op.id)
def test_sample_folders_exist_and_responses_match(operation: Any) -> None:
    folders = [SNIPPETS / operation.sample_folder]
    folders += sorted(SNIPPETS.glob(operation.sample_folder + "-*/"))
    assert folders[0].is_dir(), f"x-vinr-samples of {operation.id}: no folder {folders[0]}"
    for folder in folders:
        response = json.loads((folder / "response.json").read_text())
        status = "200" if "error" not in response else str(_error_status(response))
        schema = operation.responses[status]["content"]["application/json"]["schema"]
        check(schema, response, str(folder.relative_to(ROOT) / "response.json"))


def _error_status(body: dict[str, Any]) -> int:
    return SPEC.errors[body["error"]["code"]].status


@pytest.mark.parametrize("path", ERROR_SNIPPETS, ids=lambda p: str(p.relative_to(SNIPPETS)))
def test_error_snippets_are_spec_examples(path: Path) -> None:
    body = json.loads(path.read_text())
    assert any(e.body == body for _, e in ALL_ERRORS), f"{path} is no error example in the spec"


@pytest.mark.parametrize(
    "operation_id, example", ALL_ERRORS, ids=lambda x: x if isinstance(x, str) else x.key
)
def test_error_examples_follow_the_catalogue(operation_id: str, example: ErrorExample) -> None:
    entry = SPEC.errors[example.code]
    assert (example.status, example.body["error"]["type"]) == (entry.status, entry.type)
    assert example.summary and example.description, "each error needs a summary and a 'When'"
    message = example.body["error"]["message"]
    param = example.body["error"]["param"]
    template = (
        _invalid_template(SPEC, operation_id, param)
        if example.code == "parameter_invalid"
        else None
    )
    if template:
        assert message == template.format(param=param)
    elif example.code != "parameter_invalid":
        assert re.fullmatch(_template_regex(entry.message), message), (entry.message, message)


def _invalid_template(spec: Spec, operation_id: str, param: str | None) -> str | None:
    operation = spec.operation(operation_id)
    parameter = operation.parameter(param) if operation and param else None
    return parameter.invalid_message if parameter else None


def _template_regex(template: str) -> str:
    return re.sub(r"\\\{\w+\\\}", ".+", re.escape(template))


@pytest.mark.parametrize("webhook", SPEC.webhooks, ids=lambda w: w.name)
def test_event_snippets_match_webhook_schemas(webhook: Any) -> None:
    path = SNIPPETS / "events" / f"{webhook.name}.json"
    check(webhook.schema, json.loads(path.read_text()), str(path.relative_to(ROOT)))


def test_renamed_field_fails_validation() -> None:
    # The create operation's sample response, with a required field of its schema renamed.
    create = acting("create")
    schema = create.responses["200"]["content"]["application/json"]["schema"]
    body = json.loads((SNIPPETS / create.sample_folder / "response.json").read_text())
    field = next(f for f in schema["required"] if f in body and f not in ("id", "object"))
    body[f"{field}_renamed"] = body.pop(field)
    with pytest.raises(AssertionError, match=field):
        check(schema, body, "renamed")


def test_redocly_lint_is_clean() -> None:
    npx = shutil.which("npx")
    assert npx and (ROOT / "node_modules" / ".bin" / "redocly").exists(), "run `npm ci` first"
    result = subprocess.run(
        [npx, "--no-install", "redocly", "lint", str(SPEC_PATH), "--format=json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    totals = json.loads(result.stdout[result.stdout.index("{") :])["totals"]
    assert (totals["errors"], totals["warnings"]) == (0, 0), result.stdout
