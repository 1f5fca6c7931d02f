"""OS-level isolation for one sample process tree: network, files, environment, pids, limits.

`run()` starts any argv (python, node, ruby, bash) inside bubblewrap when the machine allows it,
and says through `Isolation` exactly what it could apply; `require=True` (or `CI` set) turns any
missing isolation into `IsolationUnavailable` instead of a silent downgrade.
"""

from .execute import run
from .modes import probe
from .records import Execution, Isolation, IsolationUnavailable, KilledBy, Limits

__all__ = [
    "Execution",
    "Isolation",
    "IsolationUnavailable",
    "KilledBy",
    "Limits",
    "probe",
    "run",
]
