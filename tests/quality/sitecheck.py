"""Quality checks on a built site, shared by the tests in this folder and `scripts/bench_site.py`.

Each check is a small function returning a dataclass, so a test asserts on it and the benchmark
prints it: axe-core in the page (accessibility), Lighthouse on the served site (scores and metrics),
the requests a page makes (external hosts, page weight) and layout shifts around an action.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import os
import subprocess
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Headless Debian Chromium with nothing that phones home (the machine has no outbound network).
LIGHTHOUSE_CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)
GATED_CATEGORIES = ("accessibility", "best-practices", "seo")
ALL_CATEGORIES = ("performance", *GATED_CATEGORIES)
METRICS = {
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
    "SI": "speed-index",
}
PAGE_WEIGHT_BUDGET = 120 * 1024  # bytes over the wire (gzip) for one page load
# What a web server compresses; images and fonts are sent as they are.
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)


class ToolMissingError(RuntimeError):
    """An npm tool is not installed: the message says how to install it."""


def _require(path: Path) -> Path:
    if not path.exists():
        raise ToolMissingError(f"{path} not found: run `bash scripts/install-system-deps` (npm ci)")
    return path


# ---- Serving -------------------------------------------------------------------------------------


class CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-encoded for clients that accept it, like any production web server.

    Lighthouse scores what goes over the wire: without compression it would score a hosting
    mistake, not the site.
    """

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and is_compressible(self.guess_type(str(path)))):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _BytesFile(body)


class _BytesFile:
    """The file-like object `send_head` returns; `copyfile` reads it."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def read(self, size: int = -1) -> bytes:
        data, self._data = (self._data, b"") if size < 0 else (self._data[:size], self._data[size:])
        return data

    def close(self) -> None:
        self._data = b""


def is_compressible(content_type: str) -> bool:
    return content_type.startswith(COMPRESSIBLE)


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` (gzip-capable) on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(CompressingHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# ---- axe-core ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AxeViolation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    summary: str  # axe's "Fix any of the following" text for the first node

    def __str__(self) -> str:
        where = ", ".join(self.targets[:5]) + (" …" if len(self.targets) > 5 else "")
        return f"[{self.impact}] {self.rule}: {self.help}\n    at {where}\n    {self.summary}"


def run_axe(page) -> list[AxeViolation]:  # type: ignore[no-untyped-def]
    """Inject axe-core into the loaded `page`; return its violations (WCAG A/AA, best practice)."""
    page.add_script_tag(path=str(_require(AXE_JS)))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        AxeViolation(
            rule=v["id"],
            impact=v["impact"] or "",
            help=v["help"],
            targets=tuple(" ".join(map(str, n["target"])) for n in v["nodes"]),
            summary=" ".join(v["nodes"][0]["failureSummary"].split()) if v["nodes"] else "",
        )
        for v in result["violations"]
    ]


# ---- Lighthouse ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FailedAudit:
    id: str
    title: str
    score: float
    display: str

    def __str__(self) -> str:
        shown = f", {self.display}" if self.display else ""
        return f"{self.id} ({self.score:.2f}{shown}): {self.title}"


@dataclass(frozen=True)
class LighthouseReport:
    url: str
    form_factor: str
    scores: dict[str, float | None]
    metrics: dict[str, float]  # milliseconds; CLS unitless
    failed: dict[str, list[FailedAudit]]  # category -> audits scoring below 1 that count
    warnings: list[str] = field(default_factory=list)

    def failures(self, category: str) -> str:
        return "\n".join(f"  {a}" for a in self.failed.get(category, [])) or "  (none listed)"


class LighthouseError(RuntimeError):
    pass


def run_lighthouse(
    url: str, form_factor: str = "mobile", categories: tuple[str, ...] = ALL_CATEGORIES
) -> LighthouseReport:
    """Run the npm `lighthouse` CLI against `url` with Debian's Chromium; parse its JSON report."""
    command = [
        str(_require(LIGHTHOUSE)),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(categories)}",
        f"--chrome-flags={LIGHTHOUSE_CHROME_FLAGS}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    elif form_factor != "mobile":
        raise ValueError(f"form_factor must be 'mobile' or 'desktop', got {form_factor!r}")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if done.returncode != 0 or not done.stdout.strip():
        raise LighthouseError(f"lighthouse {url} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return parse_lighthouse(json.loads(done.stdout), form_factor)


def parse_lighthouse(report: dict, form_factor: str) -> LighthouseReport:
    if report.get("runtimeError"):
        raise LighthouseError(f"lighthouse could not load the page: {report['runtimeError']}")
    audits = report["audits"]
    scores: dict[str, float | None] = {}
    failed: dict[str, list[FailedAudit]] = {}
    for name, category in report["categories"].items():
        scores[name] = category["score"]
        failed[name] = [
            FailedAudit(
                ref["id"],
                audits[ref["id"]]["title"],
                audits[ref["id"]]["score"],
                audits[ref["id"]].get("displayValue", ""),
            )
            for ref in category["auditRefs"]
            if ref["weight"] > 0
            and audits[ref["id"]]["score"] is not None
            and audits[ref["id"]]["score"] < 1
        ]
    metrics = {
        short: audits[audit]["numericValue"]
        for short, audit in METRICS.items()
        if audit in audits and audits[audit].get("numericValue") is not None
    }
    return LighthouseReport(
        url=report["finalDisplayedUrl"],
        form_factor=form_factor,
        scores=scores,
        metrics=metrics,
        failed=failed,
        warnings=list(report.get("runWarnings", [])),
    )


# ---- Requests: external hosts and page weight ----------------------------------------------------


@dataclass(frozen=True)
class Resource:
    url: str
    type: str  # Playwright resource type: document, stylesheet, script, fetch, image, …
    raw: int  # decoded body bytes
    gzip: int  # bytes on the wire when a server gzips what it should

    @property
    def path(self) -> str:
        return urlsplit(self.url).path


@dataclass(frozen=True)
class PageWeight:
    url: str
    resources: list[Resource]
    budget: int = PAGE_WEIGHT_BUDGET

    @property
    def raw(self) -> int:
        return sum(r.raw for r in self.resources)

    @property
    def gzip(self) -> int:
        return sum(r.gzip for r in self.resources)

    @property
    def ratio(self) -> float:
        return self.gzip / self.budget

    def by_type(self) -> dict[str, tuple[int, int, int]]:
        """Resource type -> (count, raw bytes, gzip bytes), heaviest first."""
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for r in self.resources:
            row = totals[r.type]
            row[0], row[1], row[2] = row[0] + 1, row[1] + r.raw, row[2] + r.gzip
        return dict(sorted(((k, tuple(v)) for k, v in totals.items()), key=lambda kv: -kv[1][2]))

    def table(self) -> str:
        lines = [f"{'type':<12}{'files':>6}{'raw KB':>10}{'gzip KB':>10}"]
        for kind, (count, raw, gz) in self.by_type().items():
            lines.append(f"{kind:<12}{count:>6}{raw / 1024:>10.1f}{gz / 1024:>10.1f}")
        lines.append(
            f"{'total':<12}{len(self.resources):>6}{self.raw / 1024:>10.1f}"
            f"{self.gzip / 1024:>10.1f}  ({self.ratio:.0%} of the "
            f"{self.budget // 1024} KB budget)"
        )
        return "\n".join(lines)


def wire_size(body: bytes, content_type: str) -> int:
    return len(gzip.compress(body, compresslevel=6)) if is_compressible(content_type) else len(body)


def is_local(url: str, base_url: str) -> bool:
    """True for the site's own server and for inline `data:`/`blob:` URLs (no network)."""
    scheme = urlsplit(url).scheme
    return scheme in ("data", "blob", "about") or urlsplit(url).netloc == urlsplit(base_url).netloc


@dataclass
class PageLoad:
    """What loading one page in the browser asked for."""

    url: str
    requested: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)


def load_page(context, url: str) -> PageLoad:  # type: ignore[no-untyped-def]
    """Open `url` in a new page of `context` until the network is idle.

    Every request is recorded; requests to any other host are aborted (and listed in `external`),
    so the check never touches the network. Response bodies of the local server are measured.
    """
    load = PageLoad(url)

    def route(route) -> None:  # type: ignore[no-untyped-def]
        request_url = route.request.url
        load.requested.append(request_url)
        if is_local(request_url, url):
            route.continue_()
        else:
            load.external.append(request_url)
            route.abort()

    def measure(response) -> None:  # type: ignore[no-untyped-def]
        if urlsplit(response.url).scheme not in ("http", "https") or response.status >= 300:
            return
        with contextlib.suppress(Exception):  # bodies of aborted/redirected loads are gone
            body = response.body()
            kind = response.headers.get("content-type", "")
            load.resources.append(
                Resource(
                    response.url, response.request.resource_type, len(body), wire_size(body, kind)
                )
            )

    context.route("**/*", route)
    page = context.new_page()
    page.on("response", measure)
    try:
        page.goto(url, wait_until="networkidle")
    finally:
        page.close()
        context.unroute("**/*", route)
    return load


def page_weight(context, url: str) -> PageWeight:  # type: ignore[no-untyped-def]
    return PageWeight(url, load_page(context, url).resources)


# ---- Layout shift --------------------------------------------------------------------------------

# Records, before the action: a PerformanceObserver for `layout-shift` entries, and the on-screen
# position of every block of the article that the reader can see (below the fixed header).
WATCH_SHIFTS = """() => {
  const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
  const onScreen = (r) => r.height > 0 && r.bottom > header && r.top < window.innerHeight;
  const blocks = document.querySelectorAll(".md-content__inner > *, .md-content__inner > * > *");
  window.__seen = [...blocks]
    .map((el) => ({el, top: el.getBoundingClientRect().top}))
    .filter(({el}) => onScreen(el.getBoundingClientRect()));
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__shifts.push(entry.value);
  }).observe({type: "layout-shift", buffered: false});
}"""
# Two animation frames: the layout-shift entries of the frame after the change have been delivered.
SETTLE = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
MOVED_BLOCKS = """() => window.__seen
  .map(({el, top}) => ({
    block: el.tagName.toLowerCase()
      + (el.id ? "#" + el.id : el.classList.length ? "." + el.classList[0] : ""),
    moved: el.getBoundingClientRect().top - top,
  }))
  .filter(({moved}) => Math.abs(moved) >= 1)"""


@dataclass(frozen=True)
class LayoutShift:
    visible_before: int  # article blocks that were on screen before the action
    moved: list[dict]  # those of them whose on-screen position changed: {block, moved (px)}
    api_score: float  # sum of the browser's layout-shift entries (see layout_shift_around)

    def __str__(self) -> str:
        moves = ", ".join(f"{m['block']} {m['moved']:+.0f}px" for m in self.moved[:8])
        return (
            f"{len(self.moved)} of {self.visible_before} visible blocks moved ({moves}); "
            f"layout-shift entries sum {self.api_score:.3f}"
        )


def layout_shift_around(page, action: Callable[[], None]) -> LayoutShift:  # type: ignore[no-untyped-def]
    """What `action` (e.g. a click) moved on screen in `page`.

    The PerformanceObserver's `layout-shift` entries are reported, but the verdict is the on-screen
    movement of the blocks the reader saw: Chromium also counts as shifted any element *below*
    the viewport that moves by more than a compensating scroll (a plain page with hidden blocks
    above and below the viewport, revealed with scroll compensation, reports 0.43 while nothing
    visible moves), so a level-of-detail switch can never score 0 there. Its entries are counted
    whether or not they follow user input (CLS proper ignores those: a click would always pass).
    """
    page.evaluate(WATCH_SHIFTS)
    page.evaluate(SETTLE)
    action()
    page.evaluate(SETTLE)
    page.evaluate(SETTLE)
    return LayoutShift(
        visible_before=page.evaluate("() => window.__seen.length"),
        moved=page.evaluate(MOVED_BLOCKS),
        api_score=sum(page.evaluate("() => window.__shifts")),
    )
