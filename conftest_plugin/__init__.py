"""pytest fixtures for fakepush (entry point ``fakepush``); importing this module imports no Flask."""

pytest_plugins = ["conftest_plugin.contract"]
