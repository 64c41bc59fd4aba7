"""The fixtures and the marker; fakepush (and so Flask) is imported only when a fixture runs.

The shape follows time-machine's plugin: fixture functions are named apart from their
fixtures, the marker is registered in ``pytest_configure``. The reset happens *before*
each test, so a thread left over from the previous test cannot pollute this one
(pytest-httpserver PR #352).

``fakepush`` depends on ``fakepush_server`` alone, as pytest-httpserver's ``httpserver``
depends on ``make_httpserver`` alone: taking ``request`` (for the marker) made pytest build
a fixture definition for it three times per test, which cost more than all the rest of
the fixture. The marker is read in ``pytest_fixture_setup`` instead, which pytest calls
with the test's request anyway, right before the fixture function.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from flask.testing import FlaskClient

    from fakepush import FakePush

MARKER = "fakepush(profile=...): run this test with the fake in another fidelity profile"


# What @pytest.mark.fakepush asks for, from pytest_fixture_setup to the fixture function
# it calls next: a profile, None (no marker: the configured profile), or the UsageError
# of a malformed marker (raised by the fixture: a hook that raises leaves pytest's
# fixture bookkeeping half done).
_marked_profile: str | pytest.UsageError | None = None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER)


@pytest.hookimpl(tryfirst=True)
def pytest_fixture_setup(
    fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest
) -> None:
    """Read the test's ``@pytest.mark.fakepush`` just before ``fakepush`` is set up.

    Also when a test asks for ``fakepush`` through ``request.getfixturevalue``. Returns
    None, so pytest goes on to set the fixture up as usual.
    """
    global _marked_profile
    if fixturedef.argname == "fakepush":
        try:
            _marked_profile = _profile_of_marker(request.node)
        except pytest.UsageError as exc:
            _marked_profile = exc


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


@pytest.fixture(scope="session", name="fakepush_config")
def fakepush_config_fixture() -> dict[str, Any]:
    """Override in a conftest.py to choose the profile and add apps beside the default ones."""
    from fakepush.providers import ALL  # the providers load Flask: only when a fake is made

    return {"profile": "docs", **{provider.apps_key: [] for provider in ALL}}


@pytest.fixture(scope="session", name="fakepush_server")
def fakepush_server_fixture(fakepush_config: dict[str, Any]) -> Iterator[FakePush]:
    """The running fake for the whole session (one per xdist worker); not reset between tests."""
    # Imported when the fixture runs, not with the plugin: most runs never start a fake.
    from fakepush import FakePush
    from fakepush.hosts import is_loopback
    from fakepush.providers import ALL

    host, port = _listen_address()
    if not is_loopback(host):
        # Same rule as `fakepush serve`: the fake has no auth on its emulated routes.
        raise pytest.UsageError(
            f"FAKEPUSH_HOST={host} is not a loopback address; the fake is for loopback only"
        )
    app_keys = [provider.apps_key for provider in ALL]
    unknown = set(fakepush_config) - {"profile", "journal_limit", *app_keys}
    if unknown:
        raise pytest.UsageError(f"fakepush_config has unknown keys: {sorted(unknown)}")
    fake = FakePush(
        profile=fakepush_config.get("profile", "docs"),
        **({"journal_limit": fakepush_config["journal_limit"]}
           if "journal_limit" in fakepush_config else {}),
        host=host,
        port=port,
        **{key: fakepush_config.get(key) or None for key in app_keys},
    )
    try:
        fake.start()
    except OSError as exc:
        raise pytest.UsageError(f"fakepush cannot listen on {host}:{port}: {exc}") from None
    # What ``fakepush`` goes back to before each test (a test may change fake.profile).
    fake._fixture_profile = fake.profile  # type: ignore[attr-defined]
    try:
        yield fake
    finally:
        fake.stop()


def _profile_of_marker(node: pytest.Item) -> str | None:
    marker = node.get_closest_marker("fakepush")
    if marker is None:
        return None
    if marker.args or set(marker.kwargs) - {"profile"}:
        raise pytest.UsageError(
            f"{node.nodeid}: use @pytest.mark.fakepush(profile=...), "
            f"not args={marker.args!r} kwargs={marker.kwargs!r}"
        )
    return marker.kwargs.get("profile")


@pytest.fixture(name="fakepush")
def fakepush_fixture(fakepush_server: FakePush) -> FakePush:
    """The session's fake, reset before this test: data, journal, faults, controllable clock.

    The profile goes back to the configured one, or the marker's for this test.
    """
    global _marked_profile
    marked, _marked_profile = _marked_profile, None
    if isinstance(marked, pytest.UsageError):
        raise marked
    fakepush_server.reset()
    # A fakepush_server overridden in a conftest has no configured profile: docs.
    configured = fakepush_server.__dict__.get("_fixture_profile", "docs")
    fakepush_server.profile = marked or configured
    return fakepush_server


@pytest.fixture(name="fakepush_client")
def fakepush_client_fixture(fakepush: FakePush) -> FlaskClient:
    """A Flask test client on the same (reset) state as ``fakepush``: no sockets."""
    return fakepush.client()
