"""`make verify`: verify the samples without building the site.

python -m vinr_docs.engine [FILTER ...] [--no-cache] [--update]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from vinr_docs.engine.pipeline import verify
from vinr_docs.engine.report import Report
from vinr_docs.engine.settings import Settings


def update_responses(report: Report) -> list[Path]:
    """Rewrite `response.json` where the response is the only difference (like
    pytest-examples' --update). Review the git diff before committing it."""
    updated = []
    for result in report.failures:
        if result.problems and all(p.kind == "response_differs" for p in result.problems):
            path = result.sample.response
            path.write_text(json.dumps(result.received, indent=2, ensure_ascii=False) + "\n")
            updated.append(path)
    return updated


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m vinr_docs.engine",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("filters", nargs="*", help="only samples whose id contains one of these")
    parser.add_argument("--project", type=Path, default=Path.cwd())
    parser.add_argument("--no-cache", action="store_true", help="run every sample")
    parser.add_argument(
        "--update",
        action="store_true",
        help="write what the fake returned into response.json where that is the only difference",
    )
    args = parser.parse_args(argv)
    settings = Settings.for_project(args.project, use_cache=not args.no_cache)
    select = (lambda s: any(f in s.id for f in args.filters)) if args.filters else None
    report = verify(settings, select)
    if args.update and (updated := update_responses(report)):
        print("updated: " + ", ".join(settings.relative(p) for p in updated))
        report = verify(settings, select)
    for notice in report.notices:
        print(f"notice: {notice}", file=sys.stderr)
    if not report.ok:
        print(report.render(), file=sys.stderr)
    for result in report.results:
        mark = "✓" if result.ok else "✗"
        print(f"{mark} {result.label}{' (cached)' if result.cached else ''}")
    print(report.summary())
    return 0 if report.ok else 1
