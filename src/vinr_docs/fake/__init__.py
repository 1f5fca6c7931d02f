"""The fake VINR API: driven by `docs/openapi.yaml`, served over HTTP on loopback.

Data flows one way: the spec → `rules.ApiRules` (routing, validation and error bodies through
openapi-core) → `app.FakeApi` (one request → one recorded `Exchange`, idempotency replay) →
`handlers`, which runs the plan `plan.py` compiles from each operation's `x-vinr-behaviour`
(state, list order, cursors, references, events, refusals such as the 409) →
`server.FakeServer` (a real HTTP server; one `Session` of fresh state per sample).
"""

from vinr_docs.fake.app import FakeApi, Session
from vinr_docs.fake.records import Event, Exchange, Problem
from vinr_docs.fake.rules import ApiRules
from vinr_docs.fake.server import FakeServer
from vinr_docs.fake.state import FixtureError, State

__all__ = [
    "ApiRules",
    "Event",
    "Exchange",
    "FakeApi",
    "FakeServer",
    "FixtureError",
    "Problem",
    "Session",
    "State",
]
