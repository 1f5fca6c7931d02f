"""Broken curl, JavaScript and Ruby samples, drifting tabs, edited error bodies and event
payloads, and a renamed spec field: each fails verification naming the file (and value)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from fault_helpers import edit, result_of, text, verify_folder

from derived import SNIPPETS, SPEC, acting, raw, request_schema, variants
from vinr_docs import spec as spec_module
from vinr_docs.engine import Settings, verify
from vinr_docs.engine.pipeline import discover_samples
from vinr_docs.engine.report import render_result

pytestmark = pytest.mark.slow

# The faults are made in the spec's first create operation's samples, with its documented body.
OPERATION = acting("create")
FOLDER = OPERATION.sample_folder
CREATE = f"snippets/{FOLDER}"
BODY: dict = next(iter(raw(OPERATION)["requestBody"]["content"].values()))["example"]
RESOURCE = raw(OPERATION)["x-vinr-behaviour"]["create"]
# A body field curl must --data-urlencode (its example holds a `+`), and one of free text.
ENCODED = next(k for k, v in BODY.items() if "+" in str(v))
FREE = next(k for k in BODY if not {"pattern", "format"} & request_schema(OPERATION, k).keys())
INVALID = request_schema(OPERATION, ENCODED)["x-vinr-invalid"].replace("{param}", ENCODED)
UNAUTHORIZED = next(code for code, error in SPEC.errors.items() if error.status == 401)


def failing(report, language_file: str) -> str:  # noqa: ANN001
    result = result_of(report, language_file)
    assert not result.ok, f"{language_file} passed"
    return render_result(result)


def first_operation(project: Path):  # noqa: ANN201 - (Operation, x-vinr-sdk names)
    spec = spec_module.load(project / "docs/openapi.yaml")
    operation = spec.operations[0]
    return operation, spec.raw["paths"][operation.path][operation.method.lower()]["x-vinr-sdk"]


CLIENT_FILES = {"node.js": "node", "python.py": "python", "ruby.rb": "ruby"}


@pytest.mark.parametrize("language_file", sorted(CLIENT_FILES))
@pytest.mark.parametrize("part", ["method", "class"])
def test_misspelled_client_name_says_which_x_vinr_sdk_to_fix(
    project_copy: Path, language_file: str, part: str
) -> None:
    operation, names = first_operation(project_copy)
    owner, method = names[CLIENT_FILES[language_file]].rsplit(".", 1)
    owner = owner.split(".")[-1]
    if part == "method":
        old, new = f".{method}(", f".{method}x("
    else:
        old, new = (
            (f".{owner}.", f".{owner}x.") if language_file == "node.js" else (owner, owner + "x")
        )
    folder = operation.sample_folder
    edit(project_copy, f"snippets/{folder}/{language_file}", lambda s: s.replace(old, new))
    report = verify_folder(project_copy, folder)
    out = failing(report, language_file)
    line = next(
        i
        for i, text in enumerate((project_copy / "docs/openapi.yaml").read_text().splitlines(), 1)
        if text.strip() == f"operationId: {operation.id}"
    )
    assert re.search(rf"✗ snippets/{re.escape(folder)}/{re.escape(language_file)}:\d+", out)
    assert f"x-vinr-sdk of {operation.id} at docs/openapi.yaml:{line}" in out, out
    assert repr(names[CLIENT_FILES[language_file]]) in out
    assert (
        "engine bug" not in out
        and "Traceback (most recent call last)" not in out.split("output")[0]
    )
    page = result_of(report, language_file).sample.shown[0].page
    assert f"shown at {page}" in out


def test_wrong_parameter_in_ruby_rb(project_copy: Path) -> None:
    edit(project_copy, f"{CREATE}/ruby.rb", lambda s: s.replace(f"{ENCODED}:", f"{ENCODED}_x:"))
    out = failing(verify_folder(project_copy, FOLDER), "ruby.rb")
    assert f"✗ {CREATE}/ruby.rb" in out
    assert f"Received unknown parameter: {ENCODED}_x." in out
    assert f"{OPERATION.method} {OPERATION.path}" in out and "→ 400" in out


@pytest.mark.parametrize(
    "fault,expected",
    [
        (
            lambda s: s.replace(f"{OPERATION.path} ", f"{OPERATION.path[:-1]} "),
            f"no operation in docs/openapi.yaml serves {OPERATION.method} {OPERATION.path[:-1]}",
        ),
        (lambda s: s.replace('  -H "X-Api-Key: $VINR_SECRET_KEY" \\\n', ""), UNAUTHORIZED),
        (
            lambda s: s.replace(
                f"--data-urlencode {ENCODED}={BODY[ENCODED]}", f"-d {ENCODED}={BODY[ENCODED]}"
            ),
            INVALID,
        ),
    ],
    ids=["path", "key", "encoding"],
)
def test_broken_curl_sample(project_copy: Path, fault, expected: str) -> None:  # noqa: ANN001
    edit(project_copy, f"{CREATE}/curl.sh", fault)
    out = failing(verify_folder(project_copy, FOLDER), "curl.sh")
    assert f"✗ {CREATE}/curl.sh" in out and expected in out


def test_a_tab_sending_another_value_is_named_with_the_value(project_copy: Path) -> None:
    value = str(BODY[FREE])
    other = value[: max(1, len(value) // 2)]
    edit(project_copy, f"{CREATE}/node.js", lambda s: s.replace(f"'{value}'", f"'{other}'"))
    report = verify_folder(project_copy, FOLDER)
    out = failing(report, "node.js")
    assert (
        f"{CREATE}/node.js sends {FREE}='{other}' but curl.sh, python.py and "
        f"ruby.rb send {FREE}='{value}'"
    ) in out
    assert result_of(report, "python.py").ok


def test_an_edited_error_body_in_the_spec_is_not_what_any_sample_gets(project_copy: Path) -> None:
    message = INVALID
    producer = next(
        folder
        for folder in variants(OPERATION)
        if message in (folder / "response.json").read_text(encoding="utf-8")
    )
    spec = spec_module.load(project_copy / "docs/openapi.yaml")
    documenting = next(
        op.id
        for op in spec.operations
        if any(message in json.dumps(e.body) for e in op.error_examples)
    )
    edit(
        project_copy,
        "docs/openapi.yaml",
        lambda s: s.replace(message, message[:-1] + " (edited).", 1),
    )
    report = verify(
        Settings.for_project(project_copy, use_cache=False),
        lambda s: s.operation == documenting,
    )
    assert not report.ok  # the page's error JSON no longer matches what the samples receive
    assert producer.name in text(report)


def test_an_edited_event_payload_fails_the_operation_that_emits_it(project_copy: Path) -> None:
    event = f"{RESOURCE}.created"
    payload = f"snippets/events/{event}.json"
    created = json.loads((SNIPPETS.parent / payload).read_text())["created"]
    edit(
        project_copy,
        payload,
        lambda s: s.replace(f'"created": {created}', f'"created": {created + 999}', 1),
    )
    report = verify_folder(project_copy, FOLDER)
    out = failing(report, "python.py")
    assert f"the {event} event differs from the documented payload ({payload})" in out
    assert f'+  "created": {created},' in out


def test_renaming_a_field_in_the_spec_fails_every_sample_and_response_using_it(
    project_copy: Path,
) -> None:
    spec_path = project_copy / "docs/openapi.yaml"
    spec = yaml.safe_load(spec_path.read_text())
    schema = spec["components"]["schemas"][spec["x-vinr-resources"][RESOURCE]["schema"]]
    field = next(k for k in schema["required"] if k in BODY)  # a field the create call sends
    renamed = f"{field}_renamed"
    schema["properties"] = {
        (renamed if k == field else k): v for k, v in schema["properties"].items()
    }
    schema["required"] = [(renamed if k == field else k) for k in schema["required"]]
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False))
    report = verify(Settings.for_project(project_copy, use_cache=False))
    failed = {r.label for r in report.failures}
    # every sample whose documented reply contains an object with the field must fail
    expected = {
        r.label
        for r in report.results
        if re.search(
            rf'"{field}":', (r.sample.response.read_text() if r.sample.response.is_file() else "")
        )
    }
    assert expected, f"the content has no object with {field}"
    assert expected <= failed, sorted(expected - failed)
    for result in report.failures:
        if result.label in expected:
            rendered = render_result(result)
            assert (
                field in rendered
                and str(result.sample.response.name) in rendered
                or "fixture" in rendered
            )


def test_malformed_response_json_names_file_line_and_column(project_copy: Path) -> None:
    edit(project_copy, f"{CREATE}/response.json", lambda s: s.replace('"id":', '"id"'))
    out = failing(verify_folder(project_copy, FOLDER), "python.py")
    assert re.search(rf"{re.escape(CREATE)}/response\.json:2:\d+: malformed JSON", out)


def test_unusable_fixture_names_the_state_file(project_copy: Path) -> None:
    edit(project_copy, f"{CREATE}/state.json", lambda s: s.replace('"now"', '"when"'))
    out = failing(verify_folder(project_copy, FOLDER), "python.py")
    assert "its state fixture is unusable: unknown key 'when'" in out
    assert f"{CREATE}/state.json" in out


def test_documented_response_edit_fails_every_language(project_copy: Path) -> None:
    edit(
        project_copy,
        f"{CREATE}/response.json",
        lambda s: s.replace(json.dumps(BODY[FREE]), json.dumps(f"{BODY[FREE]}x")),
    )
    report = verify_folder(project_copy, FOLDER)
    for result in report.results:
        out = render_result(result)
        assert not result.ok and f'-  "{FREE}": "{BODY[FREE]}x",' in out, result.label
    edited = json.loads((project_copy / CREATE / "response.json").read_text())
    assert edited[FREE] == f"{BODY[FREE]}x"


# The clients' recorders wrap the operations the clients were built with. A recorder that misses
# an operation (once: a name dropped from a hand-kept list) must fail the samples calling it, not
# skip the "what the client returned" check.
UNRECORDED = {
    "python.py": ("src/vinr/resources.py", '"OPERATIONS": tuple(ops)', '"OPERATIONS": ()'),
    "node.js": ("clients/js/src/index.js", "Namespace.operations.push(method);", ""),
    "ruby.rb": (
        "clients/ruby/lib/vinr/operations.rb",
        "klass.const_get(:OPERATIONS) << method.to_sym",
        "",
    ),
}


@pytest.mark.parametrize("language_file", sorted(UNRECORDED))
def test_a_call_the_recorder_does_not_see_fails_the_sample(
    project_copy: Path, language_file: str
) -> None:
    client, old, new = UNRECORDED[language_file]
    edit(project_copy, client, lambda s: s.replace(old, new))
    folder = spec_module.load(project_copy / "docs/openapi.yaml").operations[0].sample_folder
    report = verify_folder(project_copy, folder)
    out = failing(report, language_file)
    assert "reported no call" in out and language_file in out
    assert result_of(report, "curl.sh").ok


def shared_error(project: Path):  # noqa: ANN201 - (operation, example, its own folders)
    """An error example one operation documents with the same status and body as another, and
    the folders of that operation whose documented reply it is (derived from the spec)."""
    spec = spec_module.load(project / "docs/openapi.yaml")
    snippets = project / "snippets"
    for operation in spec.operations:
        for example in operation.error_examples:
            others = [
                other
                for other in spec.operations
                if other is not operation
                and any(
                    (e.status, e.body) == (example.status, example.body)
                    for e in other.error_examples
                )
            ]
            own = [
                folder
                for folder in sorted(snippets.glob(f"{operation.sample_folder}-*"))
                if spec.operation_for_folder(folder.relative_to(snippets).as_posix()) is operation
                and (folder / "response.json").is_file()
                and json.loads((folder / "response.json").read_text()) == example.body
            ]
            if others and own:
                return operation, example, own
    raise AssertionError("no error body is documented by two operations")


def test_an_operations_errors_are_covered_by_its_own_samples_only(project_copy: Path) -> None:
    """Another operation's sample getting the same body does not cover it (once it did)."""
    operation, example, own = shared_error(project_copy)
    for folder in own:
        shutil.rmtree(folder)
    full = verify(Settings.for_project(project_copy, use_cache=False))
    alone = verify(
        Settings.for_project(project_copy, use_cache=False),
        lambda sample: sample.operation == operation.id,
    )
    for report in (full, alone):
        unverified = [p for p in report.problems if p.kind == "error_unverified"]
        assert any(
            operation.id in p.message
            and f"'{example.key}'" in p.message
            and re.fullmatch(r"docs/openapi\.yaml:\d+", p.where or "")
            for p in unverified
        ), report.render()
        [row] = [row for row in report.matrix if row.operation == operation.id]
        assert row.cells[-2].startswith("failed"), row


def test_an_operation_verified_alone_gets_the_verdict_of_the_full_run(project_copy: Path) -> None:
    full = verify(Settings.for_project(project_copy, use_cache=False))
    assert full.ok, full.render()
    for operation in spec_module.load(project_copy / "docs/openapi.yaml").operations:
        alone = verify(
            Settings.for_project(project_copy, use_cache=False),
            lambda sample, op=operation.id: sample.operation == op,
        )
        assert alone.ok, alone.render()
        [row] = [r for r in alone.matrix if r.operation == operation.id]
        assert row in full.matrix


def test_a_tab_that_differs_from_the_rest_is_the_one_blamed(project_copy: Path) -> None:
    """Once "curl.sh sends 1 request(s) but python.py sends 0" landed on curl.sh, the right file."""
    folder = spec_module.load(project_copy / "docs/openapi.yaml").operations[0].sample_folder
    edit(project_copy, f"snippets/{folder}/python.py", lambda s: "raise SystemExit(0)\n" + s)
    report = verify_folder(project_copy, folder)
    out = failing(report, "python.py")
    assert (
        f"snippets/{folder}/python.py sends 0 request(s) but curl.sh, node.js and ruby.rb send 1"
    ) in out
    for other in ("curl.sh", "node.js", "ruby.rb"):
        assert result_of(report, other).ok, render_result(result_of(report, other))


def test_an_operation_the_fake_cannot_serve_names_the_spec_line(project_copy: Path) -> None:
    """A copied operation under a new path and name: verification either serves it or names
    the spec line to change; never a crash of the engine (once: "engine bug", a traceback)."""
    spec_path = project_copy / "docs/openapi.yaml"
    operation, names = first_operation(project_copy)
    document = yaml.safe_load(spec_path.read_text())
    copied = json.loads(json.dumps(document["paths"][operation.path][operation.method.lower()]))
    copied["operationId"] = new_id = operation.id + "Copied"
    copied["x-vinr-samples"] = operation.sample_folder + "copied"
    copied["x-vinr-sdk"] = {k: v + "Copied" if k != "result" else v for k, v in names.items()}
    document["paths"][operation.path + "/copied"] = {operation.method.lower(): copied}
    spec_path.write_text(yaml.safe_dump(document, sort_keys=False))
    snippets = project_copy / "snippets"
    shutil.copytree(snippets / operation.sample_folder, snippets / copied["x-vinr-samples"])
    report = verify(
        Settings.for_project(project_copy, use_cache=False),
        lambda sample: sample.operation == new_id,
    )
    lines = spec_path.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.strip() == f"operationId: {new_id}")
    end = next(
        (i for i, text in enumerate(lines, 1) if i > line and re.match(r"^ {0,2}\S", text)),
        len(lines),
    )
    about = [p for p in report.problems if new_id in p.message]
    for problem in about:  # each names a line of the copied operation
        found = re.fullmatch(r"docs/openapi\.yaml:(\d+)", problem.where or "")
        assert found and line - 3 <= int(found.group(1)) < end, problem.render()
    assert "engine bug" not in report.render() and "Traceback" not in report.render()


def test_a_fixture_field_the_schema_forbids_is_named_with_the_fixture(project_copy: Path) -> None:
    """A reply built from a fixture object that lacks a field once said "a bug in the fake"."""
    settings = Settings.for_project(project_copy, use_cache=False)
    samples = discover_samples(settings, spec_module.load(settings.spec)).samples

    def objects(sample):  # noqa: ANN001, ANN202 - the fixture's objects (dicts with an id)
        state = json.loads(sample.fixture.read_text())
        return state, [
            item
            for value in state.values()
            if isinstance(value, list)
            for item in value
            if isinstance(item, dict) and "id" in item
        ]

    sample = next(
        s for s in samples if s.fixture is not None and s.response.is_file() and objects(s)[1]
    )
    state, found = objects(sample)
    obj = found[0]
    field = next(k for k, v in obj.items() if k != "id" and isinstance(v, str))
    del obj[field]
    sample.fixture.write_text(json.dumps(state, indent=2))
    report = verify(settings, lambda s: obj["id"] in s.response.read_text())
    fixture = sample.fixture.relative_to(project_copy).as_posix()
    outs = [
        render_result(r) for r in report.failures if "breaks docs/openapi.yaml" in render_result(r)
    ]
    assert outs, text(report)
    for out in outs:
        assert field in out and f"fixture state {fixture}" in out, out
        assert "a bug in the fake" not in out
