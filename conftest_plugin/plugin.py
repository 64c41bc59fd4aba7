"""The fixtures and the marker; fakepush (and so Flask) is imported only when a fixture runs.

The shape follows time-machine's plugin: fixture functions are named apart from their
fixtures, the marker is registered in ``pytest_configure``. The reset happens *before*
each test, so a thread left over from the previous test cannot pollute this one
(pytest-httpserver PR #352).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from flask.testing import FlaskClient

    from fakepush import FakePush

MARKER = "fakepush(profile=...): run this test with the fake in another fidelity profile"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER)


def _listen_address() -> tuple[str, int]:
    """Where the session server listens: FAKEPUSH_HOST / FAKEPUSH_PORT, per xdist worker."""
    host = os.environ.get("FAKEPUSH_HOST", "").strip() or "127.0.0.1"
    raw_port = os.environ.get("FAKEPUSH_PORT", "").strip()
    if not raw_port:
        return host, 0
    try:
        port = int(raw_port)
    except ValueError:
        raise pytest.UsageError(f"FAKEPUSH_PORT must be a port number, not {raw_port!r}") from None
    # With FAKEPUSH_PORT=P, xdist worker gwN listens on P + N, so workers never collide.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker.startswith("gw") and worker[2:].isdigit():
        port += int(worker[2:])
    if not 0 < port < 65536:
        raise pytest.UsageError(f"FAKEPUSH_PORT gives port {port}, outside 1-65535")
    return host, port


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@pytest.fixture(scope="session", name="fakepush_config")
def fakepush_config_fixture() -> dict[str, Any]:
    """Override in a conftest.py to choose the profile and add apps beside the default ones."""
    return {"profile": "docs", "backendless_apps": [], "sendbird_apps": []}


@pytest.fixture(scope="session", name="fakepush_server")
def fakepush_server_fixture(fakepush_config: dict[str, Any]) -> Iterator[FakePush]:
    """The running fake for the whole session (one per xdist worker); not reset between tests."""
    from fakepush import FakePush

    host, port = _listen_address()
    if not _is_loopback(host):
        # Same rule as `fakepush serve`: the fake has no auth on its emulated routes.
        raise pytest.UsageError(
            f"FAKEPUSH_HOST={host} is not a loopback address; the fake is for loopback only"
        )
    unknown = set(fakepush_config) - {"profile", "backendless_apps", "sendbird_apps"}
    if unknown:
        raise pytest.UsageError(f"fakepush_config has unknown keys: {sorted(unknown)}")
    fake = FakePush(
        profile=fakepush_config.get("profile", "docs"),
        backendless_apps=fakepush_config.get("backendless_apps") or None,
        sendbird_apps=fakepush_config.get("sendbird_apps") or None,
        host=host,
        port=port,
    )
    try:
        fake.start()
    except OSError as exc:
        raise pytest.UsageError(f"fakepush cannot listen on {host}:{port}: {exc}") from None
    try:
        yield fake
    finally:
        fake.stop()


def _profile_for(request: pytest.FixtureRequest, configured: str) -> str:
    marker = request.node.get_closest_marker("fakepush")
    if marker is None:
        return configured
    if marker.args or set(marker.kwargs) - {"profile"}:
        raise pytest.UsageError(
            f"{request.node.nodeid}: use @pytest.mark.fakepush(profile=...), "
            f"not args={marker.args!r} kwargs={marker.kwargs!r}"
        )
    return marker.kwargs.get("profile", configured)


@pytest.fixture(name="fakepush")
def fakepush_fixture(
    request: pytest.FixtureRequest,
    fakepush_server: FakePush,
    fakepush_config: dict[str, Any],
) -> FakePush:
    """The session's fake, reset before this test: data, journal, faults, controllable clock.

    The profile goes back to the configured one, or the marker's for this test.
    """
    fakepush_server.reset()
    fakepush_server.profile = _profile_for(request, fakepush_config.get("profile", "docs"))
    return fakepush_server


@pytest.fixture(name="fakepush_client")
def fakepush_client_fixture(fakepush: FakePush) -> FlaskClient:
    """A Flask test client on the same (reset) state as ``fakepush``: no sockets."""
    return fakepush.client()
