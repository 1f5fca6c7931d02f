"""Publish benchmark: what hooks/publish.py adds to a build, in time and bytes.

    .venv/bin/python scripts/bench_publish.py [--repeat N]

Runs the hook's work outside MkDocs N times over the project's pages, with the spec already
loaded as in a build: every Markdown copy and its .md.js, llms.txt, llms-full.txt, the published
spec with x-codeSamples, then the check of all of it, into a temporary folder. Prints the median
time and the sizes (raw and gzip). Asserts nothing (tests/publish holds the behaviour).
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from publish.published import SNIPPETS, SPEC, base_url, front_matter, published_pages, source_pages  # noqa: E402,I001
from vinr_docs.markdown import load_spec  # noqa: E402
from vinr_docs.publish import check, llms, spec_samples  # noqa: E402
from vinr_docs.publish.copy import page_copy  # noqa: E402


def publish(site: Path) -> None:
    spec = load_spec(SPEC)
    pages, entries, copies = published_pages(), [], []
    for source, page in zip(source_pages(), pages, strict=True):
        description = front_matter(source).get("description", "")
        copy = page_copy(spec, SNIPPETS, source.stem, description, page.markdown)
        (site / page.copy).parent.mkdir(parents=True, exist_ok=True)
        (site / page.copy).write_text(copy.text, encoding="utf-8")
        script = llms.copy_script(page.copy, copy.text)
        (site / f"{page.copy}{llms.COPY_SCRIPT_SUFFIX}").write_text(script, encoding="utf-8")
        entries.append(llms.PageEntry("", source.stem, description, page.copy))
        copies.append(copy.text)
    (site / llms.LLMS).write_text(llms.llms_txt("VINR", "", base_url(), entries), "utf-8")
    (site / llms.LLMS_FULL).write_text(llms.llms_full(copies), encoding="utf-8")
    text = spec_samples.published_spec(SPEC.read_text(encoding="utf-8"), spec, SNIPPETS)
    (site / llms.SPEC).write_text(text, encoding="utf-8")
    problems = check.check_pages(site, SNIPPETS, pages, base_url(), spec)
    problems += check.check_spec(site, SPEC, spec, SNIPPETS)
    if problems:
        raise SystemExit("\n".join(problems))


def sizes(site: Path) -> list[tuple[str, int, int]]:
    rows = []
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            rows.append((path.relative_to(site).as_posix(), len(data), len(gzip.compress(data))))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    load_spec(SPEC)  # in a build the spec is already loaded (hooks/spec_pages.py) and cached
    times = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            publish(Path(tmp))
            times.append(time.perf_counter() - start)
            rows = sizes(Path(tmp))
    print(
        f"publish step (copies, llms, spec, check): median {statistics.median(times) * 1000:.0f} ms"
        f" over {args.repeat} runs ({min(times) * 1000:.0f}–{max(times) * 1000:.0f} ms)"
    )
    for name, raw, packed in rows:
        print(f"  {name}: {raw / 1024:.1f} KB raw, {packed / 1024:.1f} KB gzip")


if __name__ == "__main__":
    main()
