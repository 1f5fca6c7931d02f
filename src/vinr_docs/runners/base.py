"""What a runner hands the sandbox."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Launch:
    """Run `argv` in a fresh working dir holding `files` (name → content), with `env` added."""

    argv: list[str]
    files: dict[str, bytes] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    sample_name: str = ""  # the sample's file name inside the working dir (for line numbers)
