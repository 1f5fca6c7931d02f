"""Typed records the sandbox hands back: what was asked, what was applied, what happened.

They cross into reports and the verification cache key, so they are plain dataclasses with no
behaviour beyond naming what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

KilledBy = Literal["timeout", "memory", "cpu", "output", "disk"]


@dataclass(frozen=True)
class Limits:
    """Resource ceilings for one sample process tree (part of the cache key, hence frozen)."""

    timeout: float = 10.0
    cpu_seconds: int = 10
    memory_bytes: int = 512 * 2**20
    output_bytes: int = 2**20
    processes: int = 64
    # The sample's whole writable disk: the tmpfs holding HOME and TMPDIR, and RLIMIT_FSIZE
    # (the largest file it may write anywhere, e.g. the result file in its workdir).
    disk_bytes: int = 64 * 2**20


@dataclass(frozen=True)
class Isolation:
    """Which kinds of isolation were actually applied, so nothing is silently downgraded."""

    network: bool
    filesystem: bool
    environment: bool
    pid: bool
    limits: bool

    def missing(self) -> list[str]:
        """Names of the isolation kinds that could not be applied on this machine."""
        return [f.name for f in fields(self) if not getattr(self, f.name)]

    def notice(self) -> str:
        """The one-line notice a front end prints when isolation is missing ('' when complete)."""
        missing = self.missing()
        if not missing:
            return ""
        return (
            f"sample sandbox: missing isolation: {', '.join(missing)} "
            "(install bubblewrap and allow user namespaces for full isolation)"
        )


@dataclass
class Execution:
    """What one sandboxed run did; the verdict is never taken from the sample's own words."""

    argv: list[str]
    exit_code: int | None
    timed_out: bool
    stdout: str
    stderr: str
    output_truncated: bool
    seconds: float
    isolation: Isolation
    killed_by: KilledBy | None


class IsolationUnavailable(RuntimeError):  # noqa: N818 (the name the engine imports)
    """Raised instead of running when isolation is required (CI, `make test`) but missing."""

    def __init__(self, isolation: Isolation) -> None:
        self.isolation = isolation
        self.missing = isolation.missing()
        super().__init__(isolation.notice())
