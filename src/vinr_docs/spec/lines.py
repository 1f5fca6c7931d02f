"""Where a value sits in a JSON or YAML text: errors name the line an author must change."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def line_of(text: str, where: list[Any]) -> int | None:
    """The 1-based line of the value at path `where` in a JSON/YAML text (the deepest part of
    the path that exists: a missing field is reported on its object)."""
    try:
        node = yaml.compose(text, Loader=_LOADER)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in where:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    child, line = value, key.start_mark.line + 1
                    break
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line
