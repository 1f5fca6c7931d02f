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
import re
import socket
import socketserver
import threading
from collections.abc import Iterator
from typing import Any

from vinr_docs.fake.app import JSON_HEADERS, FakeApi, Session
from vinr_docs.fake.records import Exchange
from vinr_docs.fake.rules import RawRequest

MAX_BODY = 1 << 20  # a request body larger than this is refused unread
DIGITS = re.compile(r"[0-9]+", re.ASCII)
CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]+", re.ASCII)


class BodyError(Exception):
    """The request's framing is broken or too large: answered, then the connection closes."""

    def __init__(self, code: str, message: str | None = None) -> None:
        super().__init__(message or code)
        self.code = code
        self.message = message


class _Handler(http.server.BaseHTTPRequestHandler):
    """Every method reaches `_serve` (an undeclared one is answered 405 by the API, not 501)."""

    server: _SessionServer
    protocol_version = "HTTP/1.1"

    def __getattr__(self, name: str) -> Any:
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def _serve(self) -> None:
        head = self.command == "HEAD"  # answered as GET, without the body (RFC 9110 9.3.2)
        # The target as sent: http.server folds a leading "//" into "/", the API does not.
        words = self.requestline.split(" ")
        path, _, query = (words[1] if len(words) == 3 else self.path).partition("?")
        headers = dict(self.headers.items())
        method = "GET" if head else self.command
        try:
            body = self._read_body()
        except BodyError as error:
            self.close_connection = True  # the rest of the stream cannot be trusted
            raw = RawRequest(method, path, query, headers, b"")
            exchange = self.server.api.refuse(self.server.session, raw, error.code, error.message)
            self._reply(exchange, head)
            return
        raw = RawRequest(method, path, query, headers, body)
        exchange = self.server.api.handle(self.server.session, raw)
        allowed = self.server.api.rules.allowed_methods(path) if not exchange.operation else []
        if allowed:  # the URL exists, the method does not: 405 with Allow (RFC 9110 15.5.6)
            error = self.server.api.rules.error("method_not_allowed", None, method=self.command)
            exchange.status, exchange.body = error.status, error.body
            exchange.response_headers["Allow"] = ", ".join(allowed)
        self._reply(exchange, head)

    def _read_body(self) -> bytes:
        chunked = self.headers.get("Transfer-Encoding")
        lengths = self.headers.get_all("Content-Length") or []
        if chunked is not None:
            if lengths or chunked.strip().lower() != "chunked":
                raise BodyError(
                    "request_malformed",
                    "Send either Content-Length or Transfer-Encoding: chunked, not both "
                    "(and no other transfer coding).",
                )
            return self._read_chunked()
        if not lengths:
            return b""
        if len(set(lengths)) != 1 or not DIGITS.fullmatch(lengths[0].strip()):
            raise BodyError(
                "request_malformed", "Content-Length must be one non-negative decimal integer."
            )
        length = int(lengths[0])
        if length > MAX_BODY:
            raise BodyError("request_too_large")  # the catalogue's message
        body = self.rfile.read(length)
        if len(body) != length:
            raise BodyError("request_malformed", "The request body is shorter than Content-Length.")
        return body

    def _read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            line = self.rfile.readline(1024).split(b";", 1)[0].strip()
            if not CHUNK_SIZE.fullmatch(line):
                raise BodyError("request_malformed", "The chunked request body is malformed.")
            size = int(line, 16)
            if len(body) + size > MAX_BODY:
                raise BodyError("request_too_large")  # the catalogue's message
            if size == 0:
                while self.rfile.readline(1024).strip():  # trailer fields, ignored
                    pass
                return bytes(body)
            chunk = self.rfile.read(size)
            if len(chunk) != size or self.rfile.read(2) != b"\r\n":
                raise BodyError("request_malformed", "The chunked request body is malformed.")
            body += chunk

    def _reply(self, exchange: Exchange, head: bool = False) -> None:
        payload = json.dumps(exchange.body).encode()
        self.send_response(exchange.status)
        for name, value in {**JSON_HEADERS, **exchange.response_headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        if self.close_connection:
            self.send_header("Connection", "close")
        # Headers and body in one write: two small writes meet Nagle's algorithm and the
        # client's delayed ACK, which costs ~40 ms a reply on loopback.
        buffered = self.__dict__.setdefault("_headers_buffer", [])  # none for HTTP/0.9
        buffered.extend([b"\r\n", b"" if head else payload])
        self.wfile.write(b"".join(buffered))
        self._headers_buffer = []

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A request line or header block http.server cannot parse: a JSON error too."""
        self.close_connection = True
        error = self.server.api.rules.error("request_malformed", None, explain or message)
        method, path = getattr(self, "command", None) or "", getattr(self, "path", "")
        self._reply(Exchange(method, path, {}, {}, {}, status=code, body=error.body))

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
