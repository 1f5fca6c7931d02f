"""Fixtures shared by every test: the built site, a static server for it, and a real browser."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_sessionstart(session: pytest.Session) -> None:
    """The reference clients read their methods from clients/operations.json (derived from the
    spec); write it before any test imports a client, as every build does."""
    from vinr_docs import sdk

    try:
        sdk.write(ROOT)
    except Exception as exc:  # noqa: BLE001 - a spec being edited: the tests that need it say so
        print(f"clients/operations.json not written: {exc}", file=sys.stderr)


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Flags that keep Debian's Chromium quiet on a machine without outbound network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class Build:
    site_dir: Path
    log: str


def mkdocs_build(project: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` for `project` into `site_dir`; never raises on failure."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir), *extra],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real project, built once per session with `--strict`."""
    site_dir = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site_dir)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return Build(site_dir=site_dir, log=result.stderr)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve_directory(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `directory` on 127.0.0.1 at a free port; returns the server and its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def site_url(built_site: Build) -> Iterator[str]:
    """Base URL of the built site, served over HTTP on port 0."""
    server, url = serve_directory(built_site.site_dir)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (Playwright cannot download browsers here)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: run `make test` (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):  # type: ignore[no-untyped-def]
    """A fresh browser profile per test: empty localStorage, light colour scheme."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context):  # type: ignore[no-untyped-def]
    return context.new_page()


@pytest.fixture
def instant_page(page, site_url: str, built_site: Build):  # type: ignore[no-untyped-def]
    """A `page` on which Material's instant navigation works against the test server.

    Material only intercepts links listed in sitemap.xml, whose URLs carry the production
    `site_url`; it adopts their scheme and host but keeps their port, so on port 0 nothing would
    match. Serve the sitemap with the test origin instead, as `mkdocs serve` does for its address.
    After `goto`, wait for `networkidle`: instant navigation starts once Material has the sitemap.
    """
    sitemap = (built_site.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    local = re.sub(r"<loc>https?://[^/<]+/", f"<loc>{site_url}/", sitemap)
    page.route(
        f"{site_url}/sitemap.xml",
        lambda route: route.fulfill(body=local, content_type="application/xml"),
    )
    return page


def reference_pages(site_dir: Path) -> list[str]:
    """Paths (relative to the site) of the built reference pages: those holding operations.
    Tests that read pages take them from here, never from a list of page names."""
    return sorted(
        page.relative_to(site_dir).as_posix()
        for page in site_dir.rglob("*.html")
        if 'class="vinr-operation"' in page.read_text(encoding="utf-8")
    )


def reference_sources(docs: Path = ROOT / "docs") -> dict[str, Path]:
    """Built path → Markdown source of each reference page: a page whose source documents an
    operation (`/// endpoint | …`). Known before the build, so tests can be parametrized by it;
    tests/test_content.py checks it finds what `reference_pages` finds on the built site."""
    from vinr_docs.markdown.directives import scan

    return {
        page.relative_to(docs).with_suffix(".html").as_posix(): page
        for page in sorted(docs.rglob("*.md"))
        if any(d.name == "endpoint" for d in scan(page.read_text(encoding="utf-8").splitlines()))
    }


def copy_project(dest: Path) -> Path:
    """Copy the project's sources (not venv, site or caches) to `dest` for fault tests."""
    ignore = shutil.ignore_patterns(
        ".venv",
        ".git",
        "site",
        "node_modules",
        "__pycache__",
        ".pytest_cache",
        ".cache",
        ".ruff_cache",
        "*.egg-info",
        "test-results",
    )
    shutil.copytree(ROOT, dest, ignore=ignore)
    # The npm tools (read only), and the Try-it bundle already built for unchanged inputs.
    if (ROOT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    if (ROOT / ".cache" / "tryit").is_dir():
        shutil.copytree(ROOT / ".cache" / "tryit", dest / ".cache" / "tryit")
    return dest


def edit_file(path: Path, change: Callable[[str], str]) -> None:
    """Apply `change` to a file of a project copy; it must change it (a fault that changes
    nothing proves nothing)."""
    text = path.read_text()
    changed = change(text)
    assert changed != text, f"the edit did not change {path}"
    path.write_text(changed)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A fresh `copy_project` for one test to break. A fixture, because `from conftest import`
    is ambiguous once subfolders (tests/browser) have their own conftest.py."""
    return copy_project(tmp_path / "project")
