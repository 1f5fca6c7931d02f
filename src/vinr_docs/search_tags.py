"""Search results that say where they lead: Advanced tags, operation names, definitions.

Material's search renders a document's `tags` as chips under the result, so a result whose anchor
is inside an `/// advanced` block reads "Advanced" before the reader opens it (and the page opens
that block when the link lands there: detail-toggle.js).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from vinr_docs.advanced import ADVANCED_CLASS, advanced_ids


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


@dataclass
class _Definition:
    id: str
    section: str
    words: list[str] = field(default_factory=list)


class _Outline(HTMLParser):
    """The article's headings (id → title, h2 parent of each) and its field and parameter items
    (`<li id>` holding a `.vinr-anchor`), in page order."""

    def __init__(self) -> None:
        super().__init__()
        self.titles: dict[str, str] = {}
        self.parents: dict[str, str] = {}  # heading id → its h2's title
        self.definitions: list[_Definition] = []
        self._h2 = ""
        self._heading: tuple[str, int, list[str]] | None = None  # id, level, words
        self._open: list[tuple[_Definition | None, str]] = []  # per open li: definition, tag
        self._pending: tuple[str, list[str]] | None = None  # an li with an id, not yet known
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if self._skip or "headerlink" in classes or INLINE_NOTE in classes:
            self._skip += tag not in _VOID
            return
        if tag in _HEADINGS and attributes.get("id"):
            self._heading = (str(attributes["id"]), int(tag[1]), [])
        elif tag == "li":
            self._open.append((None, str(attributes.get("id") or "")))
        elif tag == "a" and "vinr-anchor" in classes and self._open and self._open[-1][0] is None:
            li_id = self._open[-1][1]
            if li_id:
                definition = _Definition(li_id, self._h2)
                self.definitions.append(definition)
                self._open[-1] = (definition, li_id)

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            self._skip -= tag not in _VOID
            return
        if tag in _HEADINGS and self._heading:
            id_, level, words = self._heading
            title = " ".join("".join(words).split())
            self.titles[id_] = title
            if level == 2:
                self._h2 = title
            else:
                self.parents[id_] = self._h2
            self._heading = None
        elif tag == "li" and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._heading:
            self._heading[2].append(data)
        for definition, _ in reversed(self._open):
            if definition is not None:
                definition.words.append(data)
                break


_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
INLINE_NOTE = f"{ADVANCED_CLASS}--inline"  # a parameter's Advanced note: not what it is
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source"}
SEPARATOR = " › "
# A definition's document boost halves every 3 characters of its name, from 2^10 for one letter
# down to 1 at 31 and more (see name_sections).
BOOST_HALVES_EVERY, BOOST_ENDS_AT = 3, 31


def name_sections(index: dict[str, Any], page_html: Callable[[str], str | None]) -> int:
    """Make Material's search `index` say where each result is: a sub-section's title leads with
    its operation's (`List customers › Pagination`), and every field and parameter gets an entry
    of its own (`phone · Create a customer`) that lands on its definition. Returns how many
    entries changed or were added."""
    docs = index.get("docs", [])
    outlines: dict[str, _Outline] = {}
    changed = 0
    for doc in docs:
        path, _, anchor = str(doc.get("location", "")).partition("#")
        if path not in outlines:
            outlines[path] = _outline(page_html(path))
        parent = outlines[path].parents.get(anchor)
        if anchor and parent and not str(doc.get("title", "")).startswith(parent + SEPARATOR):
            doc["title"] = f"{parent}{SEPARATOR}{doc['title']}"
            changed += 1
    known = {str(doc.get("location")) for doc in docs}
    for path, outline in outlines.items():
        for definition in outline.definitions:
            location = f"{path}#{definition.id}"
            words = " ".join(" ".join(definition.words).split())
            words = words.replace(" .", ".").replace(" ,", ",").replace(" ;", ";")
            name = words.split(" ")[0] if words else definition.id
            if location in known or not name:
                continue
            # The title is the name alone, where it is goes in the text: another field's title
            # would otherwise match its section's words ("customer" in "id · The customer
            # object"). Material matches every query term as a prefix (it adds `*`) and lunr
            # gives an exact match no bonus, so "id" ranked "Idempotency-Key" first (its term
            # is rarer) and "card" its children "card.brand" …: among definitions a query
            # matches, the shortest name is the exact one, so shorter names weigh more.
            where = f"{definition.section}: " if definition.section else ""
            boost = 2 ** ((BOOST_ENDS_AT - len(name)) / BOOST_HALVES_EVERY)
            docs.append(
                {
                    "location": location,
                    "title": name,
                    "text": html.escape(where + words, quote=False),
                    "boost": round(max(1.0, boost), 2),
                }
            )
            changed += 1
    return changed


def _outline(page: str | None) -> _Outline:
    outline = _Outline()
    if page:
        start = page.find("<article")
        outline.feed(page[start:] if start >= 0 else page)
        outline.close()
    return outline
