"""``FakePush``: a live fake on a loopback port, the test client on the same state, and the views.

The server thread runs ``serve_forever`` (never a ``handle_request`` loop, which a frozen
clock would stall: freezegun #502).
"""

from __future__ import annotations

import json
import threading
from typing import Any

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from fakepush.app import create_app
from fakepush.backendless.view import BackendlessView
from fakepush.state import FakeState


class JSONErrorRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler, but the errors http.server answers itself are JSON too.

    A malformed request line, a URI over 64 KiB or more than 100 headers never reach
    Flask: ``http.server`` answers them with an HTML page that echoes the client's bytes.
    The product promises JSON for every response.
    """

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        short, _ = self.responses.get(code, ("Error", ""))
        self.log_error("code %d, message %s", code, message or short)
        body = json.dumps({"message": message or short, "code": code}).encode()
        self.send_response(code, short)
        self.send_header("Connection", "close")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class LiveServer:
    """A threaded WSGI server for one app, run in a daemon thread."""

    def __init__(self, app: Flask, host: str = "127.0.0.1", port: int = 0) -> None:
        self.server: BaseWSGIServer = make_server(
            host, port, app, threaded=True, request_handler=JSONErrorRequestHandler
        )
        self.server.daemon_threads = True
        self.host = host
        self.port = self.server.server_port
        self._thread = threading.Thread(
            target=self.server.serve_forever, name=f"fakepush:{self.port}", daemon=True
        )

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)


class FakePush:
    """The handle that fixtures yield and scripts create: one fake, its server and its views."""

    def __init__(
        self,
        profile: str = "docs",
        backendless_apps: list[dict[str, Any]] | None = None,
        sendbird_apps: list[dict[str, Any]] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.state = FakeState(
            profile=profile, backendless_apps=backendless_apps, sendbird_apps=sendbird_apps
        )
        self.app = create_app(self.state)
        self._host, self._port = host, port
        self._server: LiveServer | None = None
        self.backendless = BackendlessView(self.state.backendless, lambda: self.url)

    def start(self) -> FakePush:
        if self._server is None:
            self._server = LiveServer(self.app, self._host, self._port)
            self._server.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> FakePush:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The root URL of the live server, no trailing slash."""
        if self._server is None:
            raise RuntimeError("the fake is not running: call start() first")
        return self._server.url

    def client(self):  # type: ignore[no-untyped-def]
        """A Flask test client on the same state, no sockets."""
        return self.app.test_client()

    def reset(self) -> None:
        self.state.reset()

    @property
    def clock(self):  # type: ignore[no-untyped-def]
        return self.state.clock

    @property
    def journal(self):  # type: ignore[no-untyped-def]
        return self.state.journal
