"""Break a copy of the project in one way; `mkdocs build` (without --strict) must fail and say
exactly where: the snippet file and line, the page and tab, and what differed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
CUSTOMERS_PAGE = "docs/api-reference/customers.md"


def build(project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` WITHOUT --strict: verification failures must fail the build by themselves."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(project / "_site")],
        cwd=project, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )


def shown_at(project: Path, snippet: str) -> str:
    """`docs/api-reference/customers.md:<line>` of the page line that includes `snippet`."""
    lines = (project / CUSTOMERS_PAGE).read_text().splitlines()
    [number] = [n for n, line in enumerate(lines, 1) if f'"{snippet}"' in line]
    return f"{CUSTOMERS_PAGE}:{number}"


def edit(project: Path, relative: str, change: Callable[[str], str]) -> None:
    path = project / "snippets" / relative
    changed = change(path.read_text())
    assert changed != path.read_text(), "the fault did not change the file"
    path.write_text(changed)


@pytest.fixture
def project(project_copy: Path) -> Path:
    """A copy of the project (tests/conftest.py) that the test breaks."""
    return project_copy


def assert_fails(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build passed:\n{output}"
    for text in expected:
        assert text in output, f"{text!r} not in the build output:\n{output}"
    # Sample tracebacks are quoted ("    | Traceback …"); a bare one means an unhandled crash.
    assert "\nTraceback (most recent call last)" not in output, output


def test_the_unbroken_copy_builds(project: Path) -> None:
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "verified " in result.stderr and "9 Python" in result.stderr


def test_misspelled_sdk_method(project: Path) -> None:
    edit(project, "customers/create/python.py", lambda s: s.replace(".create(", ".craete("))
    assert_fails(build(project), "✗ snippets/customers/create/python.py:3",
                 f'shown at {shown_at(project, "customers/create/python.py")}, tab "Python"',
                 "AttributeError: type object 'Customer' has no attribute 'craete'")


def test_wrong_value_in_documented_response(project: Path) -> None:
    edit(project, "customers/update/response.json",
         lambda s: s.replace('"name": "Jenny Rosen"', '"name": "Jenny Rosn"'))
    assert_fails(build(project), "✗ snippets/customers/update/python.py:3",
                 "the response differs from the documented one "
                 "(snippets/customers/update/response.json)",
                 '-  "name": "Jenny Rosn",', '+  "name": "Jenny Rosen",')


def test_missing_required_field(project: Path) -> None:
    edit(project, "customers/create/python.py",
         lambda s: s.replace('  email="jenny@example.com",\n', ""))
    assert_fails(build(project), "✗ snippets/customers/create/python.py:3",
                 "raised InvalidRequestError: 400 (parameter_missing) Missing required param: "
                 "email.", "POST /v1/customers  name=Jenny+Rosen&phone=%2B14155552671 → 400")


def test_sample_that_raises(project: Path) -> None:
    edit(project, "customers/list/python.py", lambda s: s + 'raise RuntimeError("boom")\n')
    assert_fails(build(project), "✗ snippets/customers/list/python.py:7",
                 "raised RuntimeError: boom", 'line 7, in <module>')


def test_sample_that_loops_forever(project: Path) -> None:
    edit(project, "customers/retrieve/python.py", lambda s: s + "while True:\n    pass\n")
    assert_fails(build(project, VINR_SAMPLE_TIMEOUT="1.5"),
                 "✗ snippets/customers/retrieve/python.py", "timed out after 1.5 s")


def test_sample_that_opens_a_network_connection(project: Path) -> None:
    edit(project, "customers/delete/python.py", lambda s: s + (
        "import urllib.request\nurllib.request.urlopen('http://example.com/')\n"))
    assert_fails(build(project), "✗ snippets/customers/delete/python.py:5",
                 "opened a network connection, which samples must not do: "
                 "socket.create_connection(('example.com', 80))")


def test_sample_that_calls_another_host_through_requests(project: Path) -> None:
    edit(project, "customers/retrieve-expanded/python.py",
         lambda s: s.replace("import vinr\n", "import vinr\nvinr.api_base = 'https://api.vinr.co'\n"))
    assert_fails(build(project), "✗ snippets/customers/retrieve-expanded/python.py:4",
                 'shown at docs/api-reference/customers.md', 'tab "Python" (Advanced)',
                 "no endpoint of the fake VINR API serves",
                 "GET https://api.vinr.co/v1/customers/cust_8aZ2?expand%5B%5D=")


def test_missing_snippet(project: Path) -> None:
    (project / "snippets/customers/list-paginated/python.py").unlink()
    where = shown_at(project, "customers/list-paginated/python.py")
    assert_fails(build(project), f'✗ {where}, tab "Python" (Advanced): '
                 '--8<-- "customers/list-paginated/python.py": no such file in snippets/')


def test_missing_snippet_of_another_language_even_with_verification_off(project: Path) -> None:
    (project / "snippets/customers/delete/ruby.rb").unlink()
    where = shown_at(project, "customers/delete/ruby.rb")
    assert_fails(build(project, VINR_VERIFY="off"), f'✗ {where}, tab "Ruby": '
                 '--8<-- "customers/delete/ruby.rb": no such file in snippets/')


def test_malformed_json(project: Path) -> None:
    edit(project, "customers/list-paginated/response.json",
         lambda s: s.replace('"has_more": true', '"has_more": true,'))
    assert_fails(build(project),
                 "✗ snippets/customers/list-paginated/response.json:22:1: malformed JSON",
                 f'shown at {shown_at(project, "customers/list-paginated/response.json")}')


def test_unusable_state_fixture(project: Path) -> None:
    edit(project, "customers/list-paginated/state.json",
         lambda s: s.replace('"payment_methods"', '"payment_method"'))
    assert_fails(build(project), "✗ snippets/customers/list-paginated/python.py",
                 "its state fixture is unusable: FixtureError: unknown key 'payment_method'")
