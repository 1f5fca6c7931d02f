"""Typed records of the engine: what a sample is, what went wrong, what the verdict is."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from vinr_docs.languages import Language

ProblemKind = Literal[
    "missing_snippet",  # a page or operation needs a file that does not exist
    "orphan_folder",  # a snippet folder names no operation of the spec
    "malformed",  # a JSON document or fixture that does not parse / load
    "fixture",  # a state.json the fake cannot load
    "settings",  # an environment setting that names nothing (e.g. VINR_VERIFY_LANGUAGES)
    "timeout",
    "killed",  # a sandbox limit (memory, CPU, output) stopped the sample
    "exit",  # the sample exited non-zero / raised
    "no_request",  # the sample never called the API
    "route_unknown",  # a request no operation of the spec serves
    "response_differs",  # the last reply differs from response.json
    "returned_differs",  # what the client returned does not serialize to the reply
    "returned_unchecked",  # the client's recorder reported no call for the last reply
    "client_method",  # a sample calls a client method no x-vinr-sdk names
    "spec",  # the spec lacks what a client or check needs (e.g. x-vinr-sdk)
    "fake_bug",  # the fake broke its own spec (not the sample's fault)
    "output_truncated",
    "isolation",  # isolation required but unavailable
    "tab_drift",  # a language tab sends a different request than the reference tab
    "error_unverified",  # a documented error body no sample's request produces
    "event_differs",  # an emitted event differs from its documented payload or schema
    "unmarked_block",  # a code block nothing executes and nobody marked "not executed"
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong, with a kind to act on and a sentence for humans."""

    kind: ProblemKind
    message: str
    where: str | None = None  # "snippets/customers/create/response.json:4:3" or a page line
    page: str | None = None  # page to show it on in `mkdocs serve`

    def render(self) -> str:
        return f"✗ {self.where}: {self.message}" if self.where else f"✗ {self.message}"


@dataclass(frozen=True)
class Location:
    """Where a page shows a sample folder: `/// sample | customers/create` at page:line."""

    page: str
    line: int


@dataclass(frozen=True)
class Sample:
    """One language's sample of one snippet folder."""

    folder: str  # "customers/create" (relative to the snippets folder): the sample's id
    language: Language
    path: Path
    operation: str  # operationId the folder documents
    root: Path  # the snippets folder
    shown: tuple[Location, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.folder}/{self.language.file}"

    @property
    def directory(self) -> Path:
        return self.path.parent

    @property
    def response(self) -> Path:
        return self.directory / "response.json"

    @property
    def fixture(self) -> Path | None:
        """The nearest `state.json`: in the folder, then its parents up to the snippets root."""
        for folder in (self.directory, *self.directory.parents):
            if (folder / "state.json").is_file():
                return folder / "state.json"
            if folder == self.root:
                break
        return None

    def where_shown(self) -> list[str]:
        return [f'{loc.page}:{loc.line}, tab "{self.language.tab}"' for loc in self.shown]


@dataclass
class SampleResult:
    """The verdict on one sample run, computed from the fake server's record."""

    sample: Sample
    label: str  # snippets/customers/create/python.py
    ok: bool = False
    line: int | None = None
    problems: list[Problem] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # "POST /v1/customers … → 200"
    exchanges: list[dict[str, Any]] = field(default_factory=list)
    diff: str = ""
    output: str = ""
    seconds: float = 0.0
    cached: bool = False
    received: Any = None
    # What the fake recorded, kept (and cached) for the checks across samples:
    shapes: list[dict[str, Any]] | None = None  # request shapes, in order
    last: tuple[int, Any] | None = None  # status and body of the last reply
    events: list[dict[str, Any]] | None = None  # payloads of the events emitted

    def summary(self) -> dict[str, Any]:
        """What the cache keeps of a passing result."""
        return {
            "requests": self.requests,
            "shapes": self.shapes,
            "last": self.last,
            "events": self.events,
        }

    @property
    def location(self) -> str:
        return f"{self.label}:{self.line or 1}"
