"""Headless Debian Chromium through the system chromedriver, for the reliability tests.

An explicit Service: Selenium Manager never runs and never downloads a driver.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@contextlib.contextmanager
def start_chromium(*extra_arguments: str) -> Iterator[Any]:
    """A driver of a fresh headless Chromium (its own profile), quit on exit."""
    assert os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER), "chromium is missing"
    from selenium import webdriver  # here: selenium is a test extra only these tests use
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="fakepush-reliab-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", f"--user-data-dir={profile}", *extra_arguments):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
