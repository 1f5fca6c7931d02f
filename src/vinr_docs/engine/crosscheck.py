"""Checks across samples, after every sample has run: the four tabs of a folder send the same
requests, every documented error body is a reply some sample actually got (in every language),
and every documented event payload is what the fake emitted for the operation.

All of it is computed from the fake server's records (`SampleResult.exchanges`/`events`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from vinr_docs.engine.judge import DocumentError, json_diff, load_json
from vinr_docs.engine.model import Problem, SampleResult
from vinr_docs.engine.settings import Settings
from vinr_docs.fake.rules import FORMATS
from vinr_docs.languages import LANGUAGES
from vinr_docs.spec.lines import line_of
from vinr_docs.spec.model import Spec

EVENTS_FOLDER = "events"


def _show(values: list[str] | None) -> str:
    if values is None:
        return "nothing"
    return repr(values[0]) if len(values) == 1 else repr(values)


def _drift(label: str, shape: dict[str, Any], ref_label: str, ref: dict[str, Any]) -> list[str]:
    out = []
    for key in ("method", "path", "api key sent", "Idempotency-Key"):
        if shape[key] != ref[key]:
            out.append(f"{label} sends {key}={shape[key]!r} but {ref_label} {key}={ref[key]!r}")
    for name in sorted(set(shape["params"]) | set(ref["params"])):
        mine, theirs = shape["params"].get(name), ref["params"].get(name)
        if mine != theirs:
            out.append(f"{label} sends {name}={_show(mine)} but {ref_label} {name}={_show(theirs)}")
    return out


def cross_tab(results: list[SampleResult]) -> None:
    """Attach a problem to each tab whose requests differ from what most tabs of its folder send
    (the odd one out is the file to fix). When no request sequence has a strict majority, every
    tab that differs from another gets the problem: nothing says which one is right."""
    by_folder: dict[str, list[SampleResult]] = defaultdict(list)
    for result in results:
        if result.shapes is not None:
            by_folder[result.sample.folder].append(result)
    for group in by_folder.values():
        variants: dict[str, list[SampleResult]] = defaultdict(list)
        for result in group:
            variants[json.dumps(result.shapes, sort_keys=True)].append(result)
        if len(variants) < 2:
            continue
        ranked = sorted(variants.values(), key=len, reverse=True)
        majority = ranked[0] if len(ranked[0]) > len(ranked[1]) else None
        for result in group:
            if majority is not None and result in majority:
                continue
            refs = majority or next(v for v in ranked if result not in v)
            drift = _compare_shapes(result, refs)
            for line in drift:
                result.problems.append(Problem("tab_drift", line))
            result.ok = result.ok and not drift


def _compare_shapes(result: SampleResult, refs: list[SampleResult]) -> list[str]:
    mine, theirs = result.shapes or [], refs[0].shapes or []
    names = [r.sample.language.file for r in refs]
    together = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    ref_label = f"{together} send{'s' if len(names) == 1 else ''}"
    label = f"{Path(result.label).parent.as_posix()}/{result.sample.language.file}"
    if len(mine) != len(theirs):
        return [f"{label} sends {len(mine)} request(s) but {ref_label} {len(theirs)}"]
    return [d for m, t in zip(mine, theirs, strict=True) for d in _drift(label, m, ref_label, t)]


def error_examples(
    spec: Spec, results: list[SampleResult], settings: Settings, complete: set[str]
) -> tuple[list[Problem], dict[str, dict[str, set[str]]]]:
    """Every error example of an operation must be the last reply of one of that operation's
    own samples, in every language (another operation's sample getting the same body does not
    count: the verdict is the same whether the operation is verified alone or with the rest).
    Problems only for the operations in `complete` (all their samples ran). Returns the problems
    and, per operation, example key → languages that produced it."""
    produced: dict[tuple[str, str], set[str]] = defaultdict(set)
    for result in results:
        if result.ok and result.last is not None:
            status, body = result.last
            reply = json.dumps([status, body], sort_keys=True)
            produced[(result.sample.operation, reply)].add(result.sample.language.tab)
    problems, coverage = [], {}
    every = {language.tab for language in LANGUAGES}
    spec_text = settings.spec.read_text(encoding="utf-8")
    for operation in spec.operations:
        coverage[operation.id] = {}
        for example in operation.error_examples:
            reply = json.dumps([example.status, example.body], sort_keys=True)
            got = produced.get((operation.id, reply), set())
            coverage[operation.id][example.key] = got
            if operation.id in complete and (missing := sorted(every - got)):
                problems.append(
                    Problem(
                        "error_unverified",
                        f"the documented {example.status} body '{example.key}' of "
                        f"{operation.id} is not the reply to any {', '.join(missing)} sample: "
                        "add a sample folder that makes this request "
                        f"(e.g. {operation.sample_folder}-<variant>/)",
                        where=_example_where(spec_text, operation, example, settings),
                    )
                )
    return problems, coverage


def _example_where(text: str, operation: Any, example: Any, settings: Settings) -> str:
    """`docs/openapi.yaml:LINE` of the example (or of its response, when that is a $ref)."""
    path = ["paths", operation.path, operation.method.lower(), "responses", str(example.status)]
    path += ["content", "application/json", "examples", example.key]
    line = line_of(text, path)
    label = settings.relative(settings.spec)
    return f"{label}:{line}" if line else label


def events(spec: Spec, results: list[SampleResult], settings: Settings) -> None:
    """The events a main sample's operation emitted must validate against the webhook schema and
    equal the documented payload `snippets/events/<type>.json` (problems go on the sample)."""
    main = {op.sample_folder for op in spec.operations}
    for result in results:
        if result.sample.folder not in main or result.events is None or not result.ok:
            continue
        for event in result.events:
            for message, diff in _event_problems(spec, event, settings):
                result.problems.append(Problem("event_differs", message))
                result.diff = "\n".join(filter(None, [result.diff, diff]))
                result.ok = False


def event_verdicts(spec: Spec, results: list[SampleResult]) -> dict[str, bool]:
    """Event type → whether every main sample that emitted it matched its documented payload."""
    main = {op.sample_folder for op in spec.operations}
    verdicts: dict[str, bool] = {}
    for result in results:
        if result.sample.folder in main:
            for event in result.events or []:
                kind = event["type"]
                verdicts[kind] = verdicts.get(kind, True) and result.ok
    return verdicts


def _event_problems(spec: Spec, event: dict[str, Any], settings: Settings) -> list[tuple[str, str]]:
    kind = event["type"]
    webhook = spec.webhook(kind)
    if webhook is None:
        return [(f"emitted {kind}, which docs/openapi.yaml does not declare under webhooks", "")]
    schema_errors = [
        e.message
        for e in Draft202012Validator(webhook.schema, format_checker=FORMATS).iter_errors(event)
    ]
    if schema_errors:
        return [(f"the {kind} event breaks its webhook schema: {'; '.join(schema_errors)}", "")]
    doc = settings.snippets / EVENTS_FOLDER / f"{kind}.json"
    if not doc.is_file():
        return []
    label = settings.relative(doc)
    try:
        expected = load_json(doc, label)
    except DocumentError as exc:
        return [(str(exc), "")]
    if diff := json_diff(expected, event, label, f"the fake emitted ({kind})"):
        return [(f"the {kind} event differs from the documented payload ({label})", diff)]
    return []
