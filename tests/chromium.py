"""Debian's headless Chromium through the system chromedriver, for every browser test.

An explicit Service: Selenium Manager never runs and never downloads a driver. The
variables let a test (tests/admin/test_browser_skips.py) stand for a machine where one of
the two is missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("FAKEPUSH_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("FAKEPUSH_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")


def missing_browser() -> str | None:
    """One line naming what is missing (Chromium, its driver, or both), or None."""
    missing = []
    if not os.path.exists(CHROMIUM):
        missing.append(f"Chromium ({CHROMIUM}: apt-get install chromium)")
    if not os.path.exists(CHROMEDRIVER):
        missing.append(f"its driver ({CHROMEDRIVER}: apt-get install chromium-driver)")
    if not missing:
        return None
    return "browser test needs " + " and ".join(missing)


def need_browser() -> None:
    """Missing either: a skip with the reason, but a failure under CI=true (CI must never
    skip the browser tests)."""
    reason = missing_browser()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@contextlib.contextmanager
def start_chromium(*extra_arguments: str) -> Iterator[Any]:
    """A driver of a fresh headless Chromium (its own profile, removed after), quit on exit."""
    need_browser()
    from selenium import webdriver  # here: selenium is a test extra only browser tests use
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="fakepush-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", f"--user-data-dir={profile}", *extra_arguments):
        options.add_argument(argument)
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        try:
            yield driver
        finally:
            driver.quit()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
