"""An in-memory fake of the Backendless Messaging and Sendbird push device-registration APIs."""

from fakepush.app import create_app
from fakepush.clock import Clock
from fakepush.server import FakePush
from fakepush.state import FakeState

__all__ = [
    "Clock",
    "FakePush",
    "FakeState",
    "create_app",
]
__version__ = "0.1.0"
