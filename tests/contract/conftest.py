"""Fixtures for the contract tests: `make mock` on a free port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from servers import make_mock


@pytest.fixture(scope="module")
def mock() -> Iterator[str]:
    """`make mock`: the fake with the page's fixture state; its base URL."""
    with make_mock() as url:
        yield url
