"""Names the reader-facing page code shares: Python, templates, JavaScript and tests read them here.

The MkDocs hook puts `PAGE_CONFIG` on the page as JSON (`<script type="application/json"
id="vinr-config">`, see overrides/main.html); the page scripts read it from there instead of
repeating the strings. The stylesheet cannot read JSON, so `vinr.css` spells the class names out
(they are listed here, with the CSS that depends on them named in comments).
"""

from __future__ import annotations

from typing import Final

from vinr_docs.advanced import ADVANCED_CLASS

CONFIG_ELEMENT_ID: Final = "vinr-config"

MODES: Final = ("standard", "advanced")
DEFAULT_MODE: Final = "standard"
# The reader's own choice of level of detail (links and search never write it).
STORAGE_KEY: Final = "vinr.detail"
# ?detail=advanced in a link opens that mode for that visit.
QUERY_PARAMETER: Final = "detail"
# Labels of the language tabs of a sample block, in order; Material syncs tabs by label.
LANGUAGES: Final = ("curl", "JavaScript", "Python", "Ruby")
# Tag shown on search results that lead into Advanced content.
ADVANCED_SEARCH_TAG: Final = "Advanced"

CLASSES: Final = {
    "advanced": ADVANCED_CLASS,  # /// advanced blocks
    "toggle": "vinr-detail-toggle",  # the Standard / Advanced radio group in the header
    "announce": "vinr-detail-announce",  # its polite live region
    "operation": "vinr-operation",  # one operation: text pane + code pane
    "object": "vinr-object",  # an object's fields beside its example (same two panes)
    "operationCode": "vinr-operation__code",
    "anchor": "vinr-anchor",  # "#" link of a field or parameter
}

# <html data-vinr-page="advanced operations">: what the page holds, for the stylesheet (the detail
# control shows on pages with Advanced content; the grid widens for two panes). A flag is set when
# the page has an element of its class: from the rendered page before first paint (main.html), from
# the DOM after instant navigation (detail-toggle.js).
PAGE_FLAGS: Final = {
    "advanced": CLASSES["advanced"],
    "operations": CLASSES["operation"],
    "objects": CLASSES["object"],
}

PAGE_CONFIG: Final = {
    "modes": list(MODES),
    "defaultMode": DEFAULT_MODE,
    "storageKey": STORAGE_KEY,
    "queryParameter": QUERY_PARAMETER,
    "languages": list(LANGUAGES),
    "advancedSearchTag": ADVANCED_SEARCH_TAG,
    "classes": CLASSES,
    "pageFlags": PAGE_FLAGS,
}
