"""pytest fixtures for fakepush (entry point ``fakepush``); importing this module imports no Flask."""

from conftest_plugin.plugin import (
    fakepush_client_fixture,
    fakepush_config_fixture,
    fakepush_fixture,
    fakepush_server_fixture,
    pytest_configure,
)

__all__ = [
    "fakepush_client_fixture",
    "fakepush_config_fixture",
    "fakepush_fixture",
    "fakepush_server_fixture",
    "pytest_configure",
]

pytest_plugins = ["conftest_plugin.contract"]
