"""`vinr_docs.spec`: loading, validation errors and the typed model, on small specs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from vinr_docs.spec import SpecError, load

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "docs" / "openapi.yaml"


@pytest.fixture(scope="module")
def spec():  # type: ignore[no-untyped-def]
    return load(SPEC_PATH)


def with_parameters(document: dict) -> tuple[str, str]:
    """(path, method) of the document's first operation with a parameters list."""
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and operation.get("parameters"):
                return path, method
    raise AssertionError("the spec has no operation with parameters")


def raw_operation(operation_id: str) -> tuple[str, str, dict]:
    """(path, method, object) of the operation as written in the spec file."""
    document = yaml.safe_load(SPEC_PATH.read_text())
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                return path, method, operation
    raise AssertionError(f"{operation_id} is not in {SPEC_PATH}")


def write_spec(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    document = yaml.safe_load(SPEC_PATH.read_text())
    change(document)
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def test_operations_are_typed(spec) -> None:  # type: ignore[no-untyped-def]
    # The operation with a required form body and an idempotency key (found, not named).
    create = next(o for o in spec.operations if o.body_required and o.parameter("Idempotency-Key"))
    assert spec.operation(create.id) is create
    path, method, written = raw_operation(create.id)
    assert (create.method, create.path, create.sample_folder) == (
        method.upper(),
        path,
        written["x-vinr-samples"],
    )
    required = create.parameter(create.body_schema["required"][0])
    assert (required.location, required.required) == ("body", True)
    assert required.schema == create.body_schema["properties"][required.name]
    assert create.parameter("Idempotency-Key").location == "header"
    assert create.body_required and create.body_schema["additionalProperties"] is False


def test_refs_are_resolved_and_local_keywords_win(spec) -> None:  # type: ignore[no-untyped-def]
    """A reference field (x-vinr-resources `references`) is an id or the referenced object,
    resolved in place."""
    assert "$ref" not in str(spec.raw)
    resources = spec.raw["x-vinr-resources"]
    name, declared = next((n, r) for n, r in resources.items() if r.get("references"))
    field, target = next(iter(declared["references"].items()))
    expandable = spec.schema(declared["schema"])["properties"][field]["oneOf"]
    target_schema = spec.schema(resources[target]["schema"])
    assert expandable[1]["properties"] == target_schema["properties"], (name, field)


def test_error_examples_carry_code_and_when(spec) -> None:  # type: ignore[no-untyped-def]
    """Each refusal an operation declares is one of its error examples, with the catalogue's
    status, and so is the 401 of its key; every example says when it happens."""
    refusing = [
        op for op in spec.operations if raw_operation(op.id)[2]["x-vinr-behaviour"].get("refuse")
    ]
    assert refusing, "no operation declares a refusal"
    for operation in refusing:
        codes = {(e.status, e.code) for e in operation.error_examples}
        for rule in raw_operation(operation.id)[2]["x-vinr-behaviour"]["refuse"]:
            assert (spec.errors[rule["error"]].status, rule["error"]) in codes, operation.id
        assert (401, "api_key_invalid") in codes
        assert all(e.description for e in operation.error_examples)


def test_catalogue(spec) -> None:  # type: ignore[no-untyped-def]
    assert spec.errors["api_key_invalid"].status == 401
    # {resource} is the x-vinr-resources name the fake's `find` looked in
    assert spec.errors["resource_missing"].message == "No such {resource}: {id}."


def test_operation_for_folder(spec) -> None:  # type: ignore[no-untyped-def]
    for op in spec.operations:
        assert spec.operation_for_folder(op.sample_folder) is op
        assert spec.operation_for_folder(f"{op.sample_folder}-some-variant") is op
        assert spec.operation_for_folder(f"{Path(op.sample_folder).parent}/errors") is None
        assert spec.operation_for_folder(f"{op.sample_folder}s") is None


def test_webhooks(spec) -> None:  # type: ignore[no-untyped-def]
    assert [w.name for w in spec.webhooks] == list(spec.raw["webhooks"])
    # The event of an update carries the previous values; the others only the object.
    updates = {
        f"{raw_operation(op.id)[2]['x-vinr-behaviour']['update']}.updated"
        for op in spec.operations
        if "update" in raw_operation(op.id)[2]["x-vinr-behaviour"]
    }
    assert updates & {w.name for w in spec.webhooks}, "no update emits an event"
    for webhook in spec.webhooks:
        required = webhook.schema["allOf"][1]["properties"]["data"]["required"]
        expected = ["object", "previous_attributes"] if webhook.name in updates else ["object"]
        assert required == expected, webhook.name


def test_invalid_spec_names_file_and_pointer(tmp_path: Path) -> None:
    def break_it(document) -> None:  # type: ignore[no-untyped-def]
        where, method = with_parameters(document)
        document["paths"][where][method]["parameters"][0] = {"name": "x", "in": "body"}

    path = write_spec(tmp_path, break_it)
    where, method = with_parameters(yaml.safe_load(SPEC_PATH.read_text()))
    pointer = where.replace("~", "~0").replace("/", "~1")
    with pytest.raises(SpecError) as error:
        load(path)
    assert f"{path}#/paths/{pointer}/{method}/parameters/0" in str(error.value)


def test_missing_convention_is_a_spec_error(tmp_path: Path) -> None:
    def drop_samples(document) -> None:  # type: ignore[no-untyped-def]
        where, method = with_parameters(document)
        del document["paths"][where][method]["x-vinr-samples"]

    with pytest.raises(SpecError, match="x-vinr-samples"):
        load(write_spec(tmp_path, drop_samples))


def test_validation_is_remembered_only_for_valid_content(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A valid document is validated once (a mark keyed by its content and the validator's
    version); an edited, invalid one is still refused with its pointer."""
    import openapi_spec_validator

    from vinr_docs.spec import loader

    monkeypatch.setattr(loader, "VALID_MARKS", tmp_path / "marks")
    valid = write_spec(tmp_path, lambda document: None)
    load(valid)
    assert len(list((tmp_path / "marks").iterdir())) == 1
    calls = []
    monkeypatch.setattr(  # the loader imports it where it validates
        openapi_spec_validator,
        "OpenAPIV31SpecValidator",
        lambda doc: calls.append(doc) or pytest.fail("re-run"),
    )
    load(valid)  # remembered: the validator is not run again
    assert calls == []

    def break_it(document) -> None:  # type: ignore[no-untyped-def]
        where, method = with_parameters(document)
        document["paths"][where][method]["parameters"][0] = {"name": "x", "in": "body"}

    monkeypatch.undo()
    monkeypatch.setattr(loader, "VALID_MARKS", tmp_path / "marks")
    with pytest.raises(SpecError, match="parameters/0"):
        load(write_spec(tmp_path, break_it))
    assert len(list((tmp_path / "marks").iterdir())) == 1
