"""MkDocs hook: every Python sample the pages include is run against the fake VINR API.

A thin adapter over `vinr_docs.verify`: verification starts in the background when the config is
loaded, runs while the pages render, and is collected before anything is written:

* `mkdocs build` fails (without needing --strict) with a PluginError listing every failing
  sample: snippet path and line, page and tab, a unified diff and the sample's output.
* `mkdocs serve` keeps serving: the error is logged and shown at the top of the affected page,
  and the next save re-verifies and reloads. (Raising there would leave the browser on the stale
  page, or stop the server when the very first build fails.)

`VINR_VERIFY=off` skips verification (benchmarks). All state lives on the per-build config.
"""

from __future__ import annotations

import logging
import traceback
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from vinr_docs.report import Report, html_banner
from vinr_docs.verify import (
    Settings,
    discover_pages,
    enabled,
    missing_includes,
    verify_in_background,
)

log = logging.getLogger("mkdocs.hooks.verify_samples")
PENDING = "vinr_sample_verification"  # config key holding this build's Future[Report]


def is_serve(config: MkDocsConfig) -> bool:
    """`mkdocs serve` points site_url at its own dev address; a real build never does."""
    host, port = config.dev_addr
    return str(config.site_url or "").startswith(f"http://{host}:{port}/")


def report_of(config: MkDocsConfig) -> Report | None:
    pending: Future[Report] | None = config.get(PENDING)
    if pending is None:
        return None
    try:
        return pending.result()
    except Exception as exc:  # a bug in the engine itself: say so, with its traceback
        detail = "".join(traceback.format_exception(exc))
        raise PluginError(f"sample verification crashed (engine bug):\n{detail}") from exc


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    settings = Settings.from_mkdocs(config)
    discovery = discover_pages(settings)
    # Always, even with verification off: pymdownx would stop on a bare traceback instead.
    if missing := missing_includes(discovery, settings):
        raise PluginError(Report(problems=missing).render())
    if not enabled():
        log.info("sample verification is off (VINR_VERIFY=off)")
        return config
    config[PENDING] = verify_in_background(settings, discovery)
    return config


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files,
                    **_: Any) -> str:
    if not is_serve(config) or page.file.abs_src_path is None:
        return html
    report = report_of(config)
    if report is None:
        return html
    project = Path(config.config_file_path).resolve().parent
    errors = report.for_page(Path(page.file.abs_src_path).resolve().relative_to(project)
                             .as_posix())
    return html_banner(errors) + html if errors else html


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    report = report_of(config)
    if report is None:
        return env
    if report.ok:
        log.info(report.summary())
    elif is_serve(config):
        log.error("%s\n\n%s", report.render(), report.summary())
    else:
        raise PluginError(f"{report.render()}\n\n{report.summary()}")
    return env
