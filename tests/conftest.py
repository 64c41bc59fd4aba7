"""Fixtures shared by fakepush's own tests: app and client (as Flask's tutorial), the browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fakepush import create_app
from fakepush.providers import ALL
from fakepush.state import FakeState


@pytest.fixture
def state() -> FakeState:
    return FakeState(ALL)


@pytest.fixture
def app(state):
    return create_app(state)


@pytest.fixture
def client(app):
    return app.test_client()


# Debian's Chromium and its driver (never a downloaded one); the variables let a test
# (tests/admin/test_browser_skips.py) stand for a machine where one of them is missing.
CHROMIUM = os.environ.get("FAKEPUSH_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("FAKEPUSH_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def _missing_browser() -> str | None:
    """One line naming what is missing (Chromium, its driver, or both), or None."""
    missing = []
    if not os.path.exists(CHROMIUM):
        missing.append(f"Chromium ({CHROMIUM}: apt-get install chromium)")
    if not os.path.exists(CHROMEDRIVER):
        missing.append(f"its driver ({CHROMEDRIVER}: apt-get install chromium-driver)")
    if not missing:
        return None
    return "browser test needs " + " and ".join(missing)


@pytest.fixture
def chromium_driver(tmp_path_factory):
    """Headless Chromium through the system chromedriver and an explicit Service, so Selenium
    Manager never runs. Missing either: a skip with the reason, but a failure under CI=true
    (CI must never skip the browser tests)."""
    reason = _missing_browser()
    if reason is not None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
        "--window-size=1400,1100",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def clean_fakepush_environment(monkeypatch):
    """The outer run may itself be an xdist worker or have overrides; inner runs must not see them."""
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "FAKEPUSH_HOST", "FAKEPUSH_PORT"):
        monkeypatch.delenv(name, raising=False)
