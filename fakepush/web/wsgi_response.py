"""The WSGI ``start_response`` and ``write`` of one request on a kept-alive connection.

Apart from the handler (``fakepush/web/serving.py``) so that its steps have names: the
head (status line, headers, the framing a kept-alive connection needs) goes out with
the first body bytes in one write, and a body without a length is sent chunked to an
HTTP/1.1 client, else ends the connection.
"""

from __future__ import annotations

from typing import Any


class WSGIResponse:
    """One request's answer, as the app gives it."""

    __slots__ = ("handler", "environ", "status", "headers", "status_sent", "chunked")

    def __init__(self, handler: Any, environ: dict[str, Any]) -> None:
        self.handler = handler
        self.environ = environ
        self.status: str | None = None
        self.headers: list[tuple[str, str]] = []
        self.status_sent = False
        self.chunked = False

    def run(self, app: Any) -> None:
        """Call the app and write what it answers."""
        application_iter = app(self.environ, self.start_response)
        try:
            for data in application_iter:
                self.write(data)
            if not self.status_sent:
                self.write(b"")
            if self.chunked:
                self.handler.wfile.write(b"0\r\n\r\n")
        finally:
            if hasattr(application_iter, "close"):
                application_iter.close()

    def start_response(self, status: str, headers: list[tuple[str, str]], exc_info: Any = None):  # type: ignore[no-untyped-def]
        if exc_info:
            try:
                if self.status_sent:
                    raise exc_info[1].with_traceback(exc_info[2])
            finally:
                exc_info = None
        elif self.status is not None:
            raise AssertionError("Headers already set")
        self.status, self.headers = status, headers
        return self.write

    def write(self, data: bytes) -> None:
        assert self.status is not None, "write() before start_response"
        assert isinstance(data, bytes), "applications must write bytes"
        if not self.status_sent:
            data = self._send_head(data)
        if data:
            if self.chunked:
                data = b"%x\r\n%s\r\n" % (len(data), data)
            self.handler.wfile.write(data)

    def _send_head(self, first: bytes) -> bytes:
        """Status line and headers, with the first body bytes in the same write; returns
        what is left of ``first`` to write."""
        handler = self.handler
        self.status_sent = True
        code_text, _, message = self.status.partition(" ")  # type: ignore[union-attr]
        code = int(code_text)
        # send_response without its log line: ours (log_request) is written just
        # before the response goes out, and only where a handler would show it.
        names = handler.response_head(code, message, self.headers)
        bodyless = self.environ["REQUEST_METHOD"] == "HEAD" or code < 200 or code in (204, 304)
        if "content-length" not in names and not bodyless:
            if handler.request_version >= "HTTP/1.1" and not handler.close_connection:
                self.chunked = True
                handler.send_header("Transfer-Encoding", "chunked")
            else:
                handler.close_connection = True
        if handler.close_connection:
            handler.send_header("Connection", "close")
        elif handler.request_version == "HTTP/1.0":
            # An HTTP/1.0 client keeps the connection only when told so (it asked with
            # "Connection: keep-alive"); unannounced, it waits for the close that never comes.
            handler.send_header("Connection", "keep-alive")
        # One write for the headers and the first body chunk (http.server's end_headers
        # would flush the headers alone).
        handler._headers_buffer.append(b"\r\n")
        if first and not self.chunked:
            handler._headers_buffer.append(first)
            first = b""
        # Before the answer: a test reading its captured log right after the answer
        # must find the line (written after, it raced the test's end).
        handler.log_request(code)
        handler.flush_headers()
        return first
