"""Trusted first step of every sandboxed run, executed as `python -I -S -c <this source> <config>`.

It runs inside the sandbox before any sample code: it opens the loopback listener *inside* the
network namespace and hands it to the parent (whose fake API then serves from outside), applies the
resource limits, drops root if asked, and finally replaces itself with the sample. It imports only
the standard library so that nothing from the sample's directory or the project can interfere.
"""

import json
import os
import resource
import socket
import sys

NO_CORE_DUMPS = 0


def hand_over_listener(channel_fd: int, listen_env: str, env: dict) -> None:
    """Send a listening loopback socket to the parent and wait until it is being served."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    channel = socket.socket(fileno=channel_fd)
    socket.send_fds(channel, [b"L"], [listener.fileno()])
    listener.close()
    channel.recv(1)  # the parent answers once on_listen has taken the socket
    channel.close()
    env[listen_env] = f"http://127.0.0.1:{port}"


def apply_limits(limits: dict) -> None:
    """Set rlimits: RLIMIT_DATA, not RLIMIT_AS, since V8 reserves gigabytes it never touches."""
    cpu = limits["cpu_seconds"]
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_DATA, (limits["memory_bytes"], limits["memory_bytes"]))
    resource.setrlimit(resource.RLIMIT_CORE, (NO_CORE_DUMPS, NO_CORE_DUMPS))
    if limits.get("disk_bytes") is not None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits["disk_bytes"], limits["disk_bytes"]))
    if limits.get("processes") is not None:
        resource.setrlimit(resource.RLIMIT_NPROC, (limits["processes"], limits["processes"]))


def drop_privileges(uid: int) -> None:
    """Become a throwaway unprivileged uid: RLIMIT_NPROC is not enforced for root."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


def main() -> None:
    config = json.loads(sys.argv[1])
    env = dict(os.environ)
    if config["channel_fd"] is not None:
        hand_over_listener(config["channel_fd"], config["listen_env"], env)
    apply_limits(config["limits"])
    if config["uid"] is not None:
        drop_privileges(config["uid"])
    argv = config["argv"]
    try:
        os.execvpe(argv[0], argv, env)
    except OSError as error:
        print(f"sandbox: cannot start {argv[0]!r}: {error}", file=sys.stderr)
        os._exit(127)


if __name__ == "__main__":  # run as `python -c <this source>`; the zygote imports the helpers
    main()
