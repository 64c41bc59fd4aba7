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

MARKER = (
    "fakepush(profile=..., strict=...): run this test with the fake in another fidelity "
    "profile, or with strict mode (fail on unroutable requests) switched on or off"
)


class Marked:
    """What a test's ``@pytest.mark.fakepush`` asks for; None fields: the configured value."""

    __slots__ = ("profile", "strict")

    def __init__(self, profile: str | None = None, strict: bool | None = None) -> None:
        self.profile = profile
        self.strict = strict


_UNMARKED = Marked()

# What @pytest.mark.fakepush asks for, from pytest_fixture_setup to the fixture function
# it calls next: a Marked, or the UsageError of a malformed marker (raised by the
# fixture: a hook that raises leaves pytest's fixture bookkeeping half done).
_marked: Marked | pytest.UsageError = _UNMARKED


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER)
    # A bad FAKEPUSH_HOST / FAKEPUSH_PORT stops the run here, once, not in every test's setup.
    if os.environ.get("FAKEPUSH_HOST", "").strip() or os.environ.get("FAKEPUSH_PORT", "").strip():
        _checked_listen_address()


@pytest.hookimpl(tryfirst=True)
def pytest_fixture_setup(
    fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest
) -> None:
    """Read the test's ``@pytest.mark.fakepush`` just before ``fakepush`` is set up.

    Also when a test asks for ``fakepush`` through ``request.getfixturevalue``. Returns
    None, so pytest goes on to set the fixture up as usual.
    """
    global _marked
    if fixturedef.argname == "fakepush":
        try:
            _marked = _read_marker(request.node)
        except pytest.UsageError as exc:
            _marked = exc


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


def _checked_listen_address() -> tuple[str, int]:
    """``_listen_address``, refusing a host off loopback (UsageError)."""
    # Imported here: only a run that starts a fake or sets FAKEPUSH_HOST/PORT pays for it.
    from fakepush.hosts import is_loopback

    host, port = _listen_address()
    if not is_loopback(host):
        # Same rule as `fakepush serve`: the fake has no auth on its emulated routes.
        raise pytest.UsageError(
            f"FAKEPUSH_HOST={host} is not a loopback address; the fake is for loopback only"
        )
    return host, port


@pytest.fixture(scope="session", name="fakepush_config")
def fakepush_config_fixture() -> dict[str, Any]:
    """Override in a conftest.py: the profile, strict mode, apps beside the default ones."""
    from fakepush.providers import ALL  # the providers load Flask: only when a fake is made

    return {"profile": "auto", "strict": True, **{provider.apps_key: [] for provider in ALL}}


@pytest.fixture(scope="session", name="fakepush_server")
def fakepush_server_fixture(fakepush_config: dict[str, Any]) -> Iterator[FakePush]:
    """The running fake for the whole session (one per xdist worker); not reset between tests."""
    # Imported when the fixture runs, not with the plugin: most runs never start a fake.
    from fakepush import FakePush
    from fakepush.providers import ALL

    host, port = _checked_listen_address()
    app_keys = [provider.apps_key for provider in ALL]
    unknown = set(fakepush_config) - {"profile", "strict", "journal_limit", *app_keys}
    if unknown:
        raise pytest.UsageError(f"fakepush_config has unknown keys: {sorted(unknown)}")
    fake = FakePush(
        profile=fakepush_config.get("profile", "auto"),
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
    # What ``fakepush`` and ``fresh()`` go back to (a test may change fake.profile).
    fake._fixture_profile = fake.profile  # type: ignore[attr-defined]
    # Strict unless the session says otherwise (a marker can still override it per test).
    fake._fixture_strict = _strict_value(fakepush_config.get("strict", True), "fakepush_config")  # type: ignore[attr-defined]
    try:
        yield fake
    finally:
        fake.stop()


def _strict_value(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise pytest.UsageError(f"{where}: strict must be True or False, not {value!r}")
    return value


def _read_marker(node: pytest.Item) -> Marked:
    marker = node.get_closest_marker("fakepush")
    if marker is None:
        return _UNMARKED
    if marker.args or set(marker.kwargs) - {"profile", "strict"}:
        raise pytest.UsageError(
            f"{node.nodeid}: use @pytest.mark.fakepush(profile=..., strict=...), "
            f"not args={marker.args!r} kwargs={marker.kwargs!r}"
        )
    strict = marker.kwargs.get("strict")
    if strict is not None:
        strict = _strict_value(strict, node.nodeid)
    return Marked(marker.kwargs.get("profile"), strict)


@pytest.fixture(name="fakepush")
def fakepush_fixture(fakepush_server: FakePush) -> Iterator[FakePush]:
    """The session's fake, reset before this test: data, journal, faults, controllable clock.

    The profile goes back to the configured one, or the marker's for this test. In
    strict mode the test fails at teardown if the fake could not route one of its
    requests (docs/pytest.md, "Strict by default").
    """
    global _marked
    marked, _marked = _marked, _UNMARKED
    if isinstance(marked, pytest.UsageError):
        raise marked
    fakepush_server.reset()
    # A fakepush_server overridden in a conftest has no configured profile or strictness.
    configured = fakepush_server.__dict__.get("_fixture_profile", "auto")
    fakepush_server.profile = marked.profile or configured
    strict = marked.strict
    if strict is None:
        strict = fakepush_server.__dict__.get("_fixture_strict", True)
    yield fakepush_server
    if strict:
        unroutable = fakepush_server.journal.unroutable()
        if unroutable:
            pytest.fail(strict_message(unroutable), pytrace=False)


def strict_message(records: list[dict[str, Any]]) -> str:
    """The strict-mode failure: one journal line per unroutable request, then the opt-outs."""
    count = len(records)
    lines = [
        f"fakepush (strict): {count} request{'s' if count != 1 else ''} the fake could not "
        "route or answered with a 500:"
    ]
    for record in records:
        lines.append(
            f"  #{record['id']} {record['method']} {record['path']} -> {record['status']} "
            f"({_why(record)})"
        )
    lines.append(
        "A test that means to make such a call opts out: @pytest.mark.fakepush(strict=False), "
        'or fakepush_config["strict"] = False for the session.'
    )
    return "\n".join(lines)


def _why(record: dict[str, Any]) -> str:
    if record["status"] == 405:
        return "method not allowed on this route"
    if record["status"] == 404:
        return "unknown route"
    return "server error"


@pytest.fixture(name="fakepush_client")
def fakepush_client_fixture(fakepush: FakePush) -> FlaskClient:
    """A Flask test client on the same (reset) state as ``fakepush``: no sockets."""
    return fakepush.client()


@pytest.fixture(name="fakepush_intercept")
def fakepush_intercept_fixture(fakepush: FakePush) -> Iterator[FakePush]:
    """``fakepush`` with ``fakepush.intercept()`` on: hard-coded provider URLs reach the fake.

    Only this fixture loads ``responses`` / ``respx`` (the extra ``fakepush[intercept]``).
    """
    with fakepush.intercept():
        yield fakepush
