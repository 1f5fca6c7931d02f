"""Screenshots of every reference page for a human to look at (not a test).

    .venv/bin/python tests/browser/screenshots.py [OUT_DIR]    # default /tmp/shots
    VINR_TEST_SITE=/path/to/site …                              # an already built site

Builds the site, serves it on port 0 and saves, for each width (desktop 1280 and 1440, phone 390
and 320), mode (Standard/Advanced) and palette (light/dark), what a reader sees: the first screen
(`<page>-<width>-<mode>-<palette>-first.png`) and one window around the page's middle operation
with its Try-it panel open and sent (`…-tryit.png`). The pages are the reference pages found on
the built site; OUT_DIR/index.md lists every file.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    mkdocs_build,
    reference_pages,
    serve_directory,
)

SCHEMES = ("light", "dark")  # Material follows prefers-color-scheme (see palette in mkdocs.yml)
MODES = ("standard", "advanced")
# name -> (viewport width, height, is a phone)
WIDTHS = {
    "1280": (1280, 900, False),
    "1440": (1440, 900, False),
    "390": (390, 844, True),
    "320": (320, 640, True),
}
OPERATION = ".vinr-operation"


def main(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    prebuilt = os.environ.get("VINR_TEST_SITE")
    site_dir = Path(prebuilt) if prebuilt else Path(tempfile.mkdtemp(prefix="vinr-shots-"))
    if not prebuilt:
        result = mkdocs_build(ROOT, site_dir)
        if result.returncode != 0:
            raise SystemExit(f"mkdocs build failed:\n{result.stderr}")
    server, url = serve_directory(site_dir)
    saved: list[Path] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for reference in reference_pages(site_dir):
                for width_name, (width, height, phone) in WIDTHS.items():
                    for name in SCHEMES:
                        for mode in MODES:
                            stem = f"{Path(reference).stem}-{width_name}-{mode}-{name}"
                            saved += shoot(
                                browser,
                                f"{url}/{reference}?detail={mode}",
                                stem,
                                out_dir,
                                (width, height, phone),
                                name,
                            )
            browser.close()
    finally:
        server.shutdown()
    return saved


def shoot(browser, address: str, stem: str, out_dir: Path, size, scheme: str) -> list[Path]:  # type: ignore[no-untyped-def]
    """The first screen, and one window at the page's middle operation, Try it open and sent."""
    width, height, phone = size
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme=scheme,
        is_mobile=phone,
        has_touch=phone,
    )
    page = context.new_page()
    page.goto(address)
    page.wait_for_load_state("networkidle")
    first = out_dir / f"{stem}-first.png"
    page.screenshot(path=str(first))
    operations = page.locator(OPERATION)
    operation = operations.nth(operations.count() // 2)
    operation.locator(".vinr-tryit__toggle").click()
    panel = operation.locator(".vinr-tryit__panel")
    panel.get_by_role("button", name="Send").click()
    panel.locator('.vinr-tryit__status[data-sent="1"]').wait_for()
    # Where Send leaves the reader: the page scrolls the reply into view by itself.
    page.wait_for_timeout(400)
    tryit = out_dir / f"{stem}-tryit.png"
    page.screenshot(path=str(tryit))
    context.close()
    return [first, tryit]


def write_index(out_dir: Path, saved: list[Path]) -> Path:
    lines = [
        "# Reference screenshots",
        "",
        "`<page>-<width>-<mode>-<palette>-first.png`: the first screen;",
        "`…-tryit.png`: the page's middle operation after Try it → Send.",
        "",
        *(f"- {path.name}" for path in saved),
        "",
    ]
    index = out_dir / "index.md"
    index.write_text("\n".join(lines), encoding="utf-8")
    return index


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots")
    print(write_index(out, main(out)))
