"""The OpenAPI spec (`docs/openapi.yaml`): load, validate, and read it as a typed model.

This package is the one place that knows the spec's shape. Everything else (the markdown
directives, the fake API, the tests) asks `load(path)` for a `Spec` and reads its fields.
"""

from vinr_docs.spec.loader import SpecError, load
from vinr_docs.spec.model import (
    ErrorExample,
    ErrorType,
    Operation,
    Parameter,
    Spec,
    Webhook,
)

__all__ = [
    "ErrorExample",
    "ErrorType",
    "Operation",
    "Parameter",
    "Spec",
    "SpecError",
    "Webhook",
    "load",
]
