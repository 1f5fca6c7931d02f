"""API objects: dicts with attribute access that serialize back to the API's JSON."""

from __future__ import annotations

import json
from typing import Any


class VinrObject(dict):
    """A JSON object from the API. ``obj.email == obj["email"]``; ``json.dumps(obj)`` gives back
    exactly the JSON the API sent."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no attribute {name!r}") from None

    def to_dict(self) -> dict[str, Any]:
        """A plain ``dict`` copy (nested objects and lists converted too)."""
        return json.loads(json.dumps(self))

    def __repr__(self) -> str:
        ident = f" id={self['id']}" if "id" in self else ""
        return f"<{type(self).__name__}{ident}> JSON: {json.dumps(self, indent=2)}"

    def __str__(self) -> str:
        return json.dumps(self, indent=2)


class ListObject(VinrObject):
    """A page of results: ``data`` (the objects), ``has_more``."""

    def __iter__(self):  # type: ignore[override]
        # Iterating a page yields its objects, not the keys of the envelope.
        return iter(self.get("data", []))


def convert(value: Any, item_type: type[VinrObject] = VinrObject) -> Any:
    """Wrap decoded JSON: top-level objects as `item_type`, nested ones as VinrObject."""
    if isinstance(value, list):
        return [convert(item, item_type) for item in value]
    if not isinstance(value, dict):
        return value
    if value.get("object") == "list":
        return ListObject(
            {
                key: convert(item, item_type) if key == "data" else convert(item)
                for key, item in value.items()
            }
        )
    return item_type({key: convert(item) for key, item in value.items()})
