"""The fake VINR API as a real HTTP server on loopback.

One `FakeServer` per verification run. Each sample gets its own listening socket (created in
the sample's network namespace by the sandbox and handed over, or opened here on 127.0.0.1
port 0) bound to a fresh `Session`: the verdict is computed from this record of the exchanges,
never from anything the sample's process says about itself.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import socket
import socketserver
import threading
from collections.abc import Iterator
from typing import Any

from vinr_docs.fake.app import JSON_HEADERS, FakeApi, Session
from vinr_docs.fake.rules import RawRequest

MAX_BODY = 1 << 20  # a request body larger than this is refused unread


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _SessionServer
    protocol_version = "HTTP/1.1"

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.send_error(413)
            return
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        raw = RawRequest(self.command, path, query, dict(self.headers.items()), body)
        exchange = self.server.api.handle(self.server.session, raw)
        payload = json.dumps(exchange.body).encode()
        self.send_response(exchange.status)
        for name, value in {**JSON_HEADERS, **exchange.response_headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        # Headers and body in one write: two small writes meet Nagle's algorithm and the
        # client's delayed ACK, which costs ~40 ms a reply on loopback.
        self._headers_buffer.extend([b"\r\n", payload])
        self.wfile.write(b"".join(self._headers_buffer))
        self._headers_buffer = []

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _serve  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass


class _SessionServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, sock: socket.socket, api: FakeApi, session: Session) -> None:
        socketserver.BaseServer.__init__(self, sock.getsockname()[:2], _Handler)
        self.socket = sock
        self.api = api
        self.session = session

    def server_bind(self) -> None:  # the socket arrives bound and listening
        pass

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = self.socket.accept()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


def _start(sock: socket.socket, api: FakeApi, session: Session) -> tuple[_SessionServer, Any]:
    server = _SessionServer(sock, api, session)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True, name="vinr-fake"
    )
    thread.start()
    return server, thread


def _stop(running: list[tuple[_SessionServer, Any]]) -> None:
    for server, _ in running:  # ask every server first: each shutdown waits a poll interval
        server.shutdown()
    for server, thread in running:
        server.server_close()
        thread.join(timeout=5)


class FakeServer:
    """Serves `api` on any number of listening sockets, one `Session` each."""

    def __init__(self, api: FakeApi) -> None:
        self.api = api
        self._persistent: list[tuple[_SessionServer, Any]] = []
        self._lock = threading.Lock()

    def listen(self, sock: socket.socket, session: Session) -> _SessionServer:
        """Serve on `sock` until `close()`; assign `.session` to switch sessions between runs
        (a warm sandbox worker reuses one listener for the jobs it runs one after another)."""
        running = _start(sock, self.api, session)
        with self._lock:
            self._persistent.append(running)
        return running[0]

    def close(self) -> None:
        with self._lock:
            persistent, self._persistent = self._persistent, []
        _stop(persistent)

    @contextlib.contextmanager
    def serving(self, session: Session, sock: socket.socket | None = None) -> Iterator[str]:
        """Serve `session` on `sock` (default: a new 127.0.0.1:0 listener) for the block;
        yields the base URL as seen from the socket's own network namespace."""
        if sock is None:
            sock = socket.create_server(("127.0.0.1", 0))
        running = _start(sock, self.api, session)
        try:
            host, port = sock.getsockname()[:2]
            yield f"http://{host}:{port}"
        finally:
            _stop([running])
