"""One request in, one recorded `Exchange` out: route → validate → (replay) → handle → check.

`FakeApi` is built once per run from the spec and is stateless; each sample gets a fresh
`Session` (its store, idempotency keys, events and the record of every exchange).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from vinr_docs.fake.handlers import Context, run
from vinr_docs.fake.plan import plan_for
from vinr_docs.fake.records import Event, Exchange, Problem
from vinr_docs.fake.rules import FORM, IDEMPOTENCY_HEADER, ApiError, ApiRules, RawRequest
from vinr_docs.fake.state import State

IDEMPOTENCY_WINDOW = 24 * 60 * 60  # seconds a key keeps replaying its first result
RECORDED_HEADERS = ("x-api-key", "idempotency-key", "content-type")
JSON_HEADERS = {"Content-Type": "application/json"}


@dataclass
class _Stored:
    fingerprint: str
    status: int
    body: Any
    at: float


@dataclass
class Session:
    """The fake's state for one sample run, and its record of what happened."""

    state: State
    clock: Callable[[], float] = time.time
    exchanges: list[Exchange] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    idempotency: dict[str, _Stored] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class FakeApi:
    """The spec-driven fake. `handle(session, request)` answers and records one request."""

    def __init__(self, rules: ApiRules) -> None:
        self.rules = rules
        self.plan = plan_for(rules)  # raises PlanError naming the spec line to fix

    @classmethod
    def from_file(cls, path: Path, label: str | None = None) -> FakeApi:
        return cls(ApiRules.from_file(path, label))

    def new_session(self, fixture: Any = None, clock: Callable[[], float] = time.time) -> Session:
        """A fresh store from a `state.json` fixture (raises FixtureError)."""
        data = {} if fixture is None else fixture
        return Session(State.from_fixture(data, self.plan["resources"]), clock)

    def handle(self, session: Session, raw: RawRequest) -> Exchange:
        with session.lock:
            exchange = _record(raw)
            session.exchanges.append(exchange)
            operation = self.rules.route(raw)
            if operation is None:
                exchange.problems.append(
                    Problem(
                        "route_unknown",
                        f"no operation in {self.rules.source} serves {raw.method} {raw.path}",
                    )
                )
                method = raw.method.upper()
                error = self.rules.error("route_unknown", None, method=method, path=raw.path)
                exchange.status, exchange.body = error.status, error.body
                return exchange
            exchange.operation = operation.id
            try:
                self._answer(session, operation, raw, exchange)
            except ApiError as error:
                exchange.status, exchange.body = error.status, error.body
            except Exception:  # a bug in the fake: a 500 for the sample, named in the report
                exchange.status, exchange.body = 500, _internal_error()
                exchange.problems.append(
                    Problem(
                        "fake_bug",
                        "the fake crashed handling this request (a bug in the fake, "
                        f"not the sample):\n{traceback.format_exc()}",
                    )
                )
                return exchange
            self._check_reply(operation, exchange)
            return exchange

    def refuse(self, session: Session, raw: RawRequest, code: str, message: str | None) -> Exchange:
        """Record and answer a request whose body could not be read (framing, size)."""
        with session.lock:
            exchange = _record(raw)
            session.exchanges.append(exchange)
            error = self.rules.error(code, None, message)
            exchange.status, exchange.body = error.status, error.body
            return exchange

    def _answer(
        self, session: Session, operation: Any, raw: RawRequest, exchange: Exchange
    ) -> None:
        values = self.rules.check_request(operation, raw)
        key = exchange.headers.get("idempotency-key") if operation.idempotent else None
        fingerprint = _fingerprint(operation.id, raw)
        stored = session.idempotency.get(key) if key is not None else None
        if stored is not None and session.clock() - stored.at < IDEMPOTENCY_WINDOW:
            if stored.fingerprint != fingerprint:
                raise self.rules.error("idempotency_key_in_use", IDEMPOTENCY_HEADER, key=key)
            exchange.status, exchange.body = stored.status, stored.body
            exchange.response_headers["Idempotent-Replayed"] = "true"
            return
        context = Context(session.state, self.rules, self.plan, operation.id)
        try:
            exchange.status, exchange.body = run(context, values)
        except ApiError as error:
            exchange.status, exchange.body = error.status, error.body
        session.events.extend(context.events)
        if key is not None:
            session.idempotency[key] = _Stored(
                fingerprint, exchange.status, exchange.body, session.clock()
            )

    def _check_reply(self, operation: Any, exchange: Exchange) -> None:
        reasons = self.rules.check_response(operation, exchange.status, exchange.body)
        if reasons:
            exchange.problems.append(
                Problem(
                    "fake_bug",
                    f"the fake's {exchange.status} reply to {exchange.operation} "
                    f"breaks {self.rules.source}: " + "; ".join(reasons),
                )
            )


def _record(raw: RawRequest) -> Exchange:
    headers = {k.lower(): v for k, v in raw.headers.items() if k.lower() in RECORDED_HEADERS}
    text = raw.body.decode("utf-8", "replace")
    form = parse_qs(text, keep_blank_values=True) if raw.content_type.startswith(FORM) else {}
    return Exchange(
        raw.method.upper(),
        raw.path,
        parse_qs(raw.query, keep_blank_values=True),
        headers,
        form,
        text,
    )


def _fingerprint(operation: str, raw: RawRequest) -> str:
    content = json.dumps(
        [
            operation,
            raw.path,
            sorted(parse_qs(raw.query).items()),
            sorted(parse_qs(raw.body.decode("utf-8", "replace")).items()),
        ]
    )
    return hashlib.sha256(content.encode()).hexdigest()


def _unknown_route(raw: RawRequest) -> dict[str, Any]:
    """The route_unknown body (the in-page mock's config takes it from here)."""
    return {
        "error": {
            "type": "invalid_request_error",
            "code": "route_unknown",
            "param": None,
            "message": f"Unrecognized request URL ({raw.method} {raw.path}).",
        }
    }


def _internal_error() -> dict[str, Any]:
    return {
        "error": {
            "type": "api_error",
            "code": "internal_error",
            "param": None,
            "message": "The fake VINR API failed on this request.",
        }
    }
