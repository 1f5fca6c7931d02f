"""Network: only the loopback inside the namespace; the fake API is reached through the handed-over
listener, and nothing on the host (TCP, UDP, raw) is reachable, from the sample or its children."""

from __future__ import annotations

import textwrap
from pathlib import Path

from .conftest import PYTHON, HostTcpListener, OneShotServer, plain, sandboxed, udp_received

CURL_SAMPLE = """\
curl -s -m 5 "$VINR_API_BASE/ping"; echo
curl -s -m 1 "http://127.0.0.1:$HOST_PORT/escape" && echo HOST-REACHED || echo host-unreachable
"""

CHILDREN_SAMPLE = textwrap.dedent(
    """\
    import os, socket, subprocess, sys
    tcp, udp = sys.argv[1], int(sys.argv[2])
    os.system(f"curl -s -m 1 http://127.0.0.1:{tcp}/os-system > /dev/null")
    subprocess.run(["curl", "-s", "-m", "1", f"http://127.0.0.1:{tcp}/subprocess"])
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"udp", ("127.0.0.1", udp))
    try:
        raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
        raw.sendto(b"raw", ("127.0.0.1", udp))
        print("raw-socket-opened")
    except OSError as error:
        print("raw-socket-refused", error.errno)
    """
)


def test_sample_reaches_the_handed_over_listener_but_not_the_host(
    workdir: Path, host_tcp: HostTcpListener
) -> None:
    (workdir / "curl.sh").write_text(CURL_SAMPLE)
    server = OneShotServer()
    result = sandboxed(
        ["bash", "curl.sh"], workdir, {"HOST_PORT": str(host_tcp.port)}, on_listen=server
    )
    assert result.stdout.splitlines() == ["pong", "host-unreachable"], result
    assert server.requests and server.requests[0].startswith(b"GET /ping ")
    assert host_tcp.drain() == []
    control = plain(
        ["bash", "-c", CURL_SAMPLE],
        {"VINR_API_BASE": "http://127.0.0.1:1", "HOST_PORT": str(host_tcp.port)},
    )
    assert "HOST-REACHED" in control.stdout or host_tcp.drain()


def test_children_udp_and_raw_sockets_reach_nothing_outside(
    workdir: Path, host_tcp: HostTcpListener, host_udp
) -> None:
    (workdir / "escape.py").write_text(CHILDREN_SAMPLE)
    ports = [str(host_tcp.port), str(host_udp.getsockname()[1])]
    result = sandboxed([PYTHON, "escape.py", *ports], workdir)
    assert result.exit_code == 0, result
    assert host_tcp.drain() == []
    assert udp_received(host_udp) == []
    control = plain([PYTHON, str(workdir / "escape.py"), *ports])
    assert control.returncode == 0, control.stderr
    assert len(host_tcp.drain()) == 2  # os.system and subprocess both got through
    assert b"udp" in udp_received(host_udp)
