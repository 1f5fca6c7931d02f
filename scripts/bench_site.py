"""Site benchmark: page weight and Lighthouse performance of each built reference page.

    .venv/bin/python scripts/bench_site.py [--page api-reference/<page>.html] [--runs N]

Without --page: every reference page found on the built site (pages holding operations).

Builds the site (`mkdocs build --strict`) into a temporary folder, serves it on port 0 with gzip
(as a production host does) and prints figures; it asserts nothing (the gates live in
tests/quality). Lighthouse runs with Debian's Chromium, mobile and desktop presets; with --runs > 1
the median score is printed next to the spread.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, mkdocs_build, reference_pages  # noqa: E402
from quality.sitecheck import (  # noqa: E402
    LighthouseReport,
    PageWeight,
    page_weight,
    run_lighthouse,
    serve,
)


def measure_weight(url: str) -> PageWeight:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return page_weight(browser.new_context(), url)
        finally:
            browser.close()


def lighthouse_line(reports: list[LighthouseReport]) -> str:
    scores = [r.scores["performance"] or 0.0 for r in reports]
    spread = f" (runs: {', '.join(f'{s:.2f}' for s in scores)})" if len(scores) > 1 else ""
    median = sorted(reports, key=lambda r: r.scores["performance"] or 0.0)[len(reports) // 2]
    m = median.metrics
    return (
        f"{median.form_factor:<8} performance {statistics.median(scores):.2f}{spread}  "
        f"FCP {m['FCP'] / 1000:.2f} s  LCP {m['LCP'] / 1000:.2f} s  "
        f"TBT {m['TBT']:.0f} ms  CLS {m['CLS']:.3f}  SI {m['SI'] / 1000:.2f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", help="one page (default: every reference page)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per form factor")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="vinr-bench-site-") as tmp:
        site = Path(tmp) / "site"
        build = mkdocs_build(ROOT, site)
        if build.returncode != 0:
            print(f"mkdocs build --strict failed:\n{build.stderr}", file=sys.stderr)
            return 1
        with serve(site) as base:
            for page in [args.page] if args.page else reference_pages(site):
                url = f"{base}/{page}"
                weight = measure_weight(url)
                print(f"Page weight of /{page} (gzip = bytes on the wire from a gzip server)")
                print(weight.table())
                print(f"\nLighthouse performance of /{page} (simulated throttling)")
                for form_factor in ("mobile", "desktop"):
                    reports = [
                        run_lighthouse(url, form_factor, ("performance",)) for _ in range(args.runs)
                    ]
                    print(lighthouse_line(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
