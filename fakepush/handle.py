"""``FakePush``: a live fake on a loopback port, the test client on the same state, the handles.

The server thread runs ``serve_forever`` (never a ``handle_request`` loop, which a frozen
clock would stall: freezegun #502).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Self

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import get_sockaddr, select_address_family

from fakepush.app import create_app
from fakepush.clock import Clock
from fakepush.faults import Faults
from fakepush.journal import DEFAULT_JOURNAL_LIMIT, Journal
from fakepush.outbox import Outbox
from fakepush.providers import ALL, ProviderHandles
from fakepush.providers.base import Provider
from fakepush.state import DEFAULT_PROFILE, FakeState, by_name
from fakepush.web.serving import KeepAliveWSGIServer, make_server


class LiveServer:
    """A threaded keep-alive WSGI server for one app, run by ``serve_forever`` in a daemon thread.

    The server is fakepush/web/serving.py's: werkzeug's, with HTTP/1.1 keep-alive (one
    thread per connection, not per request).

    ``socketserver`` only notices a shutdown request between two ``select`` calls, so a
    plain ``shutdown()`` waits up to ``poll_interval`` (werkzeug's default: 0.5 s, paid
    at every session teardown and every ``with FakePush()``). ``stop`` instead wakes the
    loop with a connection of its own, so it returns in about a millisecond;
    ``poll_interval`` is only the fallback if that connection cannot be made.
    """

    poll_interval = 0.25

    def __init__(self, app: Flask, host: str = "127.0.0.1", port: int = 0) -> None:
        listener = _listen(host, port)
        try:
            self.server: KeepAliveWSGIServer = make_server(host, port, app, fd=listener.fileno())
        finally:
            listener.close()  # the server holds its own duplicate of the socket
        self.host = host
        self.port = self.server.port
        self._thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": self.poll_interval},
            name=f"fakepush:{self.port}",
            daemon=True,
        )

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        # shutdown() sets the flag and blocks until serve_forever returns; run it aside
        # and wake the select() until it does (a wake before the flag is set is harmless).
        stopper = threading.Thread(target=self.server.shutdown, daemon=True)
        stopper.start()
        while stopper.is_alive():
            self._wake()
            stopper.join(0.005)
        self.server.server_close()
        self._thread.join(timeout=5)

    def _wake(self) -> None:
        """Make the server's select() return: connect and hang up at once."""
        host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(self.host, self.host)
        try:
            with socket.create_connection((host, self.port), timeout=0.5):
                pass
        except OSError:
            pass  # poll_interval ends the loop anyway


def _listen(host: str, port: int) -> socket.socket:
    """A bound, listening socket; a failure raises OSError.

    Werkzeug's own bind prints the error and calls ``sys.exit(1)``, which would end the
    user's script or pytest session instead of reporting a taken port.
    """
    family = select_address_family(host, port)
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(get_sockaddr(host, port, family))
        listener.listen(128)
    except BaseException:
        listener.close()
        raise
    return listener


class FakePush(ProviderHandles):
    """The handle that fixtures yield and scripts create: one fake, its server, its providers.

    Two handles share nothing: each has its own ``FakeState`` (clock, journal, faults, data).
    Each provider's own handle is an attribute by its name (``fake.backendless``), reading
    the same state as the routes; its apps come as ``<name>_apps=[...]``.
    """

    def __init__(
        self,
        profile: str = DEFAULT_PROFILE,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        providers: Sequence[Provider] = ALL,
        journal_limit: int = DEFAULT_JOURNAL_LIMIT,
        **apps: list[dict[str, Any]] | None,
    ) -> None:
        self.state = FakeState(providers, profile=profile, journal_limit=journal_limit, **apps)
        self.state.bound_host = host
        self._initial_profile = self.state.profile
        self.app = create_app(self.state)
        # The parts of the state a test drives, as attributes: a handle keeps its state.
        self.clock: Clock = self.state.clock
        self.journal: Journal = self.state.journal
        self.faults: Faults = self.state.faults
        # The pushes the fake would have sent; ``pushes`` is the name tests read it by:
        # list-like, oldest first, with ``filter``, ``clear``, ``reject_token`` and
        # ``accept_token``; reading it delivers what is due (scheduled pushes) first.
        self.outbox: Outbox = self.state.outbox
        self.pushes: Outbox = self.state.outbox
        self._host, self._port = host, port
        self._server: LiveServer | None = None
        self.handles: dict[str, Any] = {
            p.name: p.make_handle(self.state.stores[p.name], lambda: self.url)
            for p in self.state.providers
        }
        by_name(self, self.handles)  # fake.backendless is the Backendless handle

    def start(self) -> Self:
        """Serve the app on a loopback port (ephemeral unless ``port`` was given)."""
        if self._server is None:
            self._server = LiveServer(self.app, self._host, self._port)
            self._server.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    @property
    def running(self) -> bool:
        return self._server is not None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self._server.url if self._server is not None else "not running"
        return f"<FakePush {where} profile={self.profile}>"

    @property
    def url(self) -> str:
        """The root URL of the live server, no trailing slash."""
        if self._server is None:
            raise RuntimeError("the fake is not running: call start() first")
        return self._server.url

    @property
    def host(self) -> str:
        return self._server.host if self._server is not None else self._host

    @property
    def port(self) -> int:
        """The port the live server listens on (0 before ``start`` unless one was given)."""
        return self._server.port if self._server is not None else self._port

    def client(self) -> FlaskClient:
        """A Flask test client on the same state, no sockets."""
        return self.app.test_client()

    def reset(self) -> None:
        """What ``POST /_fakepush/reset`` clears; the apps and the profile stay."""
        self.state.reset()

    def export(self) -> dict[str, Any]:
        """Apps and every provider's data, JSON-able (``GET /_fakepush/state``)."""
        return self.state.export()

    def load(self, export: dict[str, Any]) -> None:
        """Replace the apps' data with an export; a bad export raises ValueError, changes nothing."""
        self.state.load(export)

    @property
    def profile(self) -> str:
        return self.state.profile

    @profile.setter
    def profile(self, profile: str) -> None:
        self.state.set_profile(profile)

    @contextmanager
    def fresh(self) -> Iterator[Self]:
        """Reset on entry (as the ``fakepush`` fixture does before a test) and give the handle.

        For ``@hypothesis.given`` tests, which refuse function-scoped fixtures: use
        ``fakepush_server`` and ``with fakepush_server.fresh() as fake:`` once per example.
        The profile goes back to the configured one (the pytest config's, else the one
        this handle was made with).
        """
        self.state.reset()
        self.state.set_profile(self.__dict__.get("_fixture_profile", self._initial_profile))
        yield self

    def intercept(self, *, only: bool = False) -> AbstractContextManager[None]:
        """Answer ``requests``/``httpx`` calls to the providers' real hostnames from this fake.

        In process, no server needed (fakepush/intercept.py); ``only=True`` refuses every
        other URL. Needs the extra ``fakepush[intercept]``.
        """
        # Imported here: interception is optional and loads werkzeug's test client only on use.
        from fakepush.intercept import intercept

        return intercept(self.app, only=only, providers=self.state.providers)
