"""`mkdocs serve` keeps serving when a sample breaks: the error shows on the page, and fixing
the file re-verifies and brings the clean page back."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from derived import acting, call_line, page_of, response_field
from servers import fetch, mkdocs_serve, wait_for
from vinr_docs.markdown.render import slug

pytestmark = pytest.mark.slow
BANNER = "Sample verification failed"
# The update operation's primary sample, the page showing it, and a field of its response to
# break: all found in the spec and by discovery.
OP = acting("update")
FOLDER = OP.sample_folder
PAGE = page_of(FOLDER)[0]
RESPONSE = f"snippets/{FOLDER}/response.json"
FIELD, GOOD, BAD = response_field(FOLDER)


@pytest.fixture
def served(project_copy: Path, tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen]]:
    """A copy of the project with a broken response, served by `mkdocs serve` on a free port."""
    project = project_copy
    response = project / RESPONSE
    response.write_text(response.read_text().replace(GOOD, BAD))
    with mkdocs_serve(project, tmp_path / "serve.log") as (url, server):
        yield project, url + PAGE, server


def test_serve_shows_the_error_and_recovers_after_the_fix(served, tmp_path: Path) -> None:
    project, url, server = served
    wait_for(lambda: BANNER in fetch(url), "the error on the page", server)
    page = fetch(url) or ""
    assert RESPONSE in page and f"snippets/{FOLDER}/python.py:{call_line(OP)}" in page
    # the report also sits right above the failing sample block, not only at the top
    block = page.index(f'data-sample="{FOLDER}"')
    assert page.rfind(BANNER, 0, block) > page.index(f'id="{slug(OP.summary)}"')
    assert "ERROR" in (tmp_path / "serve.log").read_text()

    response = project / RESPONSE
    response.write_text(response.read_text().replace(BAD, GOOD))
    wait_for(lambda: BANNER not in (fetch(url) or BANNER), "the fixed page", server)

    # Broken again (a value the schema allows: an id off its pattern is now a bad input file,
    # reported before any sample runs, which tests/contract covers).
    response.write_text(response.read_text().replace(GOOD, BAD))
    wait_for(lambda: BANNER in fetch(url), "the error after breaking it again", server)
