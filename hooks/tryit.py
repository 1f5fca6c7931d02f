"""MkDocs hook: ships the "Try it" panel (`vinr_docs.tryit`) with the site.

The bundle is generated from docs/openapi.yaml and the fixtures in the background while pages
render (cached: an unchanged build reuses it) and written to assets/tryit/tryit.js, where
docs/assets/javascripts/tryit-loader.js loads it on a reader's first "Try it" click. A spec the
panel cannot serve, or missing npm tools, fails the build with the reason.
"""

from __future__ import annotations

import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from vinr_docs.tryit.generate import ConfigError
from vinr_docs.tryit.site import SITE_PATH, bundle

PENDING = "vinr_tryit_bundle"  # config key holding this build's Future[Path]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    project = Path(config.config_file_path).resolve().parent
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vinr-tryit")
    config[PENDING] = executor.submit(bundle, project)
    executor.shutdown(wait=False)
    return config


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
