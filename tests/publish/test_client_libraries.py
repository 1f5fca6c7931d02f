"""The Client libraries section: install commands from each client's own metadata (a rename or a
version bump changes the page; missing metadata fails with the file named) and the first call is
the verified sample file of the spec's first operation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT  # tests/conftest.py
from vinr_docs.languages import BY_NAME
from vinr_docs.markdown import load_spec
from vinr_docs.publish import clients

from .published import SNIPPETS, SPEC, source_pages

METADATA = [clients.PYPROJECT, clients.PACKAGE_JSON, clients.GEMSPEC]


def metadata_copy(tmp_path: Path) -> Path:
    for rel in METADATA:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / rel, tmp_path / rel)
    return tmp_path


def test_the_built_page_shows_each_clients_install_command_and_first_call(built_site) -> None:  # type: ignore[no-untyped-def]
    pages = [p for p in source_pages() if clients.PLACEHOLDER in p.read_text(encoding="utf-8")]
    assert pages, "no page shows the client libraries"
    first = load_spec(SPEC).operations[0]
    for page in pages:
        html = page.relative_to(ROOT / "docs").with_suffix(".html")
        soup = BeautifulSoup((built_site.site_dir / html).read_text("utf-8"), "html.parser")
        code = [block.get_text() for block in soup.select("pre code")]
        for client in clients.clients(ROOT):
            assert any(client.install in block for block in code), client
            file = SNIPPETS / first.sample_folder / BY_NAME[client.language].file
            sample = file.read_text(encoding="utf-8")
            assert sample.rstrip("\n") in [block.rstrip("\n") for block in code]


def test_a_renamed_or_bumped_client_changes_the_section(tmp_path: Path) -> None:
    project = metadata_copy(tmp_path)
    spec = load_spec(SPEC)
    before = clients.section(project, spec)
    package = project / clients.PACKAGE_JSON
    meta = json.loads(package.read_text(encoding="utf-8"))
    old = f"{meta['name']}@{meta['version']}"
    meta["name"], meta["version"] = "@vinr/renamed", "9.9.9"
    package.write_text(json.dumps(meta), encoding="utf-8")
    gemspec = project / clients.GEMSPEC
    ruby = clients.ruby_client(project)
    gemspec.write_text(
        gemspec.read_text(encoding="utf-8").replace(f"'{ruby.name}'", "'vinr-renamed'"),
        encoding="utf-8",
    )
    after = clients.section(project, spec)
    assert old in before and old not in after
    assert "npm install @vinr/renamed@9.9.9" in after
    assert f"gem install vinr-renamed -v {ruby.version}" in after


@pytest.mark.parametrize("rel", METADATA)
def test_missing_or_broken_metadata_names_the_file(tmp_path: Path, rel: str) -> None:
    project = metadata_copy(tmp_path)
    (project / rel).write_text("not metadata {", encoding="utf-8")
    with pytest.raises(clients.ClientMetadataError, match=rel):
        clients.section(project, load_spec(SPEC))
    (project / rel).unlink()
    with pytest.raises(clients.ClientMetadataError, match=f"{rel}: missing"):
        clients.section(project, load_spec(SPEC))
