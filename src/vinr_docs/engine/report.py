"""A verification run's results, and how they are shown to authors."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from vinr_docs.engine.blocks import Block
from vinr_docs.engine.coverage import Row, render_text
from vinr_docs.engine.model import Problem, SampleResult

OUTPUT_TAIL = 25


def render_result(result: SampleResult) -> str:
    lines = [f"✗ {result.location}"]
    lines += [f"  shown at {where}" for where in result.sample.where_shown()]
    lines += [
        f"  {problem.message}" + (f" [{problem.where}]" if problem.where else "")
        for problem in result.problems
    ]
    if result.requests:
        lines.append("  requests the fake VINR API received:")
        lines += [f"    {request}" for request in result.requests]
    if result.diff:
        lines.append("  expected (documented) vs received:")
        lines += [f"    {row}" for row in result.diff.splitlines()]
    if result.output.strip():
        tail = result.output.rstrip().splitlines()[-OUTPUT_TAIL:]
        lines.append(f"  sample output (last {len(tail)} lines):")
        lines += [f"    | {row}" for row in tail]
    return "\n".join(lines)


@dataclass
class Report:
    """Everything one verification run found."""

    results: list[SampleResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # e.g. missing isolation on a laptop
    seconds: float = 0.0
    matrix: list[Row] = field(default_factory=list)  # the coverage matrix
    partial: bool = False  # only some samples were selected (cross-sample checks are partial)
    blocks: list[Block] = field(default_factory=list)  # every code block on every page

    def matrix_text(self) -> str:
        return render_text(self.matrix)

    @property
    def failures(self) -> list[SampleResult]:
        return [r for r in self.results if not r.ok]

    @property
    def ok(self) -> bool:
        return not self.failures and not self.problems

    def summary(self) -> str:
        """One line for the build log: only what was executed and compared counts."""
        by_language: dict[str, int] = {}
        for result in self.results:
            if result.ok:
                key = result.sample.language.tab
                by_language[key] = by_language.get(key, 0) + 1
        cached = sum(r.cached for r in self.results)
        ok = sum(by_language.values())
        parts = ", ".join(f"{count} {name}" for name, count in by_language.items())
        failed = len(self.failures) + len(self.problems)
        verdict = f"; {failed} FAILED" if failed else ""
        shown = [b for b in self.blocks if b.status == "verified"]
        skipped = [b for b in self.blocks if b.status.startswith("not executed")]
        blocks = (
            f"; page code blocks: {len(shown)} verified, {len(skipped)} not executed"
            if self.blocks
            else ""
        )
        return (
            f"verified {ok} samples against the fake VINR API ({parts}; "
            f"{len(self.results) - cached} executed, {cached} cached){blocks}{verdict} "
            f"in {self.seconds:.2f} s"
        )

    def render(self) -> str:
        count = len(self.failures) + len(self.problems)
        head = (
            f"Sample verification failed ({count} problem{'s' * (count != 1)}). "
            "Run `make verify` to check samples without building."
        )
        parts = [
            head,
            *(p.render() for p in self.problems),
            *(render_result(r) for r in self.failures),
        ]
        return "\n\n".join(parts)

    def for_page(self, page: str) -> str:
        """The part of the report about `page` (empty when the page is fine)."""
        parts = [p.render() for p in self.problems if p.page == page]
        parts += [
            render_result(r)
            for r in self.failures
            if any(loc.page == page for loc in r.sample.shown)
        ]
        return "\n\n".join(parts)


def html_banner(text: str, tab: str | None = None) -> str:
    """An admonition shown on a page whose samples fail (used by `mkdocs serve`); `tab` names the
    failing language tab of the sample block that follows it (the page selects it)."""
    selects = f' data-vinr-tab="{html.escape(tab)}"' if tab else ""
    return (
        f'<div class="admonition failure vinr-verification-failed"{selects}>'
        '<p class="admonition-title">Sample verification failed</p>'
        f"<pre><code>{html.escape(text)}</code></pre></div>\n"
    )
