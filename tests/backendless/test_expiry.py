"""Expiration: epoch milliseconds on the fake's clock, judged lazily, never revived."""

from __future__ import annotations

import json

import pytest

from .helpers import HOUR_MS, NOW_MS, assert_error, registration

YEAR_9999_END_MS = 253402300799999


def rows(state) -> list[dict]:
    return state.backendless.registrations(state.backendless.app_by_id())


@pytest.mark.parametrize(
    "expiration",
    [
        NOW_MS,
        NOW_MS - 1,
        0,
        -1,
        1,
        NOW_MS / 1000,
        1_795_501_845.783,
        YEAR_9999_END_MS + 1,
        1e300,
        "1e400",
        "-1e400",
    ],
    ids=[
        "now",
        "just-before-now",
        "zero",
        "negative",
        "one",
        "seconds",
        "js-date-seconds",
        "after-year-9999",
        "huge",
        "overflows-to-infinity",
        "overflows-to-minus-infinity",
    ],
)
def test_expiration_not_strictly_after_now_or_beyond_year_9999_is_5004(api, state, expiration):
    before = state.export()
    if isinstance(expiration, str):  # a JSON number too large for a float
        data = json.dumps(registration(expiration="X")).replace('"X"', expiration)
        response = api.register(data=data, content_type="application/json")
    else:
        response = api.register(registration(expiration=expiration))
    assert_error(response, 5004)
    assert state.export() == before


@pytest.mark.parametrize(
    "expiration", [NOW_MS + 1, NOW_MS + 0.5, NOW_MS + HOUR_MS, YEAR_9999_END_MS, float(NOW_MS + 10)]
)
def test_expiration_strictly_after_now_is_accepted_and_reported_in_ms(api, expiration):
    assert api.register(registration(expiration=expiration)).status_code == 200
    assert api.retrieve("device-1").get_json()["expiration"] == expiration


@pytest.mark.parametrize("expiration", ["absent", None])
def test_no_expiration_never_expires(api, state, expiration):
    body = registration()
    if expiration is None:
        body["expiration"] = None
    assert api.register(body).status_code == 200
    assert api.retrieve("device-1").get_json()["expiration"] is None
    state.clock.advance(100 * 365 * 24 * HOUR_MS)
    assert api.retrieve("device-1").status_code == 200


def test_row_is_live_until_its_expiration_and_gone_at_it(api, state):
    api.register(registration(expiration=NOW_MS + HOUR_MS))
    state.clock.advance(HOUR_MS - 1)
    assert api.retrieve("device-1").status_code == 200
    state.clock.advance(1)
    assert_error(api.retrieve("device-1"), 5000)


def test_expired_device_cannot_be_cancelled(api, state):
    api.register(registration(expiration=NOW_MS + HOUR_MS))
    state.clock.advance(HOUR_MS)
    assert_error(api.cancel("device-1"), 5001)


def test_expired_rows_vanish_from_the_views(api, state):
    api.register(registration(channels=["short"], expiration=NOW_MS + HOUR_MS))
    api.register(registration(channels=["long"], expiration=NOW_MS + 2 * HOUR_MS))
    assert [r["channel"] for r in rows(state)] == ["short", "long"]
    state.clock.advance(HOUR_MS)
    assert [r["channel"] for r in rows(state)] == ["long"]
    assert state.backendless.device(state.backendless.app_by_id(), "device-1")["channels"] == [
        "long"
    ]


def test_expiration_is_set_only_on_rows_named_in_the_call(api, state):
    api.register(registration(channels=["a", "b"], expiration=NOW_MS + HOUR_MS))
    api.register(registration(channels=["b"], expiration=NOW_MS + 3 * HOUR_MS))
    by_channel = {r["channel"]: r["expiration"] for r in rows(state)}
    assert by_channel == {"a": NOW_MS + HOUR_MS, "b": NOW_MS + 3 * HOUR_MS}
    state.clock.advance(HOUR_MS)
    assert api.retrieve("device-1").get_json()["channels"] == ["b"]


def test_reregistering_without_expiration_makes_named_rows_never_expire(api, state):
    api.register(registration(channels=["a", "b"], expiration=NOW_MS + HOUR_MS))
    api.register(registration(channels=["a"]))
    state.clock.advance(HOUR_MS)
    described = api.retrieve("device-1").get_json()
    assert described["channels"] == ["a"]
    assert described["expiration"] is None


def test_retrieve_reports_the_latest_expiration_among_live_rows(api):
    api.register(registration(channels=["a"], expiration=NOW_MS + 2 * HOUR_MS))
    api.register(registration(channels=["b"], expiration=NOW_MS + 5 * HOUR_MS))
    api.register(registration(channels=["c"], expiration=NOW_MS + HOUR_MS))
    assert api.retrieve("device-1").get_json()["expiration"] == NOW_MS + 5 * HOUR_MS


def test_retrieve_reports_null_expiration_if_any_live_row_never_expires(api, state):
    api.register(registration(channels=["a"], expiration=NOW_MS + 2 * HOUR_MS))
    api.register(registration(channels=["forever"]))
    assert api.retrieve("device-1").get_json()["expiration"] is None


def test_retrieve_expiration_ignores_rows_that_expired(api, state):
    api.register(registration(channels=["forever"]))
    api.register(registration(channels=["x"], expiration=NOW_MS + HOUR_MS))
    api.register(registration(channels=["forever"], expiration=NOW_MS + 2 * HOUR_MS))
    api.register(registration(channels=["y"], expiration=NOW_MS + 3 * HOUR_MS))
    state.clock.advance(3 * HOUR_MS - 1)
    described = api.retrieve("device-1").get_json()
    assert described["channels"] == ["y"]
    assert described["expiration"] == NOW_MS + 3 * HOUR_MS


def test_expiration_is_judged_at_register_time_against_the_fakes_clock(api, state):
    target = NOW_MS + HOUR_MS
    state.clock.advance(HOUR_MS)
    assert_error(api.register(registration(expiration=target)), 5004)
    state.clock.advance(-1)
    assert api.register(registration(expiration=target)).status_code == 200


def test_reregistering_an_expired_row_makes_a_new_row(api, state):
    first = api.register(registration(expiration=NOW_MS + HOUR_MS)).get_json()["registrationId"]
    state.clock.advance(HOUR_MS)
    second = api.register(registration()).get_json()["registrationId"]
    assert first.split("::")[0] != second.split("::")[0]
    assert second.endswith("::default")


def test_partially_expired_device_keeps_its_live_rows_on_reregister(api, state):
    ids = api.register(registration(channels=["live"])).get_json()["registrationId"]
    dying = api.register(registration(channels=["dies"], expiration=NOW_MS + HOUR_MS))
    state.clock.advance(HOUR_MS)
    again = api.register(registration(channels=["live", "dies"])).get_json()["registrationId"]
    live_id, dies_id = (pair.split("::")[0] for pair in again.split(","))
    assert live_id == ids.split("::")[0]
    assert dies_id != dying.get_json()["registrationId"].split("::")[0]
    assert api.retrieve("device-1").get_json()["channels"] == ["live", "dies"]


def test_a_row_found_expired_never_comes_back(api, state):
    api.register(registration(expiration=NOW_MS + HOUR_MS))
    state.clock.advance(HOUR_MS)
    assert_error(api.retrieve("device-1"), 5000)  # found expired here: deleted
    state.clock.advance(-2 * HOUR_MS)
    assert_error(api.retrieve("device-1"), 5000)
    assert rows(state) == []


def test_expired_rows_are_dropped_from_exports(api, state):
    api.register(registration("gone", expiration=NOW_MS + HOUR_MS))
    api.register(registration("stays"))
    state.clock.advance(HOUR_MS)
    exported = state.export()["backendless"]["apps"][0]["registrations"]
    assert [r["deviceId"] for r in exported] == ["stays"]
