"""The plugin loads in every pytest run of every project that installs fakepush: it must stay light."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("fakepush", "flask", "werkzeug")


def test_importing_conftest_plugin_imports_no_flask_werkzeug_or_fakepush():
    code = (
        "import sys, conftest_plugin\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.slow
def test_a_pytest_run_that_uses_no_fixture_imports_no_flask(pytester, monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    pytester.makepyfile(
        f"""
import sys

def test_plugin_is_loaded_but_light(pytestconfig):
    assert pytestconfig.pluginmanager.has_plugin("fakepush")
    assert sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}) == []
"""
    )
    # pytest-httpserver (in the bench extra) imports werkzeug from its own plugin; this
    # test is about fakepush's, so that one is left out when it is installed.
    pytester.runpytest_subprocess("-p", "no:pytest_httpserver").assert_outcomes(passed=1)
