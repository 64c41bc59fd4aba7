"""Talking to a live fake the way hostile clients do: raw sockets and unvalidated bytes."""

from __future__ import annotations

import http.client
import json
import socket
from typing import Any


def host_port(url: str) -> tuple[str, int]:
    hostport = url.split("://", 1)[1].rstrip("/")
    host, _, port = hostport.rpartition(":")
    return host.strip("[]"), int(port)


def snapshot(fake: Any) -> Any:
    """All state the fake holds, as the export that ``PUT /_fakepush/state`` takes back."""
    export = getattr(fake, "export", None)
    return export() if export is not None else fake.state.export()


def request(
    fake: Any,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One request with http.client (which sends the path and body bytes as given)."""
    host, port = host_port(fake.url)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def raw(fake: Any, data: bytes, *, close_write: bool = True, timeout: float = 30) -> bytes:
    """Send bytes on a fresh socket and read until the server closes it.

    ``close_write`` half-closes our side after sending, so a server that drains what is
    left of a refused body sees the end instead of waiting for more.
    """
    sock = socket.create_connection(host_port(fake.url), timeout=timeout)
    try:
        sock.sendall(data)
        if close_write:
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        sock.close()


def parse_response(data: bytes) -> tuple[int, dict[str, str], Any]:
    """Status, headers (lower-case names) and JSON body of one raw HTTP/1.x response."""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, json.loads(body) if body else None


def split_responses(data: bytes) -> list[tuple[int, dict[str, str], bytes]]:
    """Every response in bytes read from one kept-alive connection, in order."""
    responses = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            raise AssertionError(f"a partial response: {data[:200]!r}")
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        responses.append((int(lines[0].split(" ", 2)[1]), headers, rest[:length]))
        data = rest[length:]
    return responses
