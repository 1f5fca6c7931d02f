"""Discovery follows includes in tabs, fences and Advanced blocks, and locates each one."""

from __future__ import annotations

from pathlib import Path

from engine_helpers import ROOT

from vinr_docs.samples import discover

PAGE = '''\
# Page

=== "curl"

    ```bash
    --8<-- "res/op/curl.sh"
    ```

=== "Python"

    ```python
    --8<-- "res/op/python.py"
    ```

```json title="Response"
--8<-- "res/op/response.json"
```

/// advanced
=== "Python"

    ```python
    --8<-- "res/adv/python.py"
    ```

```python title="Handling errors"
--8<-- "res/err/python.py"
```

```text
;--8<-- "not/an/include.py"
```
///

```python
--8<-- "res/missing/python.py"
```
'''


def make_project(tmp_path: Path) -> Path:
    for name in ("op/curl.sh", "op/python.py", "op/response.json", "adv/python.py",
                 "err/python.py"):
        path = tmp_path / "snippets" / "res" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("import vinr\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(PAGE)
    return tmp_path


def test_includes_carry_page_line_tab_and_advanced(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    found = discover(project, [project / "docs" / "page.md"], [project / "snippets"])
    where = {i.snippet: i.where for i in found.includes}
    assert where == {
        "res/op/curl.sh": 'docs/page.md:6, tab "curl"',
        "res/op/python.py": 'docs/page.md:12, tab "Python"',
        "res/op/response.json": 'docs/page.md:16, block "Response"',
        "res/adv/python.py": 'docs/page.md:23, tab "Python" (Advanced)',
        "res/err/python.py": 'docs/page.md:27, block "Handling errors" (Advanced)',
        "res/missing/python.py": "docs/page.md:36",
    }
    assert [i.snippet for i in found.missing] == ["res/missing/python.py"]


def test_python_samples_are_the_existing_python_includes(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    found = discover(project, [project / "docs" / "page.md"], [project / "snippets"])
    samples = found.samples()
    assert [s.snippet for s in samples] == ["res/op/python.py", "res/adv/python.py",
                                            "res/err/python.py"]
    assert samples[0].curl == project / "snippets" / "res" / "op" / "curl.sh"
    assert samples[1].curl is None


def test_nearest_state_json_is_the_fixture(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    shared = project / "snippets" / "res" / "state.json"
    own = project / "snippets" / "res" / "adv" / "state.json"
    shared.write_text("{}")
    own.write_text("{}")
    found = discover(project, [project / "docs" / "page.md"], [project / "snippets"])
    fixtures = {s.snippet: s.fixture for s in found.samples()}
    assert fixtures == {"res/op/python.py": shared, "res/adv/python.py": own,
                        "res/err/python.py": shared}


def test_every_python_snippet_in_the_repo_is_on_a_page() -> None:
    found = discover(ROOT, (ROOT / "docs").rglob("*.md"), [ROOT / "snippets"])
    discovered = {s.path for s in found.samples()}
    assert discovered == {p.resolve() for p in (ROOT / "snippets").rglob("*.py")}
    assert not found.missing
    advanced = {s.snippet for s in found.samples() if all(i.advanced for i in s.includes)}
    assert {"customers/create-idempotent/python.py", "customers/retrieve-expanded/python.py",
            "customers/list-paginated/python.py"} <= advanced
