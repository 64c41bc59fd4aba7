"""An in-memory fake of the Backendless Messaging and Sendbird push device-registration APIs.

The package face is lazy (PEP 562): ``import fakepush`` loads no Flask, so the pytest
plugin, the contract runner and the strategies can share its constants for free;
``fakepush.FakePush`` and ``fakepush.create_app`` import the web layer when first asked.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from fakepush.clock import Clock
from fakepush.state import PROFILES, FakeState

if TYPE_CHECKING:
    from fakepush.app import create_app
    from fakepush.handle import FakePush

__all__ = [
    "PROFILES",
    "Clock",
    "FakePush",
    "FakeState",
    "create_app",
]
__version__ = "0.1.0"

_LAZY = {"FakePush": "fakepush.handle", "create_app": "fakepush.app"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'fakepush' has no attribute {name!r}")
    # Imported on first use, not above: the web layer (and Flask) loads only when asked for.
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
