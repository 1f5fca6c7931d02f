"""The verdict on one run, from the fake server's record (never from the sample's own words).

A sample passes when it finished inside its limits, every request it sent was served by an
operation of the spec, the last reply equals its `response.json`, and (where the client's
recorder reported it) what the client returned serializes to that reply.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any
from urllib.parse import urlencode

from vinr_docs import sdk
from vinr_docs.engine.execute import Run, fixture_chain
from vinr_docs.engine.model import Problem, Sample, SampleResult
from vinr_docs.engine.settings import Settings
from vinr_docs.fake import Exchange


class DocumentError(ValueError):
    """A JSON document that does not parse (message names file:line:column)."""


def load_json(path: Any, label: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DocumentError(
            f"{label}:{exc.lineno}:{exc.colno}: malformed JSON: {exc.msg}"
        ) from None


def align(value: Any, like: Any) -> Any:
    """`value` with object keys in `like`'s order, so a diff shows only real changes."""
    if isinstance(value, dict) and isinstance(like, dict):
        keys = [k for k in like if k in value] + [k for k in value if k not in like]
        return {k: align(value[k], like.get(k)) for k in keys}
    if isinstance(value, list) and isinstance(like, list):
        return [align(v, like[i] if i < len(like) else None) for i, v in enumerate(value)]
    return value


def json_diff(expected: Any, received: Any, expected_label: str, received_label: str) -> str:
    """Unified diff of two JSON values (indent 2); empty when they are equal."""
    if expected == received:
        return ""
    left = json.dumps(expected, indent=2, ensure_ascii=False).splitlines()
    right = json.dumps(align(received, expected), indent=2, ensure_ascii=False).splitlines()
    return "\n".join(difflib.unified_diff(left, right, expected_label, received_label, lineterm=""))


def describe(exchange: Exchange) -> str:
    """`POST /v1/customers  email=…  [createCustomer] → 200`."""
    pairs = urlencode([(k, v) for k, values in exchange.params().items() for v in values])
    op = f"  [{exchange.operation}]" if exchange.operation else ""
    key = exchange.headers.get("idempotency-key")
    idem = f"  Idempotency-Key: {key}" if key is not None else ""
    return (
        f"{exchange.method} {exchange.path}{'  ' + pairs if pairs else ''}{idem}{op} → "
        f"{exchange.status}"
    )


def request_shape(exchange: dict[str, Any]) -> dict[str, Any]:
    """What identifies a request on the page (the order of parameters does not matter)."""
    params = {**exchange["query"], **exchange["form"]}
    return {
        "method": exchange["method"],
        "path": exchange["path"],
        "params": {k: sorted(v) for k, v in sorted(params.items())},
        "api key sent": "x-api-key" in exchange["headers"],
        "Idempotency-Key": exchange["headers"].get("idempotency-key"),
    }


def judge(sample: Sample, run: Run, settings: Settings) -> SampleResult:
    result = SampleResult(sample, settings.relative(sample.path))
    if run.fixture_error is not None:
        where = settings.relative(sample.fixture) if sample.fixture else None
        result.problems.append(
            Problem("fixture", f"its state fixture is unusable: {run.fixture_error}", where)
        )
        return result
    assert run.execution is not None and run.session is not None
    execution, exchanges = run.execution, run.session.exchanges
    result.seconds = execution.seconds
    result.output = _clean(execution.stdout + execution.stderr, run, sample, settings)
    result.requests = [describe(e) for e in exchanges]
    result.exchanges = [e.to_json() for e in exchanges]
    result.shapes = [request_shape(e) for e in result.exchanges]
    result.last = (exchanges[-1].status, exchanges[-1].body) if exchanges else None
    result.events = [event.payload for event in run.session.events]
    result.line = _line(run, execution.stderr)
    result.problems += _execution_problems(run, settings)
    if hint := _missing_method_hint(sample, execution.stderr, settings):
        result.problems.append(hint)
    for exchange in exchanges:
        for problem in exchange.problems:
            message = problem.message
            if problem.kind == "fake_bug":  # a reply breaking the spec, or a crash
                message += _reply_hint(sample, settings)
            result.problems.append(Problem(problem.kind, message))
    if exchanges and not execution.timed_out:
        _compare(sample, run, exchanges[-1], result, settings)
    elif not exchanges and not execution.timed_out:
        result.problems.append(Problem("no_request", "made no request to the VINR API"))
    result.ok = not result.problems
    return result


def _execution_problems(run: Run, settings: Settings) -> list[Problem]:
    execution = run.execution
    assert execution is not None
    problems = []
    if execution.timed_out:
        problems.append(
            Problem(
                "timeout",
                f"timed out after {settings.limits.timeout:g} s: "
                "does it loop forever or wait for something?",
            )
        )
    elif execution.killed_by is not None:
        problems.append(
            Problem(
                "killed",
                f"stopped by the sandbox's {execution.killed_by} "
                f"limit ({_limit(execution.killed_by, settings)})",
            )
        )
    elif execution.exit_code != 0:
        last = (execution.stderr.strip().splitlines() or [""])[-1]
        problems.append(
            Problem(
                "exit", f"exited with code {execution.exit_code}" + (f": {last}" if last else "")
            )
        )
    if execution.output_truncated:
        problems.append(
            Problem(
                "output_truncated",
                f"printed more than {settings.limits.output_bytes} bytes; the output was cut",
            )
        )
    return problems


# What the runtimes say when a sample calls something the client does not have.
MISSING_METHOD = re.compile(
    r"is not a function|does not exist|Cannot read properties of undefined|undefined method"
    r"|uninitialized constant Vinr|has no attribute|undefined local variable or method"
)


def _missing_method_hint(sample: Sample, stderr: str, settings: Settings) -> Problem | None:
    """A client method or class the sample calls does not exist: the client's methods come
    from the operation's `x-vinr-sdk`, so say where that is and what it names."""
    if sample.language.key not in sdk.LANGUAGES or not MISSING_METHOD.search(stderr):
        return None
    spec = settings.relative(settings.spec)
    line = sdk.spec_line(settings.spec, sample.operation)
    where = f"{spec}:{line}" if line else spec
    name = client_names(settings).get(sample.operation, {}).get(sample.language.key)
    named = (
        f"it names the {sample.language.tab} call {name!r}: call that in the sample, or change "
        "x-vinr-sdk there (a new name there is a new method, a new class or namespace a new "
        "resource; no client code)"
        if name
        else "add `x-vinr-sdk: {result: …, python: Class.method, node: namespace.method, ruby: "
        "Class.method}` there"
    )
    return Problem(
        "client_method",
        f"the sample calls a client method or class that does not exist. The client's methods "
        f"come from x-vinr-sdk of {sample.operation} at {where}: {named}",
        where=where,
    )


def _reply_hint(sample: Sample, settings: Settings) -> str:
    """Who is to fix a reply that breaks the spec (or a crash of the fake): the fake replies
    with the objects of the sample's fixture state, so a field named above is most often the
    fixture's."""
    chain = fixture_chain(sample)
    if not chain:
        return (
            ". The fake built this reply from the requests alone: fix the fake, or the schema "
            "in the spec if it forbids what the operation returns"
        )
    files = " (extended by ".join(settings.relative(path) for path in chain)
    files += ")" * (len(chain) - 1)
    return (
        f". The fake replies with the objects of the fixture state {files}: give the field "
        "named above a value the schema allows there (or fix the schema in the spec)"
    )


def _limit(kind: str, settings: Settings) -> str:
    limits = settings.limits
    return {
        "memory": f"{limits.memory_bytes // 2**20} MB",
        "cpu": f"{limits.cpu_seconds} s CPU",
        "output": f"{limits.output_bytes} bytes of output",
        "timeout": f"{limits.timeout:g} s",
        "disk": f"{limits.disk_bytes // 2**20} MB of disk (HOME, TMPDIR, any one file)",
    }.get(kind, kind)


def _compare(
    sample: Sample, run: Run, last: Exchange, result: SampleResult, settings: Settings
) -> None:
    label = settings.relative(sample.response)
    if not sample.response.is_file():
        result.problems.append(
            Problem("missing_snippet", f"has no documented response: add {label} beside it")
        )
        return
    try:
        expected = load_json(sample.response, label)
    except DocumentError as exc:
        result.problems.append(Problem("malformed", str(exc)))
        return
    result.received = last.body
    diffs = [
        json_diff(
            expected, last.body, label, f"received: {last.method} {last.path} → {last.status}"
        )
    ]
    if diffs[0]:
        result.problems.append(
            Problem("response_differs", f"the response differs from the documented one ({label})")
        )
    call = run.calls[-1] if run.calls else None
    if (problem := _unrecorded(sample, call, last, settings)) is not None:
        result.problems.append(problem)
        return
    returned = call.get("returned") if call is not None and last.status < 400 else None
    if (
        call is not None
        and returned is not None
        and (
            diff := json_diff(
                last.body, returned, "response body", f"{call.get('operation')}(…) returned"
            )
        )
    ):
        result.problems.append(
            Problem(
                "returned_differs",
                f"the object {call.get('operation')} returned does not "
                "serialize to the response body",
            )
        )
        diffs.append(diff)
    result.diff = "\n".join(d for d in diffs if d)


def client_names(settings: Settings) -> dict[str, dict[str, str]]:
    """operationId → language → the client's name for it (`Customer.create`), from the table."""
    try:
        table = json.loads((settings.project / sdk.TABLE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {row["id"]: {lang: row[lang] for lang in sdk.LANGUAGES} for row in table["operations"]}


def _unrecorded(
    sample: Sample, call: dict[str, Any] | None, last: Exchange, settings: Settings
) -> Problem | None:
    """A client sample's last reply must be what its last recorded client call got: otherwise
    what the client returned is unchecked, and that must fail rather than pass silently."""
    language = sample.language.key
    if language not in sdk.LANGUAGES or last.operation is None:
        return None
    name = client_names(settings).get(last.operation, {}).get(language)
    if call is not None and call.get("operation") == name:
        return None
    got = f"its last recorded call was {call.get('operation')}" if call else "it recorded no call"
    return Problem(
        "returned_unchecked",
        f"the client's recorder reported no call of {name or last.operation} for the last reply "
        f"({last.method} {last.path} → {last.status}; {got}), so what the client returned was "
        f"not checked: make the request with the client's {name or last.operation}(…). If the "
        "sample does, the client's recorder misses that operation: it must wrap every "
        "operation of clients/operations.json",
    )


def _line(run: Run, stderr: str) -> int | None:
    """The sample line a failure points at: where it raised, else its last client call."""
    name = re.escape(run.sample_name)
    raised = re.findall(rf'{name}"?, line (\d+)|{name}:(\d+)', stderr) if name else []
    numbers = [int(a or b) for a, b in raised]
    if numbers:
        return numbers[-1]
    lines = [c.get("line") for c in run.calls if isinstance(c.get("line"), int)]
    return lines[-1] if lines else None


def _clean(output: str, run: Run, sample: Sample, settings: Settings) -> str:
    """Output with sandbox paths shown as the snippet's path."""
    cleaned = re.sub(r"/tmp/vinr-sample-[\w]+/", "", output)
    if run.sample_name:
        cleaned = cleaned.replace(run.sample_name, settings.relative(sample.path))
    return cleaned.replace(f"{settings.project}/", "")
