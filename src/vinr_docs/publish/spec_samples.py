"""The published spec: `docs/openapi.yaml` plus, on every operation, `x-codeSamples` taken from
its primary sample folder (`x-vinr-samples`), so Redoc, Scalar, ReadMe and other tools that read
the spec show the same samples the build verified. The source spec keeps no copies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from vinr_docs.languages import LANGUAGES
from vinr_docs.spec import Operation, Spec

KEY = "x-codeSamples"


def code_samples(op: Operation, snippets: Path) -> list[dict[str, str]]:
    """`[{lang, label, source}]` for each language file in the operation's primary folder."""
    return [
        {
            "lang": language.spec_lang,
            "label": language.tab,
            "source": (snippets / op.sample_folder / language.file).read_text(encoding="utf-8"),
        }
        for language in LANGUAGES
        if (snippets / op.sample_folder / language.file).is_file()
    ]


def operation_node(document: dict[str, Any], op: Operation) -> dict[str, Any]:
    return document["paths"][op.path][op.method.lower()]


# libyaml when PyYAML has it (about 10× faster on the spec), else the pure-Python classes.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BASE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=LOADER)  # noqa: S506 (a safe loader)


class _Dumper(_BASE_DUMPER):  # type: ignore[misc,valid-type]
    """Multi-line strings (descriptions, sample sources) as literal blocks, as people write them."""


def _str(dumper: Any, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text and not any(c in text for c in "\t\r") else None
    if style and any(line != line.rstrip() for line in text.splitlines()):
        style = None  # trailing spaces cannot survive a literal block
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _str)


def published_spec(source: str, spec: Spec, snippets: Path) -> str:
    """The text of the published spec: `source` (the spec's YAML) with `x-codeSamples` added."""
    document = load_yaml(source)
    for op in spec.operations:
        operation_node(document, op)[KEY] = code_samples(op, snippets)
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
