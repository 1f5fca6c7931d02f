"""Which sandbox this machine can provide, probed once per process.

Three modes, best first:
- ROOT: bwrap run as root (CI); the launcher drops to a throwaway uid so RLIMIT_NPROC applies.
- USERNS: unprivileged bwrap in a user namespace (a laptop that allows user namespaces).
- PLAIN: no namespaces; a new session with a cleared environment and rlimits only.
"""

from __future__ import annotations

import enum
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .command import bwrap_command, launcher_command
from .records import Isolation, Limits

PROBE_TIMEOUT_SECONDS = 10.0


class Mode(enum.Enum):
    ROOT = "root"
    USERNS = "userns"
    PLAIN = "plain"


ISOLATION: dict[Mode, Isolation] = {
    Mode.ROOT: Isolation(network=True, filesystem=True, environment=True, pid=True, limits=True),
    Mode.USERNS: Isolation(network=True, filesystem=True, environment=True, pid=True, limits=True),
    # Without namespaces RLIMIT_NPROC would count every process of the user, so it is not set.
    Mode.PLAIN: Isolation(
        network=False, filesystem=False, environment=True, pid=False, limits=False
    ),
}


def _bwrap_works(mode: Mode, bwrap: str) -> bool:
    """Run `python -c pass` through the real launcher, so the probe tests what runs will use."""
    uid = probe_uid() if mode is Mode.ROOT else None
    with tempfile.TemporaryDirectory(prefix="vinr-sandbox-probe-") as tmp:
        workdir = Path(tmp)
        if uid is not None:
            os.chown(workdir, uid, uid)
        inner = launcher_command([sys.executable, "-c", "pass"], Limits(), uid, None, "", True)
        command = bwrap_command(bwrap, mode is Mode.USERNS, workdir, [], Limits(), inner)
        try:
            done = subprocess.run(
                command, env={}, capture_output=True, timeout=PROBE_TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            return False
    return done.returncode == 0


def probe_uid() -> int:
    """A fixed uid for the probe; real runs each get their own (see execute.run_uid)."""
    return 65534


@functools.cache
def current_mode() -> Mode:
    """The best mode that actually works here (cached: the probe costs a sandbox start)."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return Mode.PLAIN
    if os.geteuid() == 0 and _bwrap_works(Mode.ROOT, bwrap):
        return Mode.ROOT
    if os.geteuid() != 0 and _bwrap_works(Mode.USERNS, bwrap):
        return Mode.USERNS
    return Mode.PLAIN


def probe() -> Isolation:
    """What isolation this machine can apply to a sample run."""
    return ISOLATION[current_mode()]
