"""Read resolved JSON Schemas as documentation: merged `allOf`, type labels, constraints."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

Schema = dict[str, Any]


def merge_all_of(schema: Schema) -> Schema:
    """One schema equivalent for documentation to an `allOf` of object schemas.

    Later parts refine earlier ones property by property; a forbidden property (`false`, or
    `{not: {}}`, the same meaning in a shape code generators read) is dropped, and `required`
    lists are joined.
    """
    parts = schema.get("allOf")
    if not parts:
        return schema
    merged: Schema = {k: v for k, v in schema.items() if k != "allOf"}
    for part in parts:
        merged = _merge(merged, merge_all_of(part))
    return merged


def _merge(base: Schema, extra: Schema) -> Schema:
    merged = {**base, **{k: v for k, v in extra.items() if k not in ("properties", "required")}}
    merged["description"] = base.get("description") or extra.get("description", "")
    properties = dict(base.get("properties", {}))
    for name, prop in extra.get("properties", {}).items():
        if forbidden(prop):
            properties.pop(name, None)
        elif isinstance(properties.get(name), dict):
            properties[name] = _merge(properties[name], merge_all_of(prop))
            properties[name]["description"] = prop.get("description") or properties[name].get(
                "description", ""
            )
        else:
            properties[name] = prop
    if properties:
        merged["properties"] = properties
    required = list(dict.fromkeys([*base.get("required", []), *extra.get("required", [])]))
    if required:
        merged["required"] = [name for name in required if name in properties]
    return merged


def forbidden(schema: Any) -> bool:
    """A schema no value satisfies: `false` or `{not: {}}` (with annotations only)."""
    return schema is False or (isinstance(schema, dict) and schema.get("not") == {})


def alternatives(schema: Schema) -> list[Schema]:
    """The `oneOf`/`anyOf` alternatives of a schema, or the schema itself."""
    return schema.get("oneOf") or schema.get("anyOf") or [schema]


def types_of(schema: Schema) -> list[str]:
    """JSON types a value may have, e.g. ["string", "null"]; arrays as "string[]"."""
    found: list[str] = []
    for alternative in alternatives(schema):
        declared = alternative.get("type")
        if declared is None:
            declared = _implied_type(alternative)
        for name in declared if isinstance(declared, list) else [declared]:
            label = f"{types_of(alternative.get('items', {}))[0]}[]" if name == "array" else name
            found.append(label)
    return list(dict.fromkeys(found))


def _implied_type(schema: Schema) -> str:
    if "properties" in schema:
        return "object"
    if "const" in schema:
        return {bool: "boolean", int: "integer", str: "string"}.get(type(schema["const"]), "any")
    return "any"


def type_label(schema: Schema) -> str:
    """ "string", "string or null", "string or object or null"."""
    return " or ".join(types_of(schema))


def is_expandable(schema: Schema) -> bool:
    """An ID by default that `expand[]` can turn into the object: oneOf string | object."""
    kinds = {t for alt in alternatives(schema) for t in types_of(alt) if alt is not schema}
    return {"string", "object"} <= kinds


def object_part(schema: Schema) -> Schema | None:
    """The object alternative of a schema (itself when it is an object), else None."""
    for alternative in alternatives(schema):
        if "properties" in alternative:
            return merge_all_of(alternative)
    return merge_all_of(schema) if "allOf" in schema else None


def constraints(schema: Schema) -> list[str]:
    """Human-readable constraints of a parameter or property schema, in a stable order."""
    items = schema.get("items", {})
    found = [_format(schema), _length(schema), _range(schema), _pattern(schema)]
    found += [_choices(schema.get("enum") or items.get("enum")), _const(schema), _default(schema)]
    return [text for text in found if text]


def _format(schema: Schema) -> str:
    return {"email": "valid email address"}.get(schema.get("format", ""), schema.get("format", ""))


def _bounds(low: object, high: object, unit: str = "") -> str:
    """`1–100`, `≤ 255 characters`, `≥ 1`, or "" when neither bound is set."""
    if low is not None and high is not None:
        text = f"{low}–{high}"
    elif high is not None:
        text = f"≤ {high}"
    elif low is not None:
        text = f"≥ {low}"
    else:
        return ""
    return f"{text} {unit}".rstrip()


def _length(schema: Schema) -> str:
    return _bounds(schema.get("minLength"), schema.get("maxLength"), "characters")


def _range(schema: Schema) -> str:
    return _bounds(schema.get("minimum"), schema.get("maximum"))


def _pattern(schema: Schema) -> str:
    return f"matches `{schema['pattern']}`" if "pattern" in schema else ""


_DIGITS = r"(?:\[0-9\]|\\d)"
# Patterns of a shape a reader can be told in words (checked in this order).
_SHAPES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"\^([A-Za-z0-9_-]+)\[[^\]^]+\][+*]\$"), lambda m: f"starts with `{m[1]}`"),
    (re.compile(rf"\^{_DIGITS}\{{(\d+)\}}\$"), lambda m: f"{m[1]} digits"),
    (re.compile(rf"\^{_DIGITS}\{{(\d+),(\d+)\}}\$"), lambda m: f"{m[1]} to {m[2]} digits"),
    (
        re.compile(rf"\^\\\+\[1-9\]{_DIGITS}\{{(\d+),(\d+)\}}\$"),
        lambda m: f"E.164 format: `+` then {int(m[1]) + 1} to {int(m[2]) + 1} digits",
    ),
)


def pattern_in_words(pattern: str) -> str:
    """Words for a pattern of a simple shape (a fixed prefix, so many digits, E.164), else ""."""
    for shape, say in _SHAPES:
        match = shape.fullmatch(pattern)
        if match:
            return say(match)
    return ""


def _choices(values: list[Any] | None) -> str:
    return "one of " + ", ".join(f"`{v}`" for v in values) if values else ""


def _const(schema: Schema) -> str:
    return f"always `{json.dumps(schema['const'])}`" if "const" in schema else ""


def _default(schema: Schema) -> str:
    return f"default `{json.dumps(schema['default'])}`" if "default" in schema else ""
