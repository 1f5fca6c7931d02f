"""Marks search-index sections that lead into Advanced content.

Material's search renders a document's `tags` as chips under the result, so a result whose anchor
is inside an `/// advanced` block reads "Advanced" before the reader opens it (and the page opens
that block when the link lands there: detail-toggle.js).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vinr_docs.advanced import advanced_ids


def tag_advanced_sections(
    index: dict[str, Any], page_html: Callable[[str], str | None], tag: str
) -> int:
    """Add `tag` to every entry of Material's search `index` whose `page.html#anchor` location is
    inside Advanced content; `page_html(path)` returns a built page (None if absent). Returns how
    many entries were tagged."""
    hidden: dict[str, set[str]] = {}
    tagged = 0
    for doc in index.get("docs", []):
        path, _, anchor = str(doc.get("location", "")).partition("#")
        if not anchor:
            continue
        if path not in hidden:
            html = page_html(path)
            hidden[path] = advanced_ids(html) if html else set()
        if anchor in hidden[path]:
            doc["tags"] = [*(t for t in doc.get("tags", []) if t != tag), tag]
            tagged += 1
    return tagged
