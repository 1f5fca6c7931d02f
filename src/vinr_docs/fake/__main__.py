"""`make mock`: serve the fake VINR API on http://127.0.0.1:4010 with the page's fixture state.

    python -m vinr_docs.fake [--port 4010] [--state snippets/customers/state.json]

State lasts until the server stops. Send the placeholder key the samples use:
`curl -H "X-Api-Key: sk_test_vinr_docs_placeholder" http://127.0.0.1:4010/v1/customers`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import sys
import threading
from pathlib import Path

from vinr_docs.fake.app import FakeApi
from vinr_docs.fake.rules import PLACEHOLDER_KEY
from vinr_docs.fake.server import FakeServer
from vinr_docs.fake.state import FixtureError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m vinr_docs.fake",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=4010)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--spec", type=Path, default=Path("docs/openapi.yaml"))
    parser.add_argument("--state", type=Path, default=Path("snippets/customers/state.json"))
    args = parser.parse_args(argv)
    api = FakeApi.from_file(args.spec)
    try:
        fixture = json.loads(args.state.read_text()) if args.state.is_file() else {}
        session = api.new_session(fixture)
    except (FixtureError, ValueError) as exc:
        print(f"{args.state}: {exc}", file=sys.stderr)
        return 2
    sock = socket.create_server((args.host, args.port))
    with FakeServer(api).serving(session, sock) as url:
        print(
            f"fake VINR API on {url} (state: {args.state}); "
            f"send X-Api-Key: {PLACEHOLDER_KEY}. Ctrl-C stops it.",
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
