"""Screenshots of every reference page for a human to look at (not a test).

    .venv/bin/python tests/browser/screenshots.py [OUT_DIR]    # default /tmp/shots

Builds the site, serves it on port 0 and saves, for each width (desktop 1280 and 1440, phone 390
and 320), mode (Standard/Advanced) and palette (light/dark): the whole page and one window
scrolled to the page's first operation (`…-window.png`), which is what a reader sees. The pages
are the reference pages found on the built site (`<page>-<width>-<mode>-<palette>.png`).
"""

from __future__ import annotations

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
WINDOW_AT = ".vinr-operation"  # the first operation of the page


def main(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    site_dir = Path(tempfile.mkdtemp(prefix="vinr-shots-"))
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
    """The whole page, and one window scrolled to its first operation."""
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
    whole = out_dir / f"{stem}.png"
    page.screenshot(path=str(whole), full_page=True)
    page.locator(WINDOW_AT).first.evaluate(
        "el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 70)"
    )
    page.wait_for_timeout(300)
    window = out_dir / f"{stem}-window.png"
    page.screenshot(path=str(window))
    context.close()
    return [whole, window]


if __name__ == "__main__":
    for path in main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots")):
        print(path)
