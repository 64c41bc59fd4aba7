"""Properties of the Backendless emulation, driven by fakepush.strategies (what users import)."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fakepush import FakePush
from fakepush.clock import Clock
from fakepush.strategies import (
    expirations,
    invalid_registration_bodies,
    past_expirations,
    registration_bodies,
    unparsable_bodies,
)

# A fixed instant: every strategy and the fake read the same frozen clock.
NOW_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z
OBJECT_ID = "[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}"
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def fake():
    fake = FakePush()
    fake.clock.freeze(NOW_MS)
    return fake


@pytest.fixture(scope="module")
def client(fake):
    return fake.client()


def base(fake) -> str:
    return f"/{fake.backendless.app_id}/{fake.backendless.api_key}/messaging/registrations"


def device_url(fake, device_id: str) -> str:
    return f"{base(fake)}/{quote(device_id, safe='')}"


@pytest.mark.slow
@SETTINGS
@given(body=registration_bodies(NOW_MS))
def test_every_valid_body_registers_and_round_trips_through_retrieve(fake, client, body):
    fake.reset()
    fake.clock.freeze(NOW_MS)
    response = client.post(base(fake), json=body)
    assert response.status_code == 200, response.json
    channels = list(dict.fromkeys(body.get("channels") or [])) or ["default"]
    # Channel names may hold "," and "::" themselves, so match the whole id instead of splitting.
    expected = ",".join(OBJECT_ID + "::" + re.escape(channel) for channel in channels)
    assert re.fullmatch(expected, response.json["registrationId"]), response.json
    retrieved = client.get(device_url(fake, body["deviceId"]))
    assert retrieved.status_code == 200, retrieved.json
    assert retrieved.json == {
        "deviceToken": body["deviceToken"],
        "deviceId": body["deviceId"],
        "os": body["os"],
        "osVersion": body["osVersion"],
        "channels": channels,
        "expiration": body.get("expiration"),
    }


@pytest.mark.slow
@SETTINGS
@given(case=invalid_registration_bodies(NOW_MS), seed=registration_bodies(NOW_MS))
def test_every_invalid_body_gets_its_documented_code_and_changes_nothing(fake, client, case, seed):
    body, code = case
    fake.reset()
    fake.clock.freeze(NOW_MS)
    # Seed the same device id where the body has a usable one, so a partial write would show.
    if isinstance(body, dict) and isinstance(body.get("deviceId"), str) and body["deviceId"]:
        seed = {**seed, "deviceId": body["deviceId"][:500]}
    assert client.post(base(fake), json=seed).status_code == 200
    before = fake.state.export()
    response = client.post(base(fake), data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response.json["code"] == code, (body, response.json)
    assert fake.state.export() == before


@pytest.mark.slow
@SETTINGS
@given(raw=unparsable_bodies())
def test_unparsable_body_is_8002_and_changes_nothing(fake, client, raw):
    fake.reset()
    before = fake.state.export()
    response = client.post(base(fake), data=raw, content_type="application/json")
    assert (response.status_code, response.json["code"]) == (400, 8002)
    assert fake.state.export() == before


@settings(max_examples=50, deadline=None)
@given(now=st.integers(min_value=0, max_value=NOW_MS), data=st.data())
def test_expirations_are_relative_to_the_clock_they_are_given(now, data):
    clock = Clock()
    clock.freeze(now)
    assert data.draw(expirations(clock, allow_none=False)) > now
    assert data.draw(expirations(now, min_ahead_ms=60_000, allow_none=False)) >= now + 60_000
    assert data.draw(past_expirations(clock)) <= now
