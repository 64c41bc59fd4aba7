"""The live server: werkzeug's threaded WSGI server, with HTTP/1.1 keep-alive.

werkzeug's development server answers every request with ``Connection: close`` (its
handler cannot drain an unread request body without eating the next request line), so
each request pays a new TCP connection and a new thread. This handler keeps the
connection open instead: it hands the app a body stream bounded by Content-Length and
reads whatever the app left unread before the next request. Everything else stays
werkzeug's: the environ (``werkzeug.socket``, ``RAW_URI`` and ``REQUEST_URI``, which the
fault rules and ``raw_path()`` use), one thread per connection (so a delayed or dropped
request never stalls another client), request logging, error handling.
"""

from __future__ import annotations

import json
import logging
import selectors
import socket
import threading
import time
from http import HTTPStatus
from typing import Any

from werkzeug.exceptions import InternalServerError
from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler
from werkzeug.wsgi import LimitedStream

from fakepush.web import sockio
from fakepush.web.chunked import ChunkedBody
from fakepush.web.http11 import MAX_LINE, FastHTTP11
from fakepush.web.idle import HOT_WAIT_SECONDS, IdleConnections, start_thread
from fakepush.web.wsgi_response import WSGIResponse

# A body the app left unread is read and thrown away up to this size, to keep the
# connection; past it the connection is closed instead.
MAX_DRAIN_BYTES = 16 * 1024 * 1024
IDLE_TIMEOUT_SECONDS = 120
_DROPPED = (ConnectionError, TimeoutError, socket.timeout)

# The live server's own lines (one per request, and its errors), as plain text: werkzeug's
# access line is coloured with terminal codes, which a failing test's captured log would
# show raw. At INFO unless the application configured the level (as werkzeug does for its
# logger), so pytest's "Captured log" shows them.
log = logging.getLogger("fakepush")
if log.level == logging.NOTSET:
    log.setLevel(logging.INFO)


class KeepAliveRequestHandler(FastHTTP11, WSGIRequestHandler):
    """werkzeug's request handler, speaking HTTP/1.1 with persistent connections."""

    protocol_version = "HTTP/1.1"
    # An idle kept-alive connection holds a thread; after this many seconds without a
    # byte from the client it is closed (clients reconnect, as with any HTTP server).
    timeout = IDLE_TIMEOUT_SECONDS

    def __init__(self, request: socket.socket, client_address: Any, server: Any) -> None:
        # Not socketserver's (setup, handle, finish in one go): between requests the
        # connection may be parked with the server's idle selector and served again by a
        # new thread (``resume``), so serving and finishing are separate steps here.
        self.request = request
        self.client_address = client_address
        self.server = server
        self._idle_since = time.monotonic()
        self.setup()

    def serve(self) -> None:
        """Serve requests until the connection ends or idles (then it is parked)."""
        try:
            try:
                while True:
                    if not self.handle_one_request():
                        return  # parked: the idle selector owns the connection now
                    if self.close_connection:
                        break
            except (ConnectionError, socket.timeout) as exc:
                self.connection_dropped(exc)
        except Exception:
            self.server.handle_error(self.request, self.client_address)
        self.close()

    def resume(self) -> None:
        """The parked connection has bytes again: serve it on a thread of its own."""
        start_thread(self.serve)

    def close(self) -> None:
        try:
            self.finish()
        except Exception:
            pass
        self.server.shutdown_request(self.request)

    def handle_one_request(self) -> bool:  # type: ignore[override]
        """http.server's, except for the wait for the request line: at most
        ``HOT_WAIT_SECONDS``, then the connection is parked (False) instead of holding
        this thread; past the idle timeout it is closed."""
        hot_wait = min(HOT_WAIT_SECONDS, self.timeout)
        sockio.set_read_timeout(self.connection, hot_wait)
        try:
            self.raw_requestline = self.rfile.readline(MAX_LINE + 1)
        except socket.timeout:
            # Only a quiet connection gets here (a started request line within the wait
            # is read whole; one that stalls past it is lost, and the connection with it).
            self.close_connection = True
            if not sockio.KERNEL_TIMEOUTS:
                # socket.makefile's file refuses every read after a timeout: a fresh one
                # (the old one's buffer is empty: the request line had not started).
                stale, self.rfile = self.rfile, self.connection.makefile("rb", self.rbufsize)
                stale.close()
            deadline = self._idle_since + self.timeout
            if hot_wait < self.timeout and self.server.park(self, deadline):
                return False
            return True
        finally:
            sockio.set_read_timeout(self.connection, self.timeout)
        try:
            if len(self.raw_requestline) > MAX_LINE:
                self.requestline = ""
                self.request_version = ""
                self.command = ""
                self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
                return True
            if not self.raw_requestline:
                self.close_connection = True
                return True
            if not self.parse_request():
                return True
            self.run_wsgi()
            self.wfile.flush()
        except TimeoutError as exc:
            self.log_error("Request timed out: %r", exc)
            self.close_connection = True
        self._idle_since = time.monotonic()
        return True

    def setup(self) -> None:
        # socketserver's StreamRequestHandler.setup, with the kernel's timeouts
        # (fakepush/web/sockio.py): no poll ahead of each recv and send.
        self.connection = self.request
        self.rfile, self.wfile = sockio.open_files(self.connection, self.timeout)
        # Headers and body go out in one write, but a streamed body is several: without
        # this, Nagle's algorithm and the client's delayed ACK stall each by up to 40 ms.
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        self.server.track(self.connection)  # type: ignore[attr-defined]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """``GET /path -> 200 (127.0.0.1)``: plain text, control characters escaped."""
        # Nothing to do where no handler would show the line (a script with no logging
        # set up, or `fakepush serve`, which writes its own): no record, no lock.
        if not log.isEnabledFor(logging.INFO) or not log.hasHandlers():
            return
        try:
            line = f"{self.command} {self.path}"
        except AttributeError:  # no path: the request line itself was bad
            line = self.requestline
        line = line.translate(self._control_char_table)  # type: ignore[attr-defined]
        log.info("%s -> %s (%s)", line, code, self.address_string())

    def log(self, type: str, message: str, *args: Any) -> None:
        """werkzeug's error lines (``log_error``) to the same logger, without the date."""
        getattr(log, type, log.info)(f"{self.address_string()} {message}", *args)

    def finish(self) -> None:
        self.server.untrack(self.connection)  # type: ignore[attr-defined]
        super().finish()

    def parse_request(self) -> bool:
        """http.server's parsing, minus HTTP/0.9: a bare ``GET /`` line would be served with
        no status line and no headers (an empty reply to any client of this century).
        It is answered as any unparseable request line: a JSON 400, then the close, before
        reading headers (an HTTP/0.9 client sends none, and would wait forever)."""
        self.requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        words = self.requestline.split()
        if len(words) == 2:
            self.command, self.path = words
            self.request_version = "HTTP/1.0"  # the answer's framing (send_error)
            self.close_connection = True
            self.send_error(400, "HTTP/0.9 is not supported: send an HTTP/1.x request line")
            return False
        return super().parse_request()

    def make_environ(self) -> dict[str, Any]:
        environ = super().make_environ()
        if environ.get("wsgi.input_terminated"):
            environ["wsgi.input"] = ChunkedBody(self.rfile)
        return environ

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The errors ``http.server`` answers itself (a malformed request line, a URI over
        64 KiB, more than 100 headers) never reach Flask; its HTML page would echo the
        client's bytes. The product promises JSON for every response."""
        if self.request_version == "HTTP/0.9":
            # http.server's default before the line is parsed: it would write no status
            # line and no headers. The answer is an HTTP/1.1 one, then the close.
            self.request_version = "HTTP/1.0"
        short, _ = self.responses.get(code, ("Error", ""))
        self.log_error("code %d, message %s", code, message or short)
        body = json.dumps({"message": message or short, "code": code}).encode()
        self.close_connection = True
        self.send_response(code, short)
        self.send_header("Connection", "close")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def run_wsgi(self) -> None:
        """One request: its body bounded by Content-Length, the app's answer, the rest read."""
        # "Expect: 100-continue" was answered by http.server's parse_request already
        # (handle_expect_100: once, and only to an HTTP/1.1 client).
        self.environ = environ = self.make_environ()
        body = self._bounded_body(environ)
        response = WSGIResponse(self, environ)
        try:
            response.run(self.server.app)
        except _DROPPED as exc:
            self.close_connection = True
            self.connection_dropped(exc, environ)
            return
        except Exception as exc:
            self.close_connection = True
            if self.server.passthrough_errors:
                raise
            if not response.status_sent:
                try:
                    WSGIResponse(self, environ).run(InternalServerError())
                except Exception:
                    pass
            self.log_error("Error on request %s %s: %r", self.command, self.path, exc)
            return
        self._finish_body(body)

    def _bounded_body(self, environ: dict[str, Any]) -> LimitedStream | None:
        """The request body as the app reads it: bounded by Content-Length, so what the
        app leaves unread can be drained before the next request; None when chunked."""
        if environ.get("wsgi.input_terminated"):
            # A chunked request body: reading it to its end is the app's business, so
            # the connection ends with this request.
            self.close_connection = True
            return None
        try:
            length = max(0, int(environ.get("CONTENT_LENGTH") or 0))
        except ValueError:
            length = 0
            self.close_connection = True
        body = LimitedStream(self.rfile, length)
        environ["wsgi.input"] = body
        return body

    def _finish_body(self, body: LimitedStream | None) -> None:
        """Read what the app left of the request body, so the next request starts clean."""
        if self.close_connection:
            self._discard_pending()
            return
        if body is None or body.is_exhausted:
            return
        if body.limit - body._pos > MAX_DRAIN_BYTES:  # type: ignore[attr-defined]
            self.close_connection = True
            self._discard_pending()
            return
        try:
            while body.read(65536):
                pass
        except Exception:  # the client hung up mid-body (werkzeug's ClientDisconnected)
            self.close_connection = True

    def _discard_pending(self) -> None:
        """Before closing, read what the client already sent (as werkzeug does), so that it
        sees the answer rather than a connection reset."""
        selector = selectors.DefaultSelector()
        try:
            selector.register(self.connection, selectors.EVENT_READ)
            total = 0
            while total < MAX_DRAIN_BYTES and selector.select(timeout=0.01):
                data = self.rfile.read1(65536)  # type: ignore[attr-defined]
                if not data:
                    break
                total += len(data)
        except (OSError, ValueError):
            pass
        finally:
            selector.close()


class KeepAliveWSGIServer(ThreadedWSGIServer):
    """A thread per busy connection, one selector thread for the idle ones;
    ``server_close`` also hangs up the open kept-alive connections."""

    daemon_threads = True

    def __init__(self, host: str, port: int, app: Any, **kwargs: Any) -> None:
        kwargs.setdefault("handler", KeepAliveRequestHandler)
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(host, port, app, **kwargs)
        # After werkzeug's __init__, which calls server_close when handed an fd.
        self._idle = IdleConnections()

    def process_request(self, request: Any, client_address: Any) -> None:
        """A new connection: its handler is set up here and served on a thread of its own."""
        handler = self.RequestHandlerClass(request, client_address, self)
        start_thread(handler.serve)  # type: ignore[attr-defined]

    def park(self, handler: KeepAliveRequestHandler, deadline: float) -> bool:
        return self._idle.park(handler, deadline)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """socketserver prints the traceback to ``sys.stderr`` itself; through the logger
        instead, so a full stderr pipe never blocks a thread (fakepush/quietlog.py)."""
        if self.passthrough_errors:
            raise
        logging.getLogger("fakepush").exception("error serving a connection from %s", client_address)

    def track(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.add(connection)

    def untrack(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.discard(connection)

    def server_close(self) -> None:
        """Stop listening, then end every idle connection: a stopped fake answers nobody."""
        super().server_close()
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        idle = getattr(self, "_idle", None)
        if idle is not None:
            idle.close()


def make_server(host: str, port: int, app: Any, **kwargs: Any) -> KeepAliveWSGIServer:
    """The live server of ``FakePush`` and ``fakepush serve`` (kwargs as werkzeug's:
    ``fd`` to serve an already bound socket)."""
    return KeepAliveWSGIServer(host, port, app, **kwargs)
