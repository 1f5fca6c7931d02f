"""Starts a Python sample with the client's recorder installed: `python -m … _boot sample.py`.

After each client operation (e.g. `Customer.create`) one JSON line goes to `$VINR_RESULT_PATH`:
`{"operation": "Customer.create", "line": 3, "returned": {...}}` or `"raised": {...}`. It runs
inside the sample's sandboxed process, so a sample could forge it: it is used only to point at the
calling line and to check the client's return value, never for the verdict on the response,
which comes from the fake server's own record.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import traceback
from typing import Any


def _line(sample: str) -> int | None:
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename != sample:
        frame = frame.f_back
    return frame.f_lineno if frame is not None else None


def _write(record: dict[str, Any]) -> None:
    path = os.environ.get("VINR_RESULT_PATH")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record, default=repr) + "\n")


def install(vinr: Any, sample: str) -> None:
    """Wrap every operation of every resource class of the client."""
    pending = list(vinr.APIResource.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        for name in cls.OPERATIONS:
            original = getattr(cls, name)

            def wrapper(
                *args: Any,
                _original: Any = original,
                _label: str = f"{cls.__name__}.{name}",
                **kwargs: Any,
            ) -> Any:
                line = _line(sample)
                try:
                    value = _original(*args, **kwargs)
                except vinr.VinrError as exc:
                    _write({"operation": _label, "line": line, "raised": exc.json_body})
                    raise
                try:
                    _write(
                        {
                            "operation": _label,
                            "line": line,
                            "returned": json.loads(json.dumps(value)),
                        }
                    )
                except (TypeError, ValueError) as exc:
                    _write(
                        {
                            "operation": _label,
                            "line": line,
                            "returned_error": f"not JSON-serializable: {exc}",
                        }
                    )
                return value

            setattr(cls, name, wrapper)


def main() -> None:
    sample = os.path.abspath(sys.argv[1])
    sys.argv = [sample]
    import vinr

    install(vinr, sample)
    try:
        runpy.run_path(sample, run_name="__main__")
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - report from the sample's frame on
        frames = traceback.extract_tb(exc.__traceback__)
        starts = [i for i, f in enumerate(frames) if f.filename == sample]
        kept = frames[starts[0] :] if starts else frames
        sys.stderr.write("Traceback (most recent call last):\n")
        sys.stderr.write("".join(traceback.format_list(kept)))
        sys.stderr.write("".join(traceback.format_exception_only(type(exc), exc)))
        sys.exit(1)


if __name__ == "__main__":
    main()
