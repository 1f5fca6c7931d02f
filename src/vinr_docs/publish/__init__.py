"""What the site publishes besides its HTML, all from the same sources (spec, pages, snippets):

* `copy`: a Markdown copy of every page, next to its HTML page, with the verified samples;
* `llms`: `llms.txt` and `llms-full.txt` at the site root;
* `spec_samples`: the published `openapi.yaml` with `x-codeSamples` on every operation;
* `clients`: the "Client libraries" section, from the clients' own metadata;
* `check`: proves all of it shows the verified snippet files, byte for byte.

`hooks/publish.py` is the MkDocs adapter; nothing here imports MkDocs.
"""

from __future__ import annotations

from pathlib import Path

from vinr_docs.publish import clients
from vinr_docs.spec import Spec


def page_markdown(markdown: str, project: Path, spec: Spec) -> str:
    """A page's Markdown with the publish placeholders filled in (the Client libraries tabs)."""
    if clients.PLACEHOLDER not in markdown:
        return markdown
    return markdown.replace(clients.PLACEHOLDER, clients.section(project, spec))
