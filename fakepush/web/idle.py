"""Idle kept-alive connections, watched by one selector thread instead of a thread each.

A connection's thread serves requests while they keep coming; once the connection has
been quiet for ``HOT_WAIT_SECONDS`` the thread hands it here and ends. This thread wakes
when a parked connection has bytes again (it starts a new thread to serve it, so a slow
request still never stalls another client), when one has been idle past its idle timeout
(it is closed), or when the server stops (all are closed). A test suite's connection
that idles between tests holds a file descriptor, not a thread.
"""

from __future__ import annotations

import selectors
import socket
import threading
import time
from collections import deque
from typing import Any, Protocol

# How long a connection's thread waits for the next request before parking the
# connection here. Requests of a running test arrive far closer together than this.
HOT_WAIT_SECONDS = 1.0


class Parkable(Protocol):
    connection: socket.socket

    def resume(self) -> None: ...

    def close(self) -> None: ...


class IdleConnections:
    """The parked connections of one server and the selector thread watching them."""

    def __init__(self) -> None:
        self._selector = selectors.DefaultSelector()
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        self._selector.register(self._wake_read, selectors.EVENT_READ, None)
        self._incoming: deque[tuple[Parkable, float]] = deque()
        self._lock = threading.Lock()
        self._closed = False
        self._thread: threading.Thread | None = None

    def park(self, handler: Parkable, deadline: float) -> bool:
        """Watch ``handler``'s connection until it is readable or ``deadline``
        (``time.monotonic``) passes; False if the server is stopping (close it yourself)."""
        with self._lock:
            if self._closed:
                return False
            self._incoming.append((handler, deadline))
            if self._thread is None:  # started with the first idle connection
                self._thread = threading.Thread(
                    target=self._run, name="fakepush-idle", daemon=True
                )
                self._thread.start()
        self._wake()
        return True

    def close(self) -> None:
        """Stop watching; every parked connection is closed by the selector thread."""
        with self._lock:
            self._closed = True
            thread = self._thread
        if thread is None:
            self._close_sockets()
            return
        self._wake()
        thread.join(timeout=5)

    def _wake(self) -> None:
        try:
            self._wake_write.send(b"x")
        except OSError:  # the buffer is full (already woken) or closed
            pass

    def _close_sockets(self) -> None:
        self._selector.close()
        self._wake_read.close()
        self._wake_write.close()

    def _run(self) -> None:
        parked: dict[int, tuple[Parkable, float]] = {}
        try:
            while True:
                with self._lock:
                    closed = self._closed
                    while self._incoming:
                        handler, deadline = self._incoming.popleft()
                        self._selector.register(handler.connection, selectors.EVENT_READ, handler)
                        parked[handler.connection.fileno()] = (handler, deadline)
                if closed:
                    break
                now = time.monotonic()
                timeout = None
                if parked:
                    timeout = max(0.0, min(d for _, d in parked.values()) - now)
                for key, _ in self._selector.select(timeout):
                    if key.data is None:
                        try:
                            while self._wake_read.recv(4096):
                                pass
                        except (BlockingIOError, OSError):
                            pass
                        continue
                    handler = key.data
                    self._selector.unregister(key.fileobj)
                    parked.pop(key.fd, None)
                    handler.resume()
                now = time.monotonic()
                for fd, (handler, deadline) in list(parked.items()):
                    if deadline <= now:  # idle past the idle timeout: hang up
                        self._selector.unregister(handler.connection)
                        del parked[fd]
                        handler.close()
        finally:
            for handler, _ in parked.values():
                handler.close()
            self._close_sockets()


def start_thread(target: Any) -> None:
    """A daemon thread for one connection (the server never waits for it on exit)."""
    threading.Thread(target=target, daemon=True).start()
