"""pytest fixtures for fakepush (entry point ``fakepush``); importing this module imports no Flask."""

from __future__ import annotations

from typing import Any

from conftest_plugin import contract
from conftest_plugin.plugin import (
    fakepush_client_fixture,
    fakepush_config_fixture,
    fakepush_fixture,
    fakepush_intercept_fixture,
    fakepush_server_fixture,
    pytest_configure,
    pytest_fixture_setup,
)

__all__ = [
    "fakepush_client_fixture",
    "fakepush_config_fixture",
    "fakepush_fixture",
    "fakepush_intercept_fixture",
    "fakepush_server_fixture",
    "pytest_addhooks",
    "pytest_configure",
    "pytest_fixture_setup",
]


def pytest_addhooks(pluginmanager: Any) -> None:
    """Register the contract suite's hooks (conftest_plugin/contract.py) as their own plugin.

    Not through ``pytest_plugins``: for a name given there, pytest first searches every
    installed distribution's entry points (about 1% of a small project's collection).
    """
    if not pluginmanager.is_registered(contract):
        pluginmanager.register(contract, "conftest_plugin.contract")
