"""The contract suite's pytest hooks: ``--fakepush-target``, the target fixture, the markers.

Loaded in every pytest run through the ``fakepush`` entry point, so it imports only the
core of fakepush (``fakepush.state``: no Flask, no werkzeug) until a contract check runs.
"""

from __future__ import annotations

from typing import Any

import pytest

from fakepush.state import PROFILES

PROVIDER_MARKER = "fakepush_provider"
NEEDS_FAKE_MARKER = "fakepush_needs_fake"
_TARGET_KEY = pytest.StashKey[Any]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("fakepush-contract", "fakepush contract suite")
    group.addoption(
        "--fakepush-target",
        default=None,
        metavar="PROVIDER=URL,...",
        help="run the contract checks against these URLs, one PROVIDER=URL per provider to "
        "check (credentials from the FAKEPUSH_* environment variables) instead of an "
        "in-process fake; the keys each provider takes are in docs/contract.md",
    )
    group.addoption(
        "--fakepush-profile",
        default=None,
        choices=PROFILES,
        help="profile of the in-process fake (default docs); for another target, the profile "
        "its answers are judged by (default: a fakepush fake's own, else docs)",
    )
    group.addoption(
        "--fakepush-record",
        default=None,
        metavar="FILE",
        help="write every request and response of the checks to FILE (secrets redacted)",
    )


def pytest_configure(config: pytest.Config) -> None:
    text = config.getoption("--fakepush-target", None)
    if text:
        # Only a run that asks for a target pays for importing fakepush (and Flask) here.
        from fakepush.contract.target import TargetError, parse_target_option

        try:
            parse_target_option(text)
        except TargetError as exc:
            raise pytest.UsageError(str(exc)) from None
    config.addinivalue_line(
        "markers", f"{PROVIDER_MARKER}(name): a contract check of one provider's API"
    )
    config.addinivalue_line(
        "markers",
        f"{NEEDS_FAKE_MARKER}: a contract check that needs the fake's clock or admin API "
        "(skipped when the target is not a fakepush fake)",
    )


def _named_providers(config: pytest.Config) -> set[str] | None:
    """The providers --fakepush-target names, or None for the in-process fake (both)."""
    text = config.getoption("--fakepush-target")
    if not text:
        return None
    names = set()
    for item in text.split(","):
        names.add(item.split("=", 1)[0].strip().lower())
    return names


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A target that names one provider only runs that provider's checks (the rest deselected)."""
    named = _named_providers(config)
    if named is not None:
        _deselect_unnamed(config, items, named)
    if any(item.get_closest_marker(PROVIDER_MARKER) for item in items):
        _target(config)  # a bad option or a missing credential stops the run here, once


def _deselect_unnamed(config: pytest.Config, items: list[pytest.Item], named: set[str]) -> None:
    keep, drop = [], []
    for item in items:
        marker = item.get_closest_marker(PROVIDER_MARKER)
        if marker is not None and marker.args and marker.args[0] not in named:
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _target(config: pytest.Config) -> Any:
    """The session's target, built on first use and closed at the end of the session."""
    target = config.stash.get(_TARGET_KEY, None)
    if target is None:
        # The first contract check pays for the target module (clients, maybe the fake).
        from fakepush.contract.target import TargetError, in_process_target, remote_target

        text = config.getoption("--fakepush-target")
        profile = config.getoption("--fakepush-profile")
        try:
            target = remote_target(text, profile) if text else in_process_target(profile or "docs")
        except TargetError as exc:
            raise pytest.UsageError(str(exc)) from None
        if config.getoption("--fakepush-record"):
            target.start_recording()
        config.stash[_TARGET_KEY] = target
    return target


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker(NEEDS_FAKE_MARKER) is None:
        return
    target = _target(item.config)
    if not target.is_fake:
        from fakepush.contract.target import NEEDS_FAKE_REASON  # loaded by _target already

        pytest.skip(NEEDS_FAKE_REASON)


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = session.config.stash.get(_TARGET_KEY, None)
    if target is None:
        return
    out = session.config.getoption("--fakepush-record")
    if out and target.recorder is not None:
        target.recorder.write(out)
    target.close()


def pytest_report_header(config: pytest.Config) -> str | None:
    text = config.getoption("--fakepush-target")
    if text:
        return f"fakepush contract target: {text}"
    return None


@pytest.fixture(name="fakepush_target", scope="session")
def _fakepush_target(request: pytest.FixtureRequest) -> Any:
    """The contract target: an in-process fake, or the service named by --fakepush-target."""
    return _target(request.config)
