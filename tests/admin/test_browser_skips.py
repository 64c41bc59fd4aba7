"""On a machine without Chromium or its driver the browser tests skip with one reason; under CI they fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
BROWSER_TEST = "tests/admin/test_dashboard_browser.py::test_dashboard_without_the_token_says_it_cannot_read_the_fake"


def run_browser_test(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_XDIST_WORKER")}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "-rsfE",
            "-q",
            "-p",
            "no:xdist",
            BROWSER_TEST,
        ],
        cwd=TESTS.parent,
        capture_output=True,
        text=True,
        timeout=120,
        env={**clean, **env},
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("variable", "names"),
    [
        ("FAKEPUSH_TEST_CHROMEDRIVER", "its driver (/nonexistent/chromedriver"),
        ("FAKEPUSH_TEST_CHROMIUM", "Chromium (/nonexistent/chromium"),
    ],
)
def test_a_missing_driver_or_browser_skips_with_a_one_line_reason(tmp_path, variable, names):
    missing = "/nonexistent/" + ("chromedriver" if "DRIVER" in variable else "chromium")
    result = run_browser_test(tmp_path, **{variable: missing})
    assert "1 skipped" in result.stdout, result.stdout + result.stderr
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("SKIPPED")]
    assert f"browser test needs {names}" in line
    assert "Chromium (" not in line if "DRIVER" in variable else "driver" not in line


@pytest.mark.slow
def test_under_ci_a_missing_driver_fails_instead(tmp_path):
    result = run_browser_test(tmp_path, CI="true", FAKEPUSH_TEST_CHROMEDRIVER="/nonexistent/cd")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 error" in result.stdout or "1 failed" in result.stdout
    assert "CI is set, so this is a failure, not a skip" in result.stdout
