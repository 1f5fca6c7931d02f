"""`mkdocs serve` with a bad input file: the page shows the error (file:line) instead of hanging
on "The server will appear stuck", and the next save recovers."""

from __future__ import annotations

from pathlib import Path

import pytest

from servers import fetch, mkdocs_serve, wait_for
from vinr_docs.languages import RESPONSE_FILE

pytestmark = pytest.mark.slow
BANNER = "Bad input files"
SPEC = "docs/openapi.yaml"


def test_serve_shows_bad_inputs_on_the_page_and_recovers(project_copy: Path, tmp_path) -> None:
    spec = project_copy / SPEC
    good_spec = spec.read_text()
    lines = good_spec.splitlines()
    broken_line = next(i for i, line in enumerate(lines) if line.startswith("paths:")) + 2
    lines.insert(broken_line - 1, "  broken: [unclosed")
    spec.write_text("\n".join(lines) + "\n")
    with mkdocs_serve(project_copy, tmp_path / "serve.log") as (url, server):
        wait_for(lambda: BANNER in fetch(url), "the spec's YAML error on the page", server)
        page = fetch(url)
        assert f"{SPEC}:" in page and "malformed YAML" in page, page[-2000:]

        spec.write_text(good_spec)  # the next save recovers
        wait_for(lambda: "<h1" in fetch(url) and BANNER not in fetch(url), "the page", server)

        response = sorted((project_copy / "snippets").rglob(RESPONSE_FILE))[0]
        good = response.read_text()
        response.write_text(good.rstrip().rstrip("}") + ",\n")
        label = response.relative_to(project_copy).as_posix()
        wait_for(lambda: f"{label}:" in fetch(url), "the malformed response.json", server)
        response.write_text(good)
        wait_for(lambda: "<h1" in fetch(url) and BANNER not in fetch(url), "recovery", server)
    assert "appear stuck" not in (tmp_path / "serve.log").read_text()
