"""Shared pieces of the reliability tests: the load driver of bench/load.py, live fakes."""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_bench():
    """bench/load.py as a module: the test and the script drive the same load."""
    name = "fakepush_bench_load"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def bench_load():
    return load_bench()


@pytest.fixture
def quiet_werkzeug():
    logger = logging.getLogger("werkzeug")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


SEEDED_DEVICES = ("seed-1", "a", "a/b", "..", "x%2Fy")


@pytest.fixture(scope="module")
def live(quiet_werkzeug_module):
    """A live fake with a second Backendless app and a few devices, shared by a module.

    Hostile-input tests only check that nothing changes, so they can share one state.
    """
    from fakepush.handle import FakePush

    fake = FakePush(
        backendless_apps=[{"app_id": "OTHER-APP", "api_key": "OTHER-KEY", "subdomain": "other"}]
    )
    fake.start()
    base = f"/{fake.backendless.app_id}/{fake.backendless.api_key}/messaging/registrations"
    client = fake.client()
    for device_id in SEEDED_DEVICES:
        body = {"deviceId": device_id, "deviceToken": f"tok-{device_id}", "os": "IOS",
                "osVersion": "17", "channels": ["news", "default"]}
        assert client.post(base, json=body).status_code == 200
        assert client.post("/OTHER-APP/OTHER-KEY/messaging/registrations", json=body).status_code == 200
    headers = {"Api-Token": fake.sendbird.api_token}
    for user_id in ("sb-1", "a/b", ".."):
        user = {"user_id": user_id, "nickname": "n", "profile_url": ""}
        assert client.post("/v3/users", json=user, headers=headers).status_code == 200
        for token in ("tok-1", "a/b:c", ".."):
            response = client.post(
                f"/v3/users/{quote(user_id, safe='')}/push/gcm",
                json={"gcm_reg_token": token}, headers=headers,
            )
            assert response.status_code == 200
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def quiet_werkzeug_module():
    logger = logging.getLogger("werkzeug")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture
def chromium(chromium_driver):
    """tests/conftest.py's headless Chromium (skipped with a reason if missing, failed under CI)."""
    return chromium_driver
