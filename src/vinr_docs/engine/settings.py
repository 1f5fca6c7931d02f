"""Where to look and how to run: one `Settings` shared by the hook, pytest and `make verify`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vinr_docs.sandbox.records import Limits

DEFAULT_TIMEOUT = 10.0


def enabled() -> bool:
    """False when the environment says `VINR_VERIFY=off` (e.g. for benchmarks)."""
    return os.environ.get("VINR_VERIFY", "on").strip().lower() not in ("off", "0", "false", "no")


def strict_environment() -> bool:
    """In CI and `make test` (VINR_STRICT=1) missing isolation or runtimes are failures."""
    return any(
        os.environ.get(name, "").lower() in ("1", "true", "yes") for name in ("CI", "VINR_STRICT")
    )


def _languages() -> tuple[str, ...] | None:
    chosen = os.environ.get("VINR_VERIFY_LANGUAGES", "").strip()
    return tuple(x.strip() for x in chosen.split(",") if x.strip()) or None


@dataclass
class Settings:
    """Environment overrides: `VINR_SAMPLE_TIMEOUT` (seconds per sample), `VINR_VERIFY_WORKERS`
    (parallel samples, default: CPU cores), `VINR_VERIFY_LANGUAGES` (e.g. `python,curl`)."""

    project: Path
    docs_dir: Path
    snippets: Path
    spec: Path
    limits: Limits = field(
        default_factory=lambda: Limits(
            timeout=float(os.environ.get("VINR_SAMPLE_TIMEOUT", DEFAULT_TIMEOUT))
        )
    )
    workers: int = field(
        default_factory=lambda: int(os.environ.get("VINR_VERIFY_WORKERS", os.cpu_count() or 1))
    )
    use_cache: bool = True
    strict: bool = field(default_factory=strict_environment)
    # VINR_VERIFY_LANGUAGES=python,curl: verify only these (a quick local loop; never in CI).
    languages: tuple[str, ...] | None = field(default_factory=lambda: _languages())

    @classmethod
    def for_project(cls, project: Path, **overrides: Any) -> Settings:
        """Defaults for this repository's layout: docs/, snippets/, docs/openapi.yaml."""
        project = project.resolve()
        docs = project / "docs"
        return cls(project, docs, project / "snippets", docs / "openapi.yaml", **overrides)

    @classmethod
    def from_mkdocs(cls, config: Any) -> Settings:
        """From a loaded MkDocs config (docs_dir, pymdownx.snippets base_path)."""
        project = Path(config.config_file_path).resolve().parent
        base = config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", ["snippets"])
        first = base if isinstance(base, str) else list(base)[0]
        docs = Path(config.docs_dir)
        return cls(project, docs, project / first, docs / "openapi.yaml")

    @property
    def cache_dir(self) -> Path:
        return self.project / ".cache"

    def relative(self, path: Path) -> str:
        return (
            path.relative_to(self.project).as_posix()
            if path.is_relative_to(self.project)
            else str(path)
        )
