"""MkDocs hook: leaves out of each page what it does not use, so pages parse, style and lay out
faster (Lighthouse mobile: total blocking time is mostly style and layout of a large DOM).

* Pygments wraps every run of whitespace in code in `<span class="w">`, which no theme colours:
  the spaces stay, the elements go (about 900 on the Customers page).
* mkdocstrings adds its stylesheet to every page; only pages showing its output keep it (a
  render-blocking request less elsewhere).
* Our own stylesheets and scripts (`extra_css`, `extra_javascript`) are served minified (esbuild,
  already installed for Try it): the sources keep their comments, the built copies lose them.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

WHITESPACE_SPAN = re.compile(r'<span class="w">(\s*)</span>')
MKDOCSTRINGS_CSS = re.compile(r'\s*<link rel="stylesheet" href="[^"]*_mkdocstrings\.css">')
MKDOCSTRINGS_OUTPUT = 'class="doc doc-'


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: object) -> str:
    return WHITESPACE_SPAN.sub(r"\1", html)


def _without_unused_css(output: str) -> str:
    if MKDOCSTRINGS_OUTPUT in output:
        return output
    return MKDOCSTRINGS_CSS.sub("", output, count=1)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _without_unused_css(output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Static templates too (404.html)."""
    return _without_unused_css(output)


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    built = [site / str(item) for item in (*config.extra_css, *config.extra_javascript)]
    assets = [str(f) for f in built if f.suffix in (".css", ".js") and f.is_file()]
    esbuild = Path(config.config_file_path).parent / "node_modules" / ".bin" / "esbuild"
    if not assets:
        return
    if not esbuild.exists():
        raise PluginError(f"{esbuild} is missing: run `make setup` (npm ci) in the project folder")
    done = subprocess.run(
        [str(esbuild), *assets, "--minify", f"--outbase={site}", f"--outdir={site}"]
        + ["--allow-overwrite", "--log-level=error"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise PluginError(f"minifying the site's own CSS and JavaScript failed:\n{done.stderr}")
