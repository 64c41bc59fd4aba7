"""freezegun, pytest-freezer, time-machine and the fake's own clock all move expirations.

Each test runs twice: through the live server (urllib, the server's thread reads the
clock) and through the Flask test client (the test's thread reads it).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from freezegun import freeze_time

T0 = datetime(2030, 1, 1, tzinfo=UTC)
DEVICE = {"deviceId": "d1", "deviceToken": "tok-1", "os": "ANDROID", "osVersion": "14"}
UNKNOWN_DEVICE = 5000
INVALID_EXPIRATION = 5004


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


class Registrations:
    """Register and retrieve a device through one of the two transports."""

    def __init__(self, fakepush, transport: str, call) -> None:
        self.fakepush, self.transport, self.call = fakepush, transport, call
        self.path = (
            f"/{fakepush.backendless.app_id}/{fakepush.backendless.api_key}/messaging/registrations"
        )

    def _request(self, method: str, path: str, body=None):
        if self.transport == "live":
            return self.call(self.fakepush.url + path, method, body)
        response = self.fakepush.client().open(path, method=method, json=body)
        return response.status_code, response.json

    def register(self, expiration: datetime) -> tuple[int, object]:
        return self._request("POST", self.path, {**DEVICE, "expiration": ms(expiration)})

    def code_of_retrieve(self) -> int | None:
        """None when the device is there, else the error code."""
        status, body = self._request("GET", f"{self.path}/d1")
        return None if status == 200 else body["code"]


@pytest.fixture(params=["live", "client"])
def registrations(request, fakepush, call):
    return Registrations(fakepush, request.param, call)


@freeze_time(T0)
def test_freezegun_decorator_sets_the_fakes_now(registrations):
    # A minute before T0 is still in the future for the real clock, but in the past for the fake.
    assert registrations.register(T0 - timedelta(minutes=1))[1]["code"] == INVALID_EXPIRATION
    assert registrations.register(T0 + timedelta(seconds=1))[0] == 200


def test_freezegun_tick_expires_a_registration(registrations):
    with freeze_time(T0) as frozen:
        assert registrations.register(T0 + timedelta(minutes=1))[0] == 200
        frozen.tick(timedelta(seconds=59))
        assert registrations.code_of_retrieve() is None
        frozen.tick(timedelta(seconds=1))
        assert registrations.code_of_retrieve() == UNKNOWN_DEVICE


def test_freezegun_move_to_expires_a_registration(registrations):
    with freeze_time(T0) as frozen:
        assert registrations.register(T0 + timedelta(minutes=1))[0] == 200
        frozen.move_to(T0 + timedelta(minutes=2))
        assert registrations.code_of_retrieve() == UNKNOWN_DEVICE


def test_freezer_fixture_expires_a_registration(registrations, freezer):
    freezer.move_to(T0)
    assert registrations.register(T0 + timedelta(minutes=1))[0] == 200
    freezer.tick(timedelta(seconds=59))
    assert registrations.code_of_retrieve() is None
    freezer.tick(timedelta(seconds=1))
    assert registrations.code_of_retrieve() == UNKNOWN_DEVICE


@pytest.mark.freeze_time(T0)
def test_freeze_time_marker_sets_the_fakes_now(registrations):
    assert registrations.register(T0 - timedelta(seconds=1))[1]["code"] == INVALID_EXPIRATION


def test_time_machine_travel_expires_a_registration(registrations):
    with time_machine.travel(T0, tick=False) as traveller:
        assert registrations.register(T0 + timedelta(minutes=1))[0] == 200
        traveller.shift(timedelta(seconds=59))
        assert registrations.code_of_retrieve() is None
        traveller.shift(timedelta(seconds=1))
        assert registrations.code_of_retrieve() == UNKNOWN_DEVICE


def test_time_machine_fixture_expires_a_registration(registrations, time_machine):
    time_machine.move_to(T0, tick=False)
    assert registrations.register(T0 + timedelta(minutes=1))[0] == 200
    time_machine.shift(timedelta(minutes=1))
    assert registrations.code_of_retrieve() == UNKNOWN_DEVICE


def test_fake_clock_freeze_advance_unfreeze_without_a_library(registrations, fakepush):
    fakepush.clock.freeze(T0)
    assert registrations.register(T0 + timedelta(minutes=1))[0] == 200
    fakepush.clock.advance(timedelta(seconds=59))
    assert registrations.code_of_retrieve() is None
    fakepush.clock.advance(1000)
    assert registrations.code_of_retrieve() == UNKNOWN_DEVICE
    fakepush.clock.unfreeze()
    # Back on the system clock (years before T0), so T0 - 1 s is a valid future expiration.
    assert registrations.register(T0 - timedelta(seconds=1))[0] == 200


def test_fake_clock_advance_adds_to_a_freezegun_freeze(registrations, fakepush):
    with freeze_time(T0):
        fakepush.clock.advance(timedelta(hours=1))
        assert fakepush.clock.now() == T0 + timedelta(hours=1)
        assert registrations.register(T0 + timedelta(minutes=30))[1]["code"] == INVALID_EXPIRATION


def test_journal_times_follow_the_frozen_clock(registrations, fakepush):
    with freeze_time(T0):
        registrations.register(T0 + timedelta(minutes=1))
    assert [record["at"] for record in fakepush.journal] == [ms(T0)]
