"""curl samples: the real `curl`, with only the base URL rewritten.

The sample is sourced by bash after a `curl` shell function that replaces a leading
`https://api.vinr.com` in any argument with `$VINR_API_BASE` (the fake on loopback), so quoting in
the sample does not matter and everything else is sent exactly as written.
"""

from __future__ import annotations

from pathlib import Path

from vinr_docs.runners.base import Launch

EXECUTABLE = "curl"
SAMPLE_NAME = "sample.sh"
PRODUCTION = "https://api.vinr.com"
PRELUDE = r"""
curl() {
  local args=() arg
  for arg in "$@"; do args+=("${arg/#https:\/\/api.vinr.com/$VINR_API_BASE}"); done
  command curl --silent --show-error --max-time 5 "${args[@]}"
}
"""


def launch(sample: Path, project: Path) -> Launch:
    runner = f"{PRELUDE}\nsource ./{SAMPLE_NAME}\n"
    return Launch(
        ["bash", "--noprofile", "--norc", "-c", runner, "curl-sample"],
        {SAMPLE_NAME: sample.read_bytes()},
        {},
        SAMPLE_NAME,
    )
