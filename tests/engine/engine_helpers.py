"""Shared helpers for engine tests: the spec-driven fake, in-process through `responses` for the
Python client's unit tests, or over HTTP as the samples reach it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import responses

from vinr_docs.fake import FakeApi, Session
from vinr_docs.fake.rules import API_BASE, RawRequest

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = ROOT / "snippets"
SPEC = ROOT / "docs" / "openapi.yaml"


@cache
def fake_api() -> FakeApi:
    """The fake built from the project's spec (built once: it is stateless)."""
    return FakeApi.from_file(SPEC, "docs/openapi.yaml")


def only_retrieve(sample) -> bool:  # noqa: ANN001 - a vinr_docs.engine.model.Sample
    """A `verify` selection: the spec's first retrieve operation's four tabs (quick and always
    passing)."""
    from derived import acting

    return sample.folder == acting("retrieve").sample_folder


def snippet_json(relative: str) -> Any:
    return json.loads((SNIPPETS / relative).read_text())


def shared_state() -> dict:
    """The state every page's state extends (`tryit.pages.default_state`: the customers and
    their cards on this site), merged with what it extends."""
    from vinr_docs.tryit.generate import default_fixture
    from vinr_docs.tryit.pages import load_state

    shared = default_fixture(ROOT)
    assert shared is not None, "the pages share no state.json; the test needs one"
    return load_state(shared)


@contextmanager
def fake_requests(session: Session) -> Iterator[responses.RequestsMock]:
    """Serve `requests` calls to API_BASE from the fake in-process: one `responses` callback
    with a URL regex serves the whole API (each request is validated against the spec)."""

    def callback(request: Any) -> tuple[int, dict[str, str], str]:
        parts = urlsplit(request.url)
        body = request.body or b""
        raw = RawRequest(
            request.method,
            parts.path,
            parts.query,
            dict(request.headers),
            body.encode() if isinstance(body, str) else body,
        )
        exchange = fake_api().handle(session, raw)
        return (
            exchange.status,
            {"Content-Type": "application/json", **exchange.response_headers},
            json.dumps(exchange.body),
        )

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for method in ("GET", "POST", "DELETE"):
            mock.add_callback(method, re.compile(re.escape(API_BASE) + r"/.*"), callback)
        yield mock
