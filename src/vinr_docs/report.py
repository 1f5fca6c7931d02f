"""Results of a verification run and how they are shown to authors."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from vinr_docs.samples import Sample

STDERR_TAIL = 25


@dataclass(frozen=True)
class Problem:
    """A page-level problem found before running anything (missing snippet, malformed JSON)."""

    where: str  # "snippets/customers/create/response.json:4:3" or a page location
    message: str
    page: str | None = None  # page path, for showing the error on that page in `mkdocs serve`

    def render(self) -> str:
        return f"✗ {self.where}: {self.message}"


@dataclass
class SampleResult:
    """The verdict on one Python sample."""

    sample: Sample
    ok: bool
    label: str  # path relative to the project, e.g. snippets/customers/create/python.py
    line: int | None = None  # the sample line the failure points at
    problems: list[str] = field(default_factory=list)  # one sentence each
    requests: list[str] = field(default_factory=list)  # "POST /v1/customers email=… → 200"
    diff: str = ""  # unified diff(s): documented vs received
    output: str = ""  # the sample's stdout + stderr
    seconds: float = 0.0
    cached: bool = False
    received: Any = None  # JSON body of the last response the fake served

    @property
    def location(self) -> str:
        return f"{self.label}:{self.line or 1}"

    def render(self) -> str:
        lines = [f"✗ {self.location}"]
        lines += [f"  shown at {include.where}" for include in self.sample.includes]
        lines += [f"  {problem}" for problem in self.problems]
        if self.requests:
            lines.append("  requests sent to the fake VINR API:")
            lines += [f"    {request}" for request in self.requests]
        if self.diff:
            lines.append("  expected (documented) vs received:")
            lines += [f"    {row}" for row in self.diff.splitlines()]
        if self.output.strip():
            tail = self.output.rstrip().splitlines()[-STDERR_TAIL:]
            lines.append(f"  sample output (last {len(tail)} lines):")
            lines += [f"    | {row}" for row in tail]
        return "\n".join(lines)


def describe_exchange(exchange: dict) -> str:
    params = {**exchange.get("query", {}), **exchange.get("form", {})}
    pairs = urlencode([(k, v) for k, values in params.items() for v in values])
    status = exchange.get("status") or "no reply"
    path = exchange["url"].split("?")[0].removeprefix("https://api.vinr.com")
    return f"{exchange['method']} {path}{'  ' + pairs if pairs else ''} → {status}"


@dataclass
class Report:
    """Everything one verification run found."""

    results: list[SampleResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    json_documents: int = 0
    seconds: float = 0.0

    @property
    def failures(self) -> list[SampleResult]:
        return [r for r in self.results if not r.ok]

    @property
    def ok(self) -> bool:
        return not self.failures and not self.problems

    def summary(self) -> str:
        """One line for the build log."""
        cached = sum(r.cached for r in self.results)
        total = len(self.results) + self.json_documents
        failed = len(self.failures) + len(self.problems)
        verdict = f", {failed} FAILED" if failed else ""
        return (f"verified {total} samples ({len(self.results)} Python: "
                f"{len(self.results) - cached} executed, {cached} cached; "
                f"{self.json_documents} JSON documents parsed{verdict}) in {self.seconds:.2f} s")

    def render(self) -> str:
        """The full failure report: every problem and failing sample."""
        count = len(self.failures) + len(self.problems)
        head = (f"Sample verification failed ({count} problem{'s' * (count != 1)}). "
                "Run `make verify` to check samples without building.")
        parts = [head, *(p.render() for p in self.problems), *(r.render() for r in self.failures)]
        return "\n\n".join(parts)

    def for_page(self, page: str) -> str:
        """The part of the report about `page` (empty when the page is fine)."""
        parts = [p.render() for p in self.problems if p.page == page]
        parts += [r.render() for r in self.failures
                  if any(i.page == page for i in r.sample.includes)]
        return "\n\n".join(parts)


def html_banner(text: str) -> str:
    """An admonition shown at the top of a page whose samples fail (used by `mkdocs serve`)."""
    return ('<div class="admonition failure vinr-verification-failed">'
            '<p class="admonition-title">Sample verification failed</p>'
            f"<pre><code>{html.escape(text)}</code></pre></div>\n")
