"""Screenshots of the Customers page for a human to look at (not a test).

    .venv/bin/python tests/browser/screenshots.py [OUT_DIR]    # default /tmp/shots

Builds the site, serves it on port 0 and saves, for each width (desktop 1280 and 1440, phone 390
and 320), mode (Standard/Advanced) and palette (light/dark): the whole page and one window
scrolled to the "Create a customer" operation (`…-window.png`), which is what a reader sees.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, mkdocs_build, serve_directory  # noqa: E402

SCHEMES = ("light", "dark")  # Material follows prefers-color-scheme (see palette in mkdocs.yml)
MODES = ("standard", "advanced")
# name -> (viewport width, height, is a phone)
WIDTHS = {
    "1280": (1280, 900, False),
    "1440": (1440, 900, False),
    "390": (390, 844, True),
    "320": (320, 640, True),
}
WINDOW_AT = "#create-a-customer"


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
            for width_name, (width, height, phone) in WIDTHS.items():
                for name in SCHEMES:
                    for mode in MODES:
                        context = browser.new_context(
                            viewport={"width": width, "height": height},
                            color_scheme=name,
                            is_mobile=phone,
                            has_touch=phone,
                        )
                        page = context.new_page()
                        page.goto(f"{url}/api-reference/customers.html?detail={mode}")
                        page.wait_for_load_state("networkidle")
                        stem = f"customers-{width_name}-{mode}-{name}"
                        path = out_dir / f"{stem}.png"
                        page.screenshot(path=str(path), full_page=True)
                        saved.append(path)
                        page.locator(WINDOW_AT).evaluate(
                            "el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY"
                            " - 70)"
                        )
                        page.wait_for_timeout(300)
                        path = out_dir / f"{stem}-window.png"
                        page.screenshot(path=str(path))
                        saved.append(path)
                        context.close()
            browser.close()
    finally:
        server.shutdown()
    return saved


if __name__ == "__main__":
    for path in main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots")):
        print(path)
