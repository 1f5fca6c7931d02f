"""Try-it benchmark: the panel's size, and the time from Send to the response on screen.

    .venv/bin/python scripts/bench_tryit.py [--sends N] [--throttle 4]

Builds the site into a temporary folder, serves it with gzip and drives Debian's Chromium. For
each operation of each reference page (found on the built site) it opens the panel and clicks
Send N times, timing from the click to the first animation frame after the reply is in the page
(so layout and paint of the response are included), without and with CPU throttling. Prints
figures and their ratio to the 50 ms target; asserts nothing (tests/browser/test_tryit.py holds
the behaviour).
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, mkdocs_build, reference_pages  # noqa: E402
from quality.sitecheck import serve  # noqa: E402
from vinr_docs.tryit.site import SITE_PATH  # noqa: E402

LOADER = Path("assets/javascripts/tryit-loader.js")
TARGET_MS = 50.0

# Click Send, then wait for the frame after the reply is rendered: the time a reader waits.
SEND = """async (operation) => {
  const panel = document.querySelector(`.vinr-tryit[data-operation="${operation}"]`);
  const button = panel.querySelector("button[type=submit]");
  const start = performance.now();
  button.click();
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
  return performance.now() - start;
}"""


def sizes(site: Path) -> list[str]:
    lines = []
    for label, path in (
        ("panel bundle (on first use)", SITE_PATH),
        ("loader (every page)", LOADER),
    ):
        data = (site / path).read_bytes()
        lines.append(
            f"{label:<30} {len(data) / 1024:7.1f} KB raw  "
            f"{len(gzip.compress(data, 9)) / 1024:6.1f} KB gzip   {path}"
        )
    return lines


def measure(url: str, path: str, sends: int, throttle: float) -> list[str]:
    from playwright.sync_api import sync_playwright

    lines = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(f"{url}/{path}", wait_until="networkidle")
        before = any(u.endswith(SITE_PATH.as_posix()) for u in fetched)
        lines.append(f"bundle fetched before the first click: {'yes' if before else 'no'}")
        operations = page.eval_on_selector_all(
            ".vinr-tryit[data-operation]", "els => els.map(e => e.dataset.operation)"
        )
        start = page.evaluate("() => performance.now()")
        page.locator(".vinr-tryit__toggle").first.click()
        page.wait_for_selector(".vinr-tryit__panel")
        first = page.evaluate("() => performance.now()") - start
        lines.append(f"first click to panel shown (load + parse + mount): {first:.0f} ms")
        for index in range(1, len(operations)):
            page.locator(".vinr-tryit__toggle").nth(index).click()
        cdp = page.context.new_cdp_session(page)
        for rate in (1.0, throttle):
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            lines.append(f"\nSend → response rendered, CPU {rate:g}× slower ({sends} sends each):")
            for operation in operations:
                times = sorted(page.evaluate(SEND, operation) for _ in range(sends))
                median, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
                lines.append(
                    f"  {operation:<18} median {median:6.1f} ms  p95 {p95:6.1f} ms  "
                    f"({median / TARGET_MS:.2f}× the {TARGET_MS:.0f} ms target)"
                )
        browser.close()
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sends", type=int, default=30)
    parser.add_argument("--throttle", type=float, default=4.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build = mkdocs_build(ROOT, site)
        if build.returncode != 0:
            print(f"mkdocs build --strict failed:\n{build.stderr}", file=sys.stderr)
            return 1
        print("Try it panel")
        print("\n".join(sizes(site)))
        with serve(site) as url:
            for path in reference_pages(site):
                print(f"\n== {path}")
                print("\n".join(measure(url, path, args.sends, args.throttle)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
