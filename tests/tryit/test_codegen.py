"""The code the Try-it panel writes is proven, not just shown.

* With the spec's documented example values, the panel's code is each operation's primary sample,
  byte for byte, in every language (the samples themselves are verified on every build).
* For edited requests derived from the spec's fields (documented values, a wrong key, no key,
  every field given a hostile value, every documented field cleared, every enum chosen), the
  code in all four languages runs in the sandbox against the Python fake: the fake must receive
  exactly the request the panel sent the in-page mock, and answer exactly what the mock showed.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

import pytest

from vinr_docs import spec
from vinr_docs.engine.execute import Run, Runner
from vinr_docs.engine.model import Sample
from vinr_docs.engine.settings import Settings
from vinr_docs.fake import FakeApi
from vinr_docs.languages import LANGUAGES
from vinr_docs.tryit.generate import FIXTURE, SPEC, load_config

from .tryit_helpers import HERE, ROOT, run_node

CASES_SCRIPT = HERE / "codegen_cases.mjs"
BY_KEY = {language.key: language for language in LANGUAGES}
# Quotes, shell and Ruby interpolation, a backslash, HTML, percent, slash, non-ASCII.
HOSTILE = 'O\'Brien "$HOME" `id` \\ <img src=x onerror=alert(1)> #{1} 50% a/b & Zoë 🚀'
# Header values are ASCII on the wire (the SDKs refuse anything else).
HOSTILE_HEADER = "key 'a' \"b\" $HOME `id` \\ #{1} 50% a/b &"
HOSTILE_INTEGER = "12abc"
NO_KEY_ERROR = "No API key provided"


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    return load_config()


def documented(route: dict[str, Any]) -> dict[str, Any]:
    """The panel's initial values: each field's documented example ("" / [] when none)."""
    values: dict[str, Any] = {}
    for field in route["panel"]["fields"]:
        example = field["example"]
        if field["array"]:
            values[field["name"]] = [str(v) for v in example or []]
        else:
            values[field["name"]] = "" if example is None else str(example)
    return values


def run_cases(generated: Path, cases: list[dict[str, Any]], tmp: Path) -> list[dict[str, Any]]:
    return run_node(generated, {"cases": cases}, tmp, script=CASES_SCRIPT)


def test_documented_values_write_each_primary_sample(
    config: dict[str, Any], generated: Path, tmp_path: Path
) -> None:
    routes = config["routes"]
    cases = [
        {
            "operationId": r["operationId"],
            "key": config["auth"]["placeholderKey"],
            "values": documented(r),
        }
        for r in routes
    ]
    results = run_cases(generated, cases, tmp_path)
    spec_samples = {op.id: op.sample_folder for op in spec.load(SPEC).operations}
    assert {lang["key"] for lang in config["languages"]} == set(BY_KEY)
    compared = 0
    for route, result in zip(routes, results, strict=True):
        folder = ROOT / "snippets" / spec_samples[route["operationId"]]
        for key, code in result["code"].items():
            expected = (folder / BY_KEY[key].file).read_text(encoding="utf-8")
            assert code == expected, (
                f"{route['operationId']} ({key}): the panel's code for the documented values "
                f"differs from {folder.relative_to(ROOT)}/{BY_KEY[key].file}"
            )
            compared += 1
    assert compared == len(routes) * len(LANGUAGES)


def edited_cases(config: dict[str, Any]) -> list[dict[str, Any]]:
    """Requests a reader could make, derived from each operation's fields."""
    key = config["auth"]["placeholderKey"]
    cases = []
    for route in config["routes"]:
        op, base = route["operationId"], documented(route)

        def case(label: str, values: dict[str, Any], api_key: str = key, op: str = op) -> None:
            cases.append({"operationId": op, "key": api_key, "values": values, "label": label})

        case("documented values", base)
        case("a wrong key", base, "sk_test_wrong")
        case("no key", base, "")
        for field in route["panel"]["fields"]:
            name = field["name"]
            if field["array"]:
                case(f"every {name} chosen", {**base, name: [str(v) for v in field["enum"]]})
                continue
            hostile = (
                HOSTILE_HEADER
                if field["in"] == "header"
                else HOSTILE_INTEGER
                if field["type"] == "integer"
                else HOSTILE
            )
            case(f"{name} = {hostile!r}", {**base, name: hostile})
            if base[name] != "":
                case(f"{name} cleared", {**base, name: ""})
    return cases


def _sample(tmp: Path, index: int, language: str, code: str, operation: str) -> Sample:
    folder = tmp / f"case-{index:03d}"
    folder.mkdir(exist_ok=True)
    path = folder / BY_KEY[language].file
    path.write_text(code, encoding="utf-8")
    return Sample(f"case-{index:03d}", BY_KEY[language], path, operation, tmp)


def _pairs(text: str) -> dict[str, list[str]]:
    return parse_qs(text, keep_blank_values=True)


def _problems(case: dict[str, Any], language: str, result: dict[str, Any], run: Run) -> list[str]:
    where = f"{case['operationId']}, {case['label']}, {language}"
    execution = run.execution
    output = "" if execution is None else f"{execution.stdout}{execution.stderr}"
    exchanges = [] if run.session is None else run.session.exchanges
    if case["key"] == "" and language != "curl":
        # The SDKs refuse to send without a key, as the panel's code says in a comment.
        if exchanges or NO_KEY_ERROR not in output:
            return [
                f"{where}: expected the SDK to raise {NO_KEY_ERROR!r} and send nothing, "
                f"got {len(exchanges)} request(s) and output {output[-400:]!r}"
            ]
        return []
    if len(exchanges) != 1:
        return [f"{where}: the code sent {len(exchanges)} requests (want 1); output:\n{output}"]
    got, request, reply = exchanges[0], result["request"], result["reply"]
    problems = []
    sent_headers = {k.lower(): v for k, v in request["headers"].items()}
    checks = {
        "method": (got.method, request["method"]),
        "path": (unquote(got.path), unquote(request["path"])),
        "query": (got.query, _pairs(request["query"])),
        "form": (got.form, _pairs(request["body"])),
        "key header": (got.headers.get("x-api-key"), sent_headers.get("x-api-key")),
        "idempotency header": (
            got.headers.get("idempotency-key"),
            sent_headers.get("idempotency-key"),
        ),
        "status": (got.status, reply["status"]),
        "body": (got.body, reply["body"]),
        "replayed header": (
            got.response_headers.get("Idempotent-Replayed"),
            reply["headers"].get("Idempotent-Replayed"),
        ),
    }
    for what, (fake, mock) in checks.items():
        if fake != mock:
            problems.append(f"{where}: {what}: the fake saw {fake!r}, the mock {mock!r}")
    return problems


def test_generated_code_gets_what_the_mock_showed(
    config: dict[str, Any], generated: Path, tmp_path: Path
) -> None:
    cases = edited_cases(config)
    results = run_cases(generated, cases, tmp_path)
    samples_dir = tmp_path / "samples"
    samples_dir.mkdir()
    shutil.copyfile(FIXTURE, samples_dir / "state.json")
    jobs = []
    for index, (case, result) in enumerate(zip(cases, results, strict=True)):
        secret = case["key"] or None
        for language, code in result["code"].items():
            sample = _sample(samples_dir, index, language, code, case["operationId"])
            jobs.append((case, language, result, sample, secret))

    settings = Settings.for_project(ROOT)
    api = FakeApi.from_file(settings.spec, "docs/openapi.yaml")
    with Runner(api, settings) as runner, ThreadPoolExecutor(max(1, settings.workers)) as pool:
        runs = list(pool.map(lambda job: runner.run(job[3], secret_key=job[4]), jobs))
    problems = [
        problem
        for (case, language, result, _, _), run in zip(jobs, runs, strict=True)
        for problem in _problems(case, language, result, run)
    ]
    assert not problems, "\n".join(problems)
    # Every language ran every case (nothing skipped).
    assert len(runs) == len(cases) * len(LANGUAGES)
