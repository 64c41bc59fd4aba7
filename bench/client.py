"""A bounded load generator on loopback: a pool of client threads, each on its own socket.

Each thread keeps its connection open while the server allows it (HTTP/1.1 keep-alive)
and reconnects when the server answers ``Connection: close``, so a server that closes
every connection pays its own connect cost, as it would with ``requests``. The client
parses only what it needs (status line, Content-Length, chunked bodies), so the pool
spends little of the machine's two cores on itself. Bounded twice: by a number of
requests and by a deadline, whichever comes first.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


class HTTPError(Exception):
    """The server answered something the scenario did not expect."""


class Connection:
    """One HTTP/1.1 client connection that reconnects when the server closes it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.sock: socket.socket | None = None
        self.buffer = b""
        self.connects = 0

    def _connect(self) -> socket.socket:
        sock = socket.create_connection((self.host, self.port), timeout=30)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock, self.buffer = sock, b""
        self.connects += 1
        return sock

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        for name, value in (headers or {}).items():
            head.append(f"{name}: {value}")
        if body or method in ("POST", "PUT"):
            head.append(f"Content-Length: {len(body)}")
        data = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
        for attempt in (1, 2):
            fresh = self.sock is None
            sock = self.sock or self._connect()
            try:
                sock.sendall(data)
                return self._read_response(method)
            except (ConnectionError, HTTPError) as exc:
                # A kept-alive connection the server closed meanwhile: once more, fresh.
                self.close()
                if fresh or attempt == 2:
                    raise HTTPError(f"{method} {path}: {exc!r}") from None
        raise AssertionError("unreachable")

    def _fill(self) -> None:
        assert self.sock is not None
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("server closed the connection")
        self.buffer += chunk

    def _read_response(self, method: str) -> tuple[int, bytes]:
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        version, status_text = lines[0].split(" ", 2)[:2]
        status = int(status_text)
        length = None
        chunked = False
        close = version == "HTTP/1.0"
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection":
                close = value == "close" or (close and value != "keep-alive")
        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            body = b""
        elif chunked:
            body = self._read_chunked()
        elif length is not None:
            while len(self.buffer) < length:
                self._fill()
            body, self.buffer = self.buffer[:length], self.buffer[length:]
        else:  # the body runs to the end of the connection
            try:
                while True:
                    self._fill()
            except ConnectionError:
                pass
            body, self.buffer, close = self.buffer, b"", True
        if close:
            self.close()
        return status, body

    def _read_chunked(self) -> bytes:
        parts = []
        while True:
            while b"\r\n" not in self.buffer:
                self._fill()
            size_line, self.buffer = self.buffer.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            while len(self.buffer) < size + 2:
                self._fill()
            parts.append(self.buffer[:size])
            self.buffer = self.buffer[size + 2 :]
            if size == 0:
                return b"".join(parts)


# A scenario is called once per step with (connection, client index, step number) and
# returns how many requests that step made.
Scenario = Callable[[Connection, int, int], int]


@dataclass
class LoadResult:
    requests: int
    seconds: float
    errors: int
    connects: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def run_load(
    host: str,
    port: int,
    scenario: Scenario,
    clients: int,
    max_requests: int,
    max_seconds: float,
) -> LoadResult:
    """Run ``clients`` threads until ``max_requests`` in all, or ``max_seconds``, have passed."""
    per_client = max(1, max_requests // clients)
    counts = [0] * clients
    errors = [0] * clients
    connects = [0] * clients
    start_gate = threading.Barrier(clients + 1)
    deadline_box: list[float] = []

    def worker(index: int) -> None:
        conn = Connection(host, port)
        start_gate.wait()
        deadline = deadline_box[0]
        step = 0
        try:
            while counts[index] < per_client and time.perf_counter() < deadline:
                try:
                    counts[index] += scenario(conn, index, step)
                except HTTPError:
                    errors[index] += 1
                    if errors[index] > 10:
                        return
                step += 1
        finally:
            connects[index] = conn.connects
            conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    deadline_box.append(started + max_seconds)
    start_gate.wait()
    for thread in threads:
        thread.join(max_seconds + 30)
    elapsed = time.perf_counter() - started
    return LoadResult(sum(counts), elapsed, sum(errors), sum(connects))
