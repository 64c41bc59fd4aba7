"""The plugin loads in every pytest run of every project that installs fakepush: it must stay light."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("flask", "werkzeug")
# What the plugin may load of fakepush: the package face and the core (no Flask in them).
CORE = {"fakepush", *(f"fakepush.{m}" for m in ("clock", "faults", "journal", "jsonbody",
                                                  "outbox", "pattern", "state"))}  # fmt: skip
HEAVY_CODE = (
    f"sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} "
    f"or (m.startswith('fakepush') and m not in {sorted(CORE)!r}))"
)


def test_importing_conftest_plugin_imports_no_flask_werkzeug_or_more_than_the_core():
    code = f"import sys, conftest_plugin\nprint({HEAVY_CODE})"
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
    assert {HEAVY_CODE} == []
"""
    )
    # pytest-httpserver (in the bench extra) imports werkzeug from its own plugin; this
    # test is about fakepush's, so that one is left out when it is installed.
    pytester.runpytest_subprocess("-p", "no:pytest_httpserver").assert_outcomes(passed=1)
