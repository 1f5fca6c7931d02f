"""Fixtures for the Try-it tests: the fake built from the spec, and the generated mock."""

from __future__ import annotations

from pathlib import Path

import pytest

from vinr_docs.fake import FakeApi
from vinr_docs.tryit.generate import SPEC, write


@pytest.fixture(scope="session")
def api() -> FakeApi:
    return FakeApi.from_file(SPEC, "docs/openapi.yaml")


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """config.json, validators.js, mock.js and the page bundle, generated from the spec."""
    out = tmp_path_factory.mktemp("tryit")
    write(out)
    return out
