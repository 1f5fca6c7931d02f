"""The Markdown copies, llms.txt and llms-full.txt of the built site show the verified snippet
files, byte for byte, and every operation's method, path, parameters and errors; a tampered copy
fails the check that `hooks/publish.py` runs at the end of every build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vinr_docs.markdown import load_spec
from vinr_docs.markdown.directives import scan
from vinr_docs.publish.check import CLAIM, ERROR_CLAIM, check_pages, code_blocks
from vinr_docs.publish.copy import ADVANCED_BEGIN, ADVANCED_END
from vinr_docs.publish.llms import COPY_SCRIPT_SUFFIX, LLMS, LLMS_FULL

from .published import SNIPPETS, SPEC, base_url, published_pages, site_copy, source_pages

PAGES = published_pages()
IDS = [page.copy for page in PAGES]


def problems(site: Path) -> list[str]:
    return check_pages(site, SNIPPETS, PAGES, base_url(), load_spec(SPEC))


def claimed_block(text: str):  # type: ignore[no-untyped-def]
    return next((b for b in code_blocks(text) if CLAIM.search(b.info)), None)


def test_every_page_has_a_copy_that_passes_the_check(built_site) -> None:  # type: ignore[no-untyped-def]
    assert PAGES, "no pages discovered in docs/"
    assert problems(built_site.site_dir) == []
    for page in PAGES:
        assert (built_site.site_dir / page.copy).is_file()
        assert (built_site.site_dir / page.copy).with_suffix(".html").is_file()


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_a_changed_byte_in_a_sample_fails(built_site, tmp_path: Path, page) -> None:  # type: ignore[no-untyped-def]
    site = site_copy(built_site.site_dir, tmp_path / "site")
    copy = site / page.copy
    text = copy.read_text(encoding="utf-8")
    block = claimed_block(text)
    if block is None:
        return  # a page without samples: nothing to tamper with
    lines = text.splitlines(keepends=True)
    first = block.line  # index of the first body line (line numbers are 1-based)
    lines[first] = "#" + lines[first]
    copy.write_text("".join(lines), encoding="utf-8")
    found = problems(site)
    assert any(f"{page.copy}:{block.line}:" in p and "byte for byte" in p for p in found), found


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_a_sample_left_out_of_a_copy_fails(built_site, tmp_path: Path, page) -> None:  # type: ignore[no-untyped-def]
    site = site_copy(built_site.site_dir, tmp_path / "site")
    copy = site / page.copy
    text = copy.read_text(encoding="utf-8")
    block = claimed_block(text)
    if block is None:
        return
    path = CLAIM.search(block.info)["path"]
    copy.write_text(text.replace(f'snippet="{path}"', ""), encoding="utf-8")
    found = problems(site)
    assert any(page.copy in p and f"snippets/{path}" in p and "no block" in p for p in found)


def test_scripts_llms_full_and_llms_txt_match_the_copies(built_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = PAGES[0].copy
    for target, fault, expected in [
        (f"{page}{COPY_SCRIPT_SUFFIX}", lambda t: t.replace("#", "##", 1), "does not hold"),
        (LLMS_FULL, lambda t: t.replace("curl", "curl -k", 1), "is not the Markdown copies"),
        (LLMS, lambda t: re.sub(r"^- \[.*\n", "", t, count=1, flags=re.M), "does not link"),
    ]:
        site = site_copy(built_site.site_dir, tmp_path / target.replace("/", "_"))
        file = site / target
        before = file.read_text(encoding="utf-8")
        assert fault(before) != before
        file.write_text(fault(before), encoding="utf-8")
        assert any(expected in p for p in problems(site)), (target, problems(site))


def test_copies_hold_each_operation_and_mark_advanced_content(built_site) -> None:  # type: ignore[no-untyped-def]
    spec = load_spec(SPEC)
    documented = set()
    for page, source in zip(PAGES, source_pages(), strict=True):
        copy = (built_site.site_dir / page.copy).read_text(encoding="utf-8")
        if "/// advanced" in page.markdown:
            assert copy.count(ADVANCED_BEGIN) == copy.count(ADVANCED_END) > 0, page.copy
        for directive in scan(page.markdown.splitlines()):
            if directive.name != "endpoint":
                continue
            op = spec.operation(directive.arg)
            documented.add(op.id)
            assert f"`{op.method} {op.path}`" in copy, (page.copy, op.id)
            for name in [p.name for p in op.parameters] + [e.code for e in op.error_examples]:
                assert f"`{name}`" in copy, (page.copy, op.id, name)
        assert source.is_file()
    assert documented == {op.id for op in spec.operations}


def test_llms_full_holds_every_copy(built_site) -> None:  # type: ignore[no-untyped-def]
    full = (built_site.site_dir / LLMS_FULL).read_text(encoding="utf-8")
    index = (built_site.site_dir / LLMS).read_text(encoding="utf-8")
    for page in PAGES:
        assert (built_site.site_dir / page.copy).read_text(encoding="utf-8").rstrip() in full
        assert f"{base_url()}{page.copy})" in index


def test_a_changed_or_missing_error_body_fails(built_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shown = [page for page in PAGES if ERROR_CLAIM.search(read(built_site.site_dir, page))]
    assert shown, "no page shows an error body"
    for number, page in enumerate(shown):
        text = read(built_site.site_dir, page)
        block = next(b for b in code_blocks(text) if ERROR_CLAIM.search(b.info))
        claim = ERROR_CLAIM.search(block.info)[0]
        lines = text.splitlines(keepends=True)
        lines[block.line] = lines[block.line].replace("{", '{"forged": true, ', 1)
        for kind, forged, expected in [
            ("changed", "".join(lines), f"{page.copy}:{block.line}: the block is not the spec's"),
            ("dropped", text.replace(claim, ""), "has no block of it"),
        ]:
            assert forged != text
            site = site_copy(built_site.site_dir, tmp_path / f"{kind}{number}")
            (site / page.copy).write_text(forged, encoding="utf-8")
            assert any(expected in p for p in problems(site)), (kind, problems(site))


def read(site: Path, page) -> str:  # type: ignore[no-untyped-def]
    return (site / page.copy).read_text(encoding="utf-8")
