"""Resolve local `$ref`s (`#/components/...`) into one plain dict tree."""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 64  # deeper than any real spec; stops a reference cycle


def pointer_get(document: dict[str, Any], pointer: str) -> Any:
    """The value at a JSON pointer such as `#/components/schemas/Customer`."""
    node: Any = document
    for token in pointer.removeprefix("#/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def resolve(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of `document` with every local `$ref` replaced by its target.

    Keywords next to a `$ref` (OpenAPI 3.1 allows e.g. a local `description`) win over the
    target's, so a field can reuse a shared schema and still say what it means here.
    """
    return _resolve(document, document, 0)


def _resolve(node: Any, document: dict[str, Any], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise ValueError("$ref nesting too deep (a reference cycle?)")
    if isinstance(node, list):
        return [_resolve(item, document, depth) for item in node]
    if not isinstance(node, dict):
        return node
    if isinstance(node.get("$ref"), str):
        target = _resolve(pointer_get(document, node["$ref"]), document, depth + 1)
        siblings = {k: _resolve(v, document, depth) for k, v in node.items() if k != "$ref"}
        return {**target, **siblings} if isinstance(target, dict) else target
    return {key: _resolve(value, document, depth) for key, value in node.items()}
