"""The published openapi.yaml carries every operation's verified samples as x-codeSamples (taken
from its primary sample folder at build time, never kept in the source spec), and passes Redocly's
lint; a tampered sample fails the check."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from conftest import ROOT  # tests/conftest.py
from vinr_docs.languages import LANGUAGES
from vinr_docs.markdown import load_spec
from vinr_docs.publish.check import check_spec
from vinr_docs.publish.llms import SPEC as PUBLISHED
from vinr_docs.publish.spec_samples import KEY, operation_node

from .published import SNIPPETS, SPEC, site_copy


def test_every_operation_carries_its_primary_samples(built_site) -> None:  # type: ignore[no-untyped-def]
    spec = load_spec(SPEC)
    document = yaml.safe_load((built_site.site_dir / PUBLISHED).read_text(encoding="utf-8"))
    assert check_spec(built_site.site_dir, SPEC, spec, SNIPPETS) == []
    for op in spec.operations:
        samples = operation_node(document, op)[KEY]
        files = [lang for lang in LANGUAGES if (SNIPPETS / op.sample_folder / lang.file).is_file()]
        assert [(s["lang"], s["label"]) for s in samples] == [(f.spec_lang, f.tab) for f in files]
        for sample, language in zip(samples, files, strict=True):
            path = SNIPPETS / op.sample_folder / language.file
            assert sample["source"] == path.read_text(encoding="utf-8")


def test_the_source_spec_keeps_no_copies_of_the_samples() -> None:
    assert KEY not in SPEC.read_text(encoding="utf-8")


def test_a_tampered_sample_or_spec_fails(built_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spec = load_spec(SPEC)
    op = spec.operations[-1]
    for name, fault in [
        ("sample", lambda node: node[KEY][0].update(source=node[KEY][0]["source"] + "# x\n")),
        ("missing", lambda node: node.pop(KEY)),
        ("spec", lambda node: node.update(summary="Something else")),
    ]:
        site = site_copy(built_site.site_dir, tmp_path / name)
        document = yaml.safe_load((site / PUBLISHED).read_text(encoding="utf-8"))
        fault(operation_node(document, op))
        (site / PUBLISHED).write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        problems = check_spec(site, SPEC, spec, SNIPPETS)
        assert problems, name
        assert any(op.id in p or "beyond x-codeSamples" in p for p in problems), problems


def test_redocly_lint_is_clean_on_the_published_spec(built_site) -> None:  # type: ignore[no-untyped-def]
    result = subprocess.run(
        ["npx", "--no-install", "redocly", "lint", str(built_site.site_dir / PUBLISHED)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Woohoo" in result.stdout + result.stderr
