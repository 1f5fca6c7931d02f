"""The whole pipeline on small projects: verdicts, messages, cache, summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vinr_docs.report import Report
from vinr_docs.verify import Settings, verify

CREATE = 'import vinr\n\ncustomer = vinr.Customer.create(email="ana@example.com")\n'
RESPONSE = {"id": "cust_A", "email": "ana@example.com", "name": None, "phone": None,
            "default_payment_method": None, "created": 1716300000}
CURL = 'curl -X POST https://api.vinr.com/v1/customers \\\n  -d email=ana@example.com\n'
PAGE = '''# Customers

=== "curl"

    ```bash
    --8<-- "c/create/curl.sh"
    ```

=== "Python"

    ```python
    --8<-- "c/create/python.py"
    ```

```json title="Response"
--8<-- "c/create/response.json"
```
'''


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "snippets" / "c" / "create"
    folder.mkdir(parents=True)
    (folder / "python.py").write_text(CREATE)
    (folder / "curl.sh").write_text(CURL)
    (folder / "response.json").write_text(json.dumps(RESPONSE, indent=2))
    (folder / "state.json").write_text('{"next_ids": ["cust_A"]}')
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(PAGE)
    return tmp_path


def run(project: Path, **overrides: object) -> Report:
    return verify(Settings.for_project(project, **overrides))


def test_a_correct_sample_passes(project: Path) -> None:
    report = run(project, use_cache=False)
    assert report.ok, report.render()
    assert [r.requests for r in report.results] == [
        ["POST /v1/customers  email=ana%40example.com → 200"]]


def test_a_wrong_documented_value_fails_with_a_diff_and_location(project: Path) -> None:
    response = project / "snippets/c/create/response.json"
    response.write_text(response.read_text().replace("ana@example.com", "ana@example.org"))
    report = run(project, use_cache=False)
    [failure] = report.failures
    text = report.render()
    assert "✗ snippets/c/create/python.py:3" in text
    assert 'shown at docs/index.md:12, tab "Python"' in text
    assert '-  "email": "ana@example.org",\n' in failure.diff + "\n"
    assert '+  "email": "ana@example.com",' in failure.diff
    assert "the response differs from the documented one (snippets/c/create/response.json)" in text


def test_curl_and_python_must_send_the_same_request(project: Path) -> None:
    (project / "snippets/c/create/curl.sh").write_text(CURL.replace("email=", "name=Ana -d email="))
    [failure] = run(project, use_cache=False).failures
    assert "the curl sample (snippets/c/create/curl.sh) and the Python sample send different" \
        in failure.problems[0]
    assert '+    "name": [' not in failure.diff and '-    "name": [' in failure.diff


def test_a_sample_without_response_json_fails(project: Path) -> None:
    (project / "snippets/c/create/response.json").unlink()
    [failure] = run(project, use_cache=False).failures
    assert "has no documented response: add snippets/c/create/response.json" in failure.problems[0]


def test_missing_includes_and_malformed_json_are_page_problems(project: Path) -> None:
    (project / "snippets/c/create/response.json").write_text('{"id": "cust_A",}')
    (project / "docs" / "index.md").write_text(PAGE + '\n--8<-- "c/gone/python.py"\n')
    report = run(project, use_cache=False)
    rendered = [p.render() for p in report.problems]
    assert rendered[0].startswith('✗ docs/index.md:19: --8<-- "c/gone/python.py": no such file')
    assert rendered[1].startswith("✗ snippets/c/create/response.json:1:17: malformed JSON")
    assert 'shown at docs/index.md:16, block "Response"' in rendered[1]


def test_unchanged_samples_come_from_the_cache(project: Path) -> None:
    assert not run(project).results[0].cached
    assert run(project).results[0].cached
    assert (project / ".cache" / "vinr-samples.json").is_file()


@pytest.mark.parametrize("changed", ["python.py", "response.json", "curl.sh", "state.json"])
def test_changing_any_input_reruns_the_sample(project: Path, changed: str) -> None:
    run(project)
    path = project / "snippets/c/create" / changed
    path.write_text(path.read_text() + "\n")
    assert not run(project).results[0].cached


def test_failures_are_never_cached(project: Path) -> None:
    (project / "snippets/c/create/python.py").write_text("raise ValueError('no')\n")
    assert not run(project).ok
    assert not run(project).results[0].cached


def test_summary_line_counts_samples(project: Path) -> None:
    run(project)
    summary = run(project).summary()
    assert summary.startswith("verified 2 samples (1 Python: 0 executed, 1 cached; "
                              "1 JSON documents parsed) in ")


def test_update_rewrites_only_responses_that_merely_differ(project: Path) -> None:
    from vinr_docs.verify import main

    response = project / "snippets/c/create/response.json"
    response.write_text(response.read_text().replace("ana@example.com", "ana@example.org"))
    assert main(["--project", str(project), "--update"]) == 0
    assert json.loads(response.read_text()) == RESPONSE
    (project / "snippets/c/create/python.py").write_text(CREATE + "raise ValueError\n")
    before = response.read_text()
    assert main(["--project", str(project), "--update"]) == 1
    assert response.read_text() == before  # a raising sample is never "fixed" by rewriting
