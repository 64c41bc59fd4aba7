"""A connection's reads and writes with the kernel's timeouts instead of Python's.

A socket with a Python timeout (``settimeout``) polls before every ``recv`` and every
``send``: two system calls, and two releases of the GIL, each a chance for another
thread to take it. Under eight busy clients those hand-offs cost more than the calls.
On Linux the connection stays a blocking socket and the timeouts are the kernel's
(``SO_RCVTIMEO`` / ``SO_SNDTIMEO``): one system call each; a read or write that times
out raises ``socket.timeout`` as Python's timeout would. Elsewhere, Python's timeout.
"""

from __future__ import annotations

import io
import socket
import struct
import sys

KERNEL_TIMEOUTS = sys.platform == "linux"


def _timeval(seconds: float) -> bytes:
    whole = int(seconds)
    micro = int((seconds - whole) * 1_000_000)
    if not whole and not micro:
        micro = 1  # a zero timeval means no timeout at all
    return struct.pack("@ll", whole, micro)


class SocketReader(io.RawIOBase):
    """The raw reader under a connection's ``rfile``: a kernel timeout is socket.timeout."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            return self._sock.recv_into(buffer)
        except BlockingIOError:
            raise socket.timeout("timed out") from None

    def fileno(self) -> int:
        return self._sock.fileno()


class SocketWriter(io.BufferedIOBase):
    """A connection's ``wfile`` (unbuffered, as socketserver's): one ``sendall`` a write."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        try:
            self._sock.sendall(data)
        except BlockingIOError:
            raise socket.timeout("timed out") from None
        return len(data)

    def fileno(self) -> int:
        return self._sock.fileno()


def set_read_timeout(sock: socket.socket, seconds: float) -> None:
    if KERNEL_TIMEOUTS:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, _timeval(seconds))
    else:
        sock.settimeout(seconds)


def open_files(sock: socket.socket, timeout: float) -> tuple[io.BufferedReader, io.BufferedIOBase]:
    """``rfile`` and ``wfile`` for a connection whose reads and writes time out after
    ``timeout`` seconds."""
    if not KERNEL_TIMEOUTS:
        sock.settimeout(timeout)
        return sock.makefile("rb", -1), SocketWriter(sock)
    sock.settimeout(None)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, _timeval(timeout))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, _timeval(timeout))
    return io.BufferedReader(SocketReader(sock)), SocketWriter(sock)
