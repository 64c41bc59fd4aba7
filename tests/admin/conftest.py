"""The dashboard tests' live fake: a server with an admin token, on its own state."""

from __future__ import annotations

import pytest

from fakepush import create_app
from fakepush.handle import LiveServer
from fakepush.providers import ALL
from fakepush.state import FakeState

TOKEN = "dashboard-admin-token"


@pytest.fixture
def live():
    """(state, server): a live fake whose admin API and dashboard need ``TOKEN``."""
    state = FakeState(ALL)
    server = LiveServer(create_app(state, admin_token=TOKEN))
    server.start()
    yield state, server
    server.stop()
