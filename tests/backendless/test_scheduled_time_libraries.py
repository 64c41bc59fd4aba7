"""freezegun and time-machine move scheduled delivery on a live server: the server thread
reads the clock at call time, so a jump made in the test thread makes messages due there."""

from __future__ import annotations

import json
import urllib.request
from datetime import UTC, datetime, timedelta

import freezegun
import pytest
import time_machine

from fakepush import FakePush

from .helpers import registration

T0 = datetime(2031, 5, 1, 12, 0, tzinfo=UTC)
T0_MS = int(T0.timestamp() * 1000)

pytestmark = pytest.mark.slow


def _post(url: str, body: dict) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def _scenario(fake: FakePush, jump) -> None:  # type: ignore[no-untyped-def]
    base = f"{fake.backendless.base_url}/messaging"
    _post(f"{base}/registrations", registration("d1", deviceToken="tok-1"))
    message_id = _post(f"{base}/default", {"message": "m", "publishAt": T0_MS + 3_600_000})[
        "messageId"
    ]
    assert _get(f"{base}/{message_id}")["status"] == "scheduled"
    pushes = _get(f"{fake.url}/_fakepush/pushes")["pushes"]
    assert pushes == []
    jump(timedelta(minutes=59))
    assert _get(f"{base}/{message_id}")["status"] == "scheduled"
    jump(timedelta(minutes=2))
    # The status request is served by the server thread: it delivers what is now due.
    status = _get(f"{base}/{message_id}")
    assert status["status"] == "published" and status["successfulSendsAmount"] == 1
    [push] = _get(f"{fake.url}/_fakepush/pushes")["pushes"]
    assert (push["at"], push["token"]) == (T0_MS + 3_600_000, "tok-1")


def test_freezegun_tick_makes_a_scheduled_message_due_in_the_live_server():
    with FakePush() as fake, freezegun.freeze_time(T0) as frozen:
        _scenario(fake, frozen.tick)


def test_time_machine_shift_makes_a_scheduled_message_due_in_the_live_server():
    with FakePush() as fake, time_machine.travel(T0, tick=False) as traveller:
        _scenario(fake, traveller.shift)
