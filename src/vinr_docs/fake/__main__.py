"""`make mock`: serve the fake VINR API on http://127.0.0.1:4010 with a page's fixture state.

    python -m vinr_docs.fake [--port 4010] [--page docs/<page>.md | --state snippets/<…>/state.json]

`--page`: the state that page's Try it starts from; `--state`: that file (with what it
`extends`); neither: the state every page's state extends (`vinr_docs.tryit.pages`).

State lasts until the server stops. Send the placeholder key the samples use:
`curl -H "X-Api-Key: sk_test_vinr_docs_placeholder" http://127.0.0.1:4010/v1/customers`.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import sys
import threading
from pathlib import Path

from vinr_docs.fake.app import FakeApi
from vinr_docs.fake.rules import PLACEHOLDER_KEY
from vinr_docs.fake.server import FakeServer
from vinr_docs.fake.state import FixtureError
from vinr_docs.tryit.pages import STATE_FILE, default_state, load_state, page_states


def starting_state(page: Path | None, project: Path = Path()) -> Path:
    """The state `--page` starts from, or without one the pages' shared state; FixtureError
    saying what to pass when there is none."""
    snippets, docs = project / "snippets", project / "docs"
    states = page_states(docs, snippets, project)
    if page is not None:
        found = states.get((project / page).resolve())
        if found is None:
            raise FixtureError(
                f"shows no sample folder with a {STATE_FILE} above it; give a reference page "
                f"({', '.join(sorted(str(p.relative_to(docs.resolve())) for p in states))})"
            )
        return found
    shared = default_state(states.values())
    if shared is None:
        raise FixtureError(
            f"the pages share no {STATE_FILE} (none extends the others'): pass "
            "PAGE=docs/<page>.md (make mock) or --page / --state"
        )
    return shared


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m vinr_docs.fake",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=4010)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--spec", type=Path, default=Path("docs/openapi.yaml"))
    parser.add_argument("--page", type=Path, help="start from this page's Try it state")
    parser.add_argument("--state", type=Path, help="start from this state.json")
    args = parser.parse_args(argv)
    api = FakeApi.from_file(args.spec)
    try:
        args.state = args.state or starting_state(args.page)
        if not args.state.is_file():
            raise FixtureError(f"no such file; give an existing {STATE_FILE} (or --page)")
        session = api.new_session(load_state(args.state))
    except (FixtureError, ValueError) as exc:
        print(f"{args.state or args.page or 'make mock'}: {exc}", file=sys.stderr)
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
