"""freezegun and time-machine move the fake's clock: through the test client and a live server.

The live server answers from its own thread; the fake reads ``time.time()`` there at call
time, so a freeze made in the test thread must reach it.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta

import freezegun
import pytest
import time_machine

from fakepush import FakePush

from .helpers import API_KEY, APP_ID, ERRORS, registration

T0 = datetime(2031, 5, 1, 12, 0, tzinfo=UTC)
T0_MS = int(T0.timestamp() * 1000)
HOUR = timedelta(hours=1)
HOUR_MS = 3_600_000


class ClientDriver:
    """Register / retrieve through the Flask test client; answers as (status, body)."""

    def __init__(self, fake: FakePush) -> None:
        self.client = fake.client()
        self.base = f"/{APP_ID}/{API_KEY}/messaging/registrations"

    def register(self, body: dict) -> tuple[int, object]:
        response = self.client.post(self.base, json=body)
        return response.status_code, response.get_json()

    def retrieve(self, device_id: str) -> tuple[int, object]:
        response = self.client.get(f"{self.base}/{device_id}")
        return response.status_code, response.get_json()


class LiveDriver:
    """The same over real HTTP to a live server thread, with urllib from the test thread."""

    def __init__(self, fake: FakePush) -> None:
        fake.start()
        self.base = f"{fake.backendless.base_url}/messaging/registrations"

    def _send(self, request: urllib.request.Request) -> tuple[int, object]:
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def register(self, body: dict) -> tuple[int, object]:
        request = urllib.request.Request(
            self.base,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        return self._send(request)

    def retrieve(self, device_id: str) -> tuple[int, object]:
        return self._send(urllib.request.Request(f"{self.base}/{device_id}"))


@pytest.fixture(params=["client", pytest.param("live", marks=pytest.mark.slow)])
def driver(request):
    fake = FakePush()
    try:
        yield (ClientDriver if request.param == "client" else LiveDriver)(fake)
    finally:
        fake.stop()


def assert_gone(answer: tuple[int, object]) -> None:
    assert answer == (400, {"message": ERRORS[5000], "code": 5000})


def assert_live(answer: tuple[int, object]) -> None:
    assert answer[0] == 200, answer


def registered_then_expired(driver) -> None:
    """Under a ticking freeze: a row registered to expire a moment ahead of the ticking
    clock is answered 200, then is gone once that clock has passed its expiration.

    The fake on the system clock (years before ``T0``) would keep the row; the fake frozen
    at ``T0`` without the tick would too. A register answered only after its expiration (a
    loaded machine) shows nothing either way: the window doubles and it tries again, so
    the check never depends on how fast the machine is.
    """
    now_ms = lambda: int(time.time() * 1000)  # noqa: E731 (the ticking frozen clock)
    assert abs(now_ms() - T0_MS) < HOUR_MS  # the freeze is in place
    window_ms = 150
    for attempt in range(8):
        device_id = f"ticking-{attempt}"
        expiration = now_ms() + window_ms
        status, body = driver.register(registration(device_id, expiration=expiration))
        if now_ms() < expiration:  # answered inside the window: the answer counts
            break
        window_ms *= 2
    else:
        raise AssertionError("no register was answered within its window")
    assert status == 200, body
    time.sleep(max(0, expiration - now_ms()) / 1000 + 0.05)
    assert_gone(driver.retrieve(device_id))


# -- freezegun ---------------------------------------------------------------------------


def test_freezegun_freeze_time_is_the_fakes_now(driver):
    with freezegun.freeze_time(T0):
        assert driver.register(registration(expiration=T0_MS))[1]["code"] == 5004
        assert driver.register(registration(expiration=T0_MS + 1))[0] == 200


def test_freezegun_moving_the_freeze_expires_registrations(driver):
    with freezegun.freeze_time(T0):
        assert driver.register(registration(expiration=T0_MS + HOUR_MS))[0] == 200
        assert_live(driver.retrieve("device-1"))
    with freezegun.freeze_time(T0 + HOUR - timedelta(milliseconds=1)):
        assert_live(driver.retrieve("device-1"))
    with freezegun.freeze_time(T0 + HOUR):
        assert_gone(driver.retrieve("device-1"))
    with freezegun.freeze_time(T0):  # found expired once: never back
        assert_gone(driver.retrieve("device-1"))


def test_freezegun_tick_method_expires_registrations(driver):
    with freezegun.freeze_time(T0) as frozen:
        driver.register(registration(expiration=T0_MS + HOUR_MS))
        frozen.tick(HOUR - timedelta(seconds=1))
        assert_live(driver.retrieve("device-1"))
        frozen.tick(timedelta(seconds=1))
        assert_gone(driver.retrieve("device-1"))


def test_freezegun_move_to_expires_registrations(driver):
    with freezegun.freeze_time(T0) as frozen:
        driver.register(registration(expiration=T0_MS + HOUR_MS))
        frozen.move_to(T0 + 2 * HOUR)
        assert_gone(driver.retrieve("device-1"))


def test_freezegun_tick_true_lets_the_fakes_clock_run(driver):
    with freezegun.freeze_time(T0, tick=True):
        registered_then_expired(driver)


def test_freezegun_decorator_style_start_and_stop(driver):
    freezer = freezegun.freeze_time(T0 + 24 * HOUR)
    freezer.start()
    try:
        assert driver.register(registration(expiration=T0_MS + HOUR_MS))[1]["code"] == 5004
    finally:
        freezer.stop()


# -- time-machine ------------------------------------------------------------------------


def test_time_machine_travel_is_the_fakes_now(driver):
    with time_machine.travel(T0, tick=False):
        assert driver.register(registration(expiration=T0_MS))[1]["code"] == 5004
        assert driver.register(registration(expiration=T0_MS + 1))[0] == 200


def test_time_machine_travel_expires_registrations(driver):
    with time_machine.travel(T0, tick=False):
        driver.register(registration(expiration=T0_MS + HOUR_MS))
        assert_live(driver.retrieve("device-1"))
    with time_machine.travel(T0 + HOUR, tick=False):
        assert_gone(driver.retrieve("device-1"))


def test_time_machine_shift_and_move_to_expire_registrations(driver):
    with time_machine.travel(T0, tick=False) as traveller:
        driver.register(registration("a", expiration=T0_MS + HOUR_MS))
        driver.register(registration("b", expiration=T0_MS + 3 * HOUR_MS))
        traveller.shift(HOUR)
        assert_gone(driver.retrieve("a"))
        assert_live(driver.retrieve("b"))
        traveller.move_to(T0 + 3 * HOUR)
        assert_gone(driver.retrieve("b"))


def test_time_machine_ticking_travel_lets_the_fakes_clock_run(driver):
    with time_machine.travel(T0, tick=True):
        registered_then_expired(driver)


def test_the_fakes_controllable_clock_wins_over_a_freeze():
    """A freeze set on the fake itself (admin API, ``.clock.freeze``) is not moved by freezegun."""
    fake = FakePush()
    fake.clock.freeze(T0_MS)
    driver = ClientDriver(fake)
    with freezegun.freeze_time(T0 + 10 * HOUR):
        assert driver.register(registration(expiration=T0_MS + HOUR_MS))[0] == 200
        assert_live(driver.retrieve("device-1"))
