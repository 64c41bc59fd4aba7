"""Scheduled and repeating messages, status and cancel over HTTP, on the fake's clock."""

import pytest

from .helpers import NOW_MS, assert_error, registration


def _register(bl, device_id, channels=None, **fields):
    body = registration(device_id, deviceToken=f"tok-{device_id}", **fields)
    if channels is not None:
        body["channels"] = channels
    assert bl.register(body).status_code == 200


def _publish(bl, **body):
    response = bl.publish(body.pop("channel", "default"), {"message": "m", **body})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["messageId"]


def _at(state):
    return [p["at"] - NOW_MS for p in state.outbox.filter()]


def test_a_scheduled_message_waits_for_its_time_then_reads_published(bl, state):
    _register(bl, "a")
    message_id = _publish(bl, publishAt=NOW_MS + 60_000)
    assert state.outbox.filter() == []
    status = bl.message_status(message_id).get_json()
    assert status == {"messageId": message_id, "status": "scheduled", "errorMessage": None,
                      "sendingTimeInMillis": 0, "successfulSendsAmount": 0,
                      "failedSendsAmount": 0}
    state.clock.advance(59_999)
    assert state.outbox.filter() == []
    state.clock.advance(1)
    assert _at(state) == [60_000]
    status = bl.message_status(message_id).get_json()
    assert status["status"] == "published" and status["sendingTimeInMillis"] == NOW_MS + 60_000


def test_publish_at_as_an_iso_string_is_the_same_instant(bl, state):
    _register(bl, "a")
    _publish(bl, publishAt="2030-01-01T00:01:00.000Z")
    state.clock.advance(3_600_000)
    assert _at(state) == [60_000]


def test_rows_are_judged_as_they_were_at_the_due_time(bl, state):
    _register(bl, "early")
    _register(bl, "expiring", expiration=NOW_MS + 30_000)
    _publish(bl, publishAt=NOW_MS + 60_000)
    state.clock.advance(40_000)
    _register(bl, "before")  # registered before the due time: receives
    state.clock.advance(60_000)  # due time passed unnoticed: no request in between
    _register(bl, "late")  # this request delivers first; the row came after the due time
    assert [p["device_id"] for p in state.outbox.filter()] == ["early", "before"]


def test_a_repeating_message_delivers_every_period_until_it_expires(bl, state):
    _register(bl, "a")
    message_id = _publish(bl, repeatEvery=10, repeatExpiresAt=NOW_MS + 25_000)
    assert _at(state) == [0]
    assert bl.message_status(message_id).get_json()["status"] == "scheduled"
    state.clock.advance(100_000)
    assert _at(state) == [0, 10_000, 20_000]
    status = bl.message_status(message_id).get_json()
    assert status["status"] == "published" and status["successfulSendsAmount"] == 3


def test_a_repeating_message_starts_at_publish_at_and_repeats_forever(bl, state):
    _register(bl, "a")
    _publish(bl, publishAt=NOW_MS + 5_000, repeatEvery=5)
    state.clock.advance(20_000)
    assert _at(state) == [5_000, 10_000, 15_000, 20_000]


def test_catch_up_is_bounded_and_the_dropped_deliveries_are_named(bl, state):
    _register(bl, "a")
    message_id = _publish(bl, publishAt=NOW_MS + 1000, repeatEvery=1)
    state.clock.advance(10_005 * 1000)
    status = bl.message_status(message_id).get_json()
    assert status["successfulSendsAmount"] == 10_000
    assert "5 deliveries were dropped" in status["errorMessage"]
    assert status["status"] == "scheduled"


def test_several_messages_are_delivered_in_due_order(bl, state):
    _register(bl, "a")
    late = _publish(bl, publishAt=NOW_MS + 3000)
    early = _publish(bl, publishAt=NOW_MS + 1000)
    state.clock.advance(5000)
    assert [p["message_id"] for p in state.outbox.filter()] == [early, late]


def test_cancel_stops_a_scheduled_message_and_a_second_cancel_is_5040(bl, state):
    _register(bl, "a")
    message_id = _publish(bl, publishAt=NOW_MS + 1000)
    response = bl.cancel_message(message_id)
    assert response.status_code == 200
    assert response.get_json() == {"messageId": message_id, "status": "cancelled"}
    state.clock.advance(5000)
    assert state.outbox.filter() == []
    assert bl.message_status(message_id).get_json()["status"] == "cancelled"
    assert_error(bl.cancel_message(message_id), 5040)


def test_cancel_stops_a_repeating_message_between_deliveries(bl, state):
    _register(bl, "a")
    message_id = _publish(bl, repeatEvery=10)
    state.clock.advance(10_000)
    assert bl.cancel_message(message_id).status_code == 200
    state.clock.advance(100_000)
    assert _at(state) == [0, 10_000]


@pytest.mark.parametrize("delivered", [True, False])
def test_cancel_of_a_delivered_or_unknown_message_is_5040(bl, state, delivered):
    message_id = _publish(bl) if delivered else "message:NEVER-ISSUED"
    before = state.export()
    assert_error(bl.cancel_message(message_id), 5040)
    assert state.export() == before


def test_an_id_never_issued_reads_unknown(bl):
    response = bl.message_status("message:0000")
    assert response.status_code == 200
    assert response.get_json()["status"] == "unknown"


def test_a_message_of_another_app_is_unknown_here(bl, state, client):
    state.backendless.add_app({"app_id": "OTHER", "api_key": "K"})
    other = client.post("/OTHER/K/messaging/default", json={"message": "m"}).get_json()
    assert bl.message_status(other["messageId"]).get_json()["status"] == "unknown"


def test_pending_messages_survive_export_and_load(bl, state):
    _register(bl, "a")
    message_id = _publish(bl, publishAt=NOW_MS + 1000, repeatEvery=1,
                          headers={"k": "v"}, pushSinglecast=["a"])
    exported = state.export()
    assert [m["message_id"] for m in exported["backendless"]["apps"][0]["messages"]] == [message_id]
    state.reset()
    state.clock.freeze(NOW_MS)
    state.load(exported)
    state.clock.advance(2000)
    assert [(p["message_id"], p["payload"]) for p in state.outbox.filter()] == [
        (message_id, {"k": "v", "message": "m"}), (message_id, {"k": "v", "message": "m"})
    ]


def test_a_bad_exported_message_is_refused_and_changes_nothing(state):
    exported = state.export()
    exported["backendless"]["apps"][0]["messages"] = [{"message_id": "x", "channel": "c"}]
    before = state.export()
    with pytest.raises(ValueError):
        state.load(exported)
    assert state.export() == before


def test_reading_the_outbox_delivers_what_is_due_without_any_request(bl, state):
    _register(bl, "a")
    _publish(bl, publishAt=NOW_MS + 1000)
    state.clock.advance(1000)
    assert len(state.outbox) == 1
