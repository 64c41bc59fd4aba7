"""The request line, header block and response head of the live server, parsed and
written without the detours of http.server and werkzeug for the usual request.

Per request, http.server builds an ``email`` message for the headers (about 15 us),
werkzeug's environ goes through ``urlsplit``, and each response header is formatted and
encoded on its own. ``FastHTTP11`` goes first in the handler's classes
(fakepush/web/serving.py) and does the same work directly for ``METHOD /path HTTP/1.x``;
anything unusual (HTTP/0.9, an absolute URI, a fragment, TLS) takes the original path.
"""

from __future__ import annotations

import sys
import time
from email.utils import formatdate
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote

from werkzeug.http import parse_set_header
from werkzeug.serving import DechunkedInput, WSGIRequestHandler

# http.client's limits on a request's header block (http.server enforces them too).
MAX_LINE = 65536
MAX_HEADERS = 100
_FAST_VERSIONS = ("HTTP/1.1", "HTTP/1.0")


class RequestHeaders(list):  # type: ignore[type-arg]
    """A request's header fields in order, as the (name, value) pairs werkzeug's environ
    and http.server read (``items``, ``get``); ``http.client.parse_headers`` builds an
    ``email`` message for the same, about 15 us a request."""

    def items(self) -> list[tuple[str, str]]:
        return self

    def get(self, name: str, default: Any = None) -> Any:
        name = name.lower()
        for key, value in self:
            if key.lower() == name:
                return value
        return default

    def __contains__(self, name: object) -> bool:
        return self.get(name) is not None  # type: ignore[arg-type]


class FastHTTP11(WSGIRequestHandler):
    """The fast paths; each falls back to the method it replaces."""

    def parse_request(self) -> bool:
        """http.server's for the usual ``METHOD target HTTP/1.x`` line, without the
        ``email`` parser; anything else goes to http.server's, errors and all."""
        requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        words = requestline.split()
        if len(words) != 3 or words[2] not in _FAST_VERSIONS:
            return super().parse_request()
        self.requestline = requestline
        self.command, path, self.request_version = words
        self.close_connection = words[2] != "HTTP/1.1"
        if path.startswith("//"):
            path = "/" + path.lstrip("/")  # as http.server does (gh-87389)
        self.path = path
        headers = RequestHeaders()
        readline = self.rfile.readline
        while True:
            line = readline(MAX_LINE + 1)
            if len(line) > MAX_LINE:
                self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Line too long",
                                "header line")
                return False
            if line in (b"\r\n", b"\n", b""):
                break
            if len(headers) >= MAX_HEADERS:
                self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Too many headers",
                                f"got more than {MAX_HEADERS} headers")
                return False
            text = line.decode("iso-8859-1")
            if text[0] in " \t" and headers:  # an obsolete folded continuation line
                name, value = headers[-1]
                headers[-1] = (name, value + "\r\n" + text.rstrip("\r\n"))
                continue
            name, colon, value = text.partition(":")
            if not colon or not name or name != name.strip():
                self.send_error(HTTPStatus.BAD_REQUEST, "Bad header line")
                return False
            headers.append((name, value.lstrip(" \t").rstrip("\r\n")))
        self.headers = headers  # type: ignore[assignment]
        conntype = headers.get("Connection", "").lower()
        if conntype == "close":
            self.close_connection = True
        elif conntype == "keep-alive":
            self.close_connection = False
        expect = headers.get("Expect", "")
        if expect.lower() == "100-continue" and self.request_version >= "HTTP/1.1":
            return self.handle_expect_100()
        return True

    def make_environ(self) -> dict[str, Any]:
        """werkzeug's environ for an origin-form target (``/path?query``), without
        ``urlsplit``; anything else is werkzeug's own."""
        target = self.path
        server = self.server
        if target[:1] != "/" or "#" in target or server.ssl_context is not None:
            return super().make_environ()
        path, _, query = target.partition("?")
        raw = target.encode().decode("latin1")  # werkzeug's _wsgi_encoding_dance
        environ: dict[str, Any] = {
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": self.rfile,
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": server.multithread,
            "wsgi.multiprocess": server.multiprocess,
            "wsgi.run_once": False,
            "werkzeug.socket": self.connection,
            "SERVER_SOFTWARE": self.server_version,
            "REQUEST_METHOD": self.command,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote(path).encode().decode("latin1"),
            "QUERY_STRING": query.encode().decode("latin1"),
            "REQUEST_URI": raw,
            "RAW_URI": raw,
            "REMOTE_ADDR": self.address_string(),
            "REMOTE_PORT": self.port_integer(),
            "SERVER_NAME": server.server_address[0],
            "SERVER_PORT": str(server.server_address[1]),
            "SERVER_PROTOCOL": self.request_version,
        }
        for key, value in self.headers.items():
            if "_" in key:
                continue
            key = key.upper().replace("-", "_")
            value = value.replace("\r\n", "")
            if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                key = f"HTTP_{key}"
                if key in environ:
                    value = f"{environ[key]},{value}"
            environ[key] = value
        transfer = environ.get("HTTP_TRANSFER_ENCODING")
        if transfer and "chunked" in parse_set_header(transfer):
            environ["wsgi.input_terminated"] = True
            environ["wsgi.input"] = DechunkedInput(environ["wsgi.input"])
        return environ

    def response_head(self, code: int, message: str, headers: list[tuple[str, str]]) -> set[str]:
        """The status line, Server, Date and the app's headers, buffered as one piece
        (http.server's send_response_only and send_header, including "Connection"
        setting ``close_connection``); returns the header names, lowercased."""
        names = set()
        lines = [f"{self.protocol_version} {code} {message}\r\n"
                 f"Server: {self.version_string()}\r\nDate: {_http_date()}\r\n"]
        for name, value in headers:
            lines.append(f"{name}: {value}\r\n")
            lower = name.lower()
            names.add(lower)
            if lower == "connection":
                if value.lower() == "close":
                    self.close_connection = True
                elif value.lower() == "keep-alive":
                    self.close_connection = False
        buffer = getattr(self, "_headers_buffer", None)
        if buffer is None:
            buffer = self._headers_buffer = []  # type: ignore[attr-defined]
        buffer.append("".join(lines).encode("latin-1", "strict"))
        return names


_date_cache: tuple[int, str] = (0, "")


def _http_date() -> str:
    """The Date header (http.server's date_time_string), formatted once a second."""
    global _date_cache
    now = time.time()
    second = int(now)
    if _date_cache[0] != second:
        _date_cache = (second, formatdate(now, usegmt=True))
    return _date_cache[1]
