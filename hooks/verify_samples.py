"""MkDocs hook: every sample is run against the fake VINR API (`vinr_docs.engine`).

A thin adapter: verification starts in the background when the config is loaded, runs while the
pages render, and is collected before anything is written.

* `mkdocs build` fails (without needing --strict) with a PluginError listing every failure: the
  snippet and line, the page and tab, the requests the fake received, a diff and the output.
* `mkdocs serve` keeps serving: the error is logged and shown on the page, next to the failing
  sample block (and at the top), and the next save re-verifies and reloads.

Before anything renders or runs, every input file is checked (`vinr_docs.inputs`): a bad one
fails `mkdocs build` with every problem named by `file:line`; `mkdocs serve` shows them on every
page instead of the page (no hanging rebuild), and the next save re-checks.

`VINR_VERIFY=off` skips verification (benchmarks). All state lives on the per-build config.
"""

from __future__ import annotations

import logging
import re
import traceback
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from vinr_docs import inputs
from vinr_docs.engine import Report, Settings, enabled, verify_in_background
from vinr_docs.engine.coverage import render_html
from vinr_docs.engine.report import html_banner, render_result
from vinr_docs.markdown.samples import page_differences

log = logging.getLogger("mkdocs.hooks.verify_samples")
PENDING = "vinr_sample_verification"  # config key holding this build's Future[Report]
BAD_INPUTS = "vinr_bad_inputs"  # config key: this build's input problems (other hooks skip)
SHOWN = "vinr_shown_differences"  # pages whose sample blocks show other text than what runs


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
    config[SHOWN] = []
    settings = Settings.from_mkdocs(config)
    _, problems = inputs.check(settings.project, settings.spec, settings.snippets)
    if problems and not is_serve(config):
        raise PluginError(inputs.render(problems))
    if problems:  # serve: every page shows them (on_page_content); nothing else runs
        log.error(inputs.render(problems))
        config[BAD_INPUTS] = problems
        return config
    if not enabled():
        log.info("sample verification is off (VINR_VERIFY=off)")
        return config
    config[PENDING] = verify_in_background(settings)
    return config


def on_page_markdown(markdown: str, config: MkDocsConfig, **_: Any) -> str:
    """With bad inputs the page's directives and includes cannot render: render nothing."""
    return "" if config.get(BAD_INPUTS) else markdown


def with_failures(html: str, page: str, report: Report) -> str:
    """`html` with each failing sample's report placed just above its sample block."""
    for result in report.failures:
        if not any(loc.page == page for loc in result.sample.shown):
            continue
        marker = f'data-sample="{result.sample.folder}"'
        at = html.find(marker)
        start = html.rfind("<div", 0, at) if at >= 0 else -1
        if start >= 0:
            banner = html_banner(render_result(result), result.sample.language.tab)
            html = html[:start] + banner + html[start:]
    return html


COVERAGE = re.compile(r'<div class="vinr-coverage" data-vinr-coverage[^>]*>.*?</div>', re.S)


def with_coverage(html: str, report: Report | None) -> str:
    """The guide's coverage placeholder, filled with this build's matrix."""
    if report is None:
        table = "<p>Not computed: this build ran with VINR_VERIFY=off.</p>"
    else:
        table = render_html(report.matrix)
    return COVERAGE.sub(lambda _: f'<div class="vinr-coverage">{table}</div>', html)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files, **_: Any) -> str:
    if problems := config.get(BAD_INPUTS):
        return inputs.render_html(problems)
    settings = Settings.from_mkdocs(config)  # shown = executed, on the page as rendered
    label = settings.relative(settings.snippets)
    for problem in page_differences(page.markdown or "", html, settings.snippets, label):
        config[SHOWN].append(f"{problem}\n  (shown on {page.file.src_uri})")
    if "data-vinr-coverage" in html:
        html = with_coverage(html, report_of(config))
    if not is_serve(config) or page.file.abs_src_path is None:
        return html
    report = report_of(config)
    if report is None:
        return html
    project = Path(config.config_file_path).resolve().parent
    rel = Path(page.file.abs_src_path).resolve().relative_to(project).as_posix()
    errors = report.for_page(rel)
    return html_banner(errors) + with_failures(html, rel, report) if errors else html


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    if shown := config.get(SHOWN):
        message = "a page shows other code than the engine runs:\n" + "\n".join(shown)
        if not is_serve(config):
            raise PluginError(message)
        log.error(message)
    report = report_of(config)
    if report is None:
        return env
    for notice in report.notices:  # info, not warning: a laptop without bwrap still builds
        log.info("sample verification notice: %s", notice)
    log.info("coverage:\n%s", report.matrix_text())
    if report.ok:
        log.info(report.summary())
    elif is_serve(config):
        log.error("%s\n\n%s", report.render(), report.summary())
    else:
        raise PluginError(f"{report.render()}\n\n{report.summary()}")
    return env
