"""Fixtures of the client tests: a recording server per test, and each client language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .harness import LANGUAGES, Language, Recorder, recording_server


@pytest.fixture
def server() -> Iterator[Recorder]:
    with recording_server() as recorder:
        yield recorder


@pytest.fixture(params=LANGUAGES, ids=lambda language: language.name)
def language(request: pytest.FixtureRequest) -> Language:
    return request.param
