"""Typed records the fake produces: what it received, what it answered, what went wrong."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ProblemKind = Literal[
    "route_unknown",  # no operation of the spec serves this method + path
    "fake_bug",  # the fake answered something its own spec forbids
    "event_invalid",  # an emitted event breaks its webhook schema
]


@dataclass(frozen=True)
class Problem:
    """Something wrong with an exchange that is not the API's normal answer to a bad request."""

    kind: ProblemKind
    message: str


@dataclass
class Exchange:
    """One request the fake received and the reply it gave, as the server saw them."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # the request headers that matter, names lower-cased
    form: dict[str, list[str]]  # decoded form body
    body_text: str = ""
    operation: str | None = None  # operationId that handled it; None when none matched
    status: int = 0
    response_headers: dict[str, str] = field(default_factory=dict)
    body: Any = None  # JSON reply
    problems: list[Problem] = field(default_factory=list)

    def params(self) -> dict[str, list[str]]:
        return {**self.query, **self.form}

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Event:
    """An event the API emitted (delivered to webhooks in production)."""

    type: str
    payload: dict[str, Any]
    operation: str
