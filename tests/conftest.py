"""Fixtures shared by fakepush's own tests, in the shape of Flask's tutorial: app, client."""

from __future__ import annotations

import pytest

from fakepush import create_app
from fakepush.state import FakeState
from fakepush.providers import ALL


@pytest.fixture
def state() -> FakeState:
    return FakeState(ALL)


@pytest.fixture
def app(state):
    return create_app(state)


@pytest.fixture
def client(app):
    return app.test_client()
