"""Read a process's stdout and stderr as they come, keeping at most a fixed number of bytes.

A sample that prints 100 MB must cost neither 100 MB of memory nor the time to store it: the
first stream to overflow is reported, and the caller kills the tree.
"""

from __future__ import annotations

import os
import selectors
from dataclasses import dataclass, field

READ_CHUNK = 65536


@dataclass
class CappedBuffer:
    """The first `limit` bytes of a stream, and whether anything beyond them was offered."""

    limit: int
    data: bytearray = field(default_factory=bytearray)
    overflowed: bool = False

    def add(self, chunk: bytes) -> None:
        room = self.limit - len(self.data)
        self.data += chunk[: max(room, 0)]
        if len(chunk) > room:
            self.overflowed = True

    def text(self) -> str:
        """Decoded text, with a visible note where the stream was cut."""
        text = self.data.decode("utf-8", errors="replace")
        if self.overflowed:
            text += f"\n[sandbox: output cut after {self.limit} bytes]\n"
        return text


class Streams:
    """Selector over the pipes (and optionally a pidfd) of one run."""

    def __init__(self, pipes: dict[str, int], limit: int) -> None:
        self.selector = selectors.DefaultSelector()
        self.buffers = {name: CappedBuffer(limit) for name in pipes}
        for name, fd in pipes.items():
            os.set_blocking(fd, False)
            self.selector.register(fd, selectors.EVENT_READ, name)

    def watch(self, fd: int, name: str) -> None:
        self.selector.register(fd, selectors.EVENT_READ, name)

    @property
    def open(self) -> bool:
        """True while some pipe has not reached end of file."""
        return any(key.data in self.buffers for key in self.selector.get_map().values())

    @property
    def overflowed(self) -> bool:
        return any(buffer.overflowed for buffer in self.buffers.values())

    def poll(self, timeout: float) -> list[str]:
        """Read what is ready; return the names of non-pipe watches that fired."""
        fired: list[str] = []
        for key, _ in self.selector.select(max(timeout, 0)):
            if key.data in self.buffers:
                self._read(key.fd, key.data)
            else:
                fired.append(key.data)
                self.selector.unregister(key.fd)
        return fired

    def _read(self, fd: int, name: str) -> None:
        try:
            chunk = os.read(fd, READ_CHUNK)
        except BlockingIOError:
            return
        if chunk:
            self.buffers[name].add(chunk)
        else:
            self.selector.unregister(fd)

    def close(self) -> None:
        self.selector.close()
