"""Fixtures shared by fakepush's own tests: app and client (as Flask's tutorial), the browser."""

from __future__ import annotations

import pytest
from tests.chromium import start_chromium

from fakepush import create_app
from fakepush.providers import ALL
from fakepush.state import FakeState


@pytest.fixture
def state() -> FakeState:
    return FakeState(ALL)


@pytest.fixture
def app(state):
    return create_app(state)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def chromium_driver():
    """Headless Chromium (tests/chromium.py): skipped with the reason where it is missing,
    failed instead under CI=true."""
    with start_chromium("--window-size=1400,1100") as driver:
        yield driver


@pytest.fixture
def clean_fakepush_environment(monkeypatch):
    """The outer run may itself be an xdist worker or have overrides; inner runs must not see them."""
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "FAKEPUSH_HOST", "FAKEPUSH_PORT"):
        monkeypatch.delenv(name, raising=False)
