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
    assert (create.method, create.path, create.sample_folder) == (
        "POST",
        "/v1/customers",
        "customers/create",
    )
    email = create.parameter("email")
    assert (email.location, email.required, email.schema["format"]) == ("body", True, "email")
    assert create.parameter("Idempotency-Key").location == "header"
    assert create.body_required and create.body_schema["additionalProperties"] is False


def test_refs_are_resolved_and_local_keywords_win(spec) -> None:  # type: ignore[no-untyped-def]
    customer = spec.schema("Customer")
    assert "$ref" not in str(spec.raw)
    expandable = customer["properties"]["default_payment_method"]["oneOf"]
    assert expandable[1]["properties"]["card"]["oneOf"][0]["required"][0] == "brand"


def test_error_examples_carry_code_and_when(spec) -> None:  # type: ignore[no-untyped-def]
    [delete] = [o for o in spec.operations if o.method == "DELETE"]
    codes = {(e.status, e.code) for e in delete.error_examples}
    assert (409, "customer_has_active_subscriptions") in codes
    assert (401, "api_key_invalid") in codes
    assert all(e.description for e in delete.error_examples)


def test_catalogue(spec) -> None:  # type: ignore[no-untyped-def]
    assert spec.errors["api_key_invalid"].status == 401
    # {resource} is the x-vinr-resources name the fake's `find` looked in
    assert spec.errors["resource_missing"].message == "No such {resource}: {id}."


def test_operation_for_folder(spec) -> None:  # type: ignore[no-untyped-def]
    for op in spec.operations:
        assert spec.operation_for_folder(op.sample_folder) is op
        assert spec.operation_for_folder(f"{op.sample_folder}-some-variant") is op
    assert spec.operation_for_folder("customers/errors") is None
    assert spec.operation_for_folder("customers/creates") is None


def test_webhooks(spec) -> None:  # type: ignore[no-untyped-def]
    assert [w.name for w in spec.webhooks] == list(spec.raw["webhooks"])
    updated = spec.webhook("customer.updated").schema
    assert updated["allOf"][1]["properties"]["data"]["required"] == [
        "object",
        "previous_attributes",
    ]


def test_invalid_spec_names_file_and_pointer(tmp_path: Path) -> None:
    def break_it(document) -> None:  # type: ignore[no-untyped-def]
        document["paths"]["/v1/customers"]["post"]["parameters"][0] = {"name": "x", "in": "body"}

    path = write_spec(tmp_path, break_it)
    with pytest.raises(SpecError) as error:
        load(path)
    assert f"{path}#/paths/~1v1~1customers/post/parameters/0" in str(error.value)


def test_missing_convention_is_a_spec_error(tmp_path: Path) -> None:
    def drop_samples(document) -> None:  # type: ignore[no-untyped-def]
        del document["paths"]["/v1/customers"]["post"]["x-vinr-samples"]

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
        document["paths"]["/v1/customers"]["post"]["parameters"][0] = {"name": "x", "in": "body"}

    monkeypatch.undo()
    monkeypatch.setattr(loader, "VALID_MARKS", tmp_path / "marks")
    with pytest.raises(SpecError, match="parameters/0"):
        load(write_spec(tmp_path, break_it))
    assert len(list((tmp_path / "marks").iterdir())) == 1
