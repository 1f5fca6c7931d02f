"""MkDocs hook: ships the "Try it" panel (`vinr_docs.tryit`) with the site.

The bundle is generated from docs/openapi.yaml and the fixtures in the background while pages
render (cached: an unchanged build reuses it) and written to assets/tryit/tryit.js, where
docs/assets/javascripts/tryit-loader.js loads it on a reader's first "Try it" click. Each page's
Try it containers are stamped with the key of that page's own fixture state (found from the
snippets the page shows, `vinr_docs.tryit.pages`). A spec the panel cannot serve, a state it
cannot load, or missing npm tools, fails the build with the reason.
"""

from __future__ import annotations

import html
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from vinr_docs.markdown.extension import TRYIT_CLASS
from vinr_docs.tryit.generate import ConfigError
from vinr_docs.tryit.site import SITE_PATH, bundle, states_by_page

PENDING = "vinr_tryit_bundle"  # config key holding this build's Future[Path]
STATES = "vinr_tryit_states"  # config key: page path → its state's key


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    project = Path(config.config_file_path).resolve().parent
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vinr-tryit")
    config[PENDING] = executor.submit(bundle, project)
    executor.shutdown(wait=False)
    try:
        config[STATES] = states_by_page(project)
    except ConfigError as exc:  # a page with Try it and no state: the message names it
        raise PluginError(f"Try it panel: {exc}") from exc
    return config


def on_page_content(content: str, page: Page, config: MkDocsConfig, **_: object) -> str:
    key = config[STATES].get(Path(page.file.abs_src_path or "").resolve())
    if key is None:
        return content
    marker = f'class="{TRYIT_CLASS}" data-operation='
    return content.replace(
        marker, f'class="{TRYIT_CLASS}" data-state="{html.escape(key)}" data-operation='
    )


def on_post_build(config: MkDocsConfig) -> None:
    if config.get("vinr_bad_inputs"):  # mkdocs serve shows them (hooks/verify_samples.py)
        return
    pending: Future[Path] = config[PENDING]
    try:
        built = pending.result()
    except ConfigError as exc:
        raise PluginError(f"Try it panel: {exc}") from exc
    target = Path(config.site_dir) / SITE_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built, target)
