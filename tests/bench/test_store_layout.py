"""The compact row layout reads exactly like the plain one it replaced."""

from __future__ import annotations

import uuid

from fakepush.providers.backendless.devices import Device, Registration


def row(channel: str, object_id: str | int = "A-1") -> Registration:
    return Registration(object_id, channel, None, None, 1, 1)


def test_rows_keep_their_order_as_a_device_grows_and_shrinks():
    device = Device("d", "tok", "IOS", "17")
    for channel in ("news", "sport", "alerts"):
        device.put(row(channel))
    assert list(device.registrations) == ["news", "sport", "alerts"]
    device.remove("news")
    device.remove("alerts")
    assert [r.channel for r in device.rows()] == ["sport"]
    device.put(row("news"))
    assert list(device.registrations) == ["sport", "news"]
    device.remove("sport")
    device.remove("news")
    assert device.rows() == [] and device.registrations == {}


def test_put_on_an_existing_channel_replaces_the_row_in_place():
    device = Device("d", "tok", "IOS", "17")
    device.put(row("a", "FIRST"))
    device.put(row("a", "SECOND"))
    assert [r.object_id for r in device.rows()] == ["SECOND"]
    device.put(row("b"))
    device.put(row("a", "THIRD"))
    assert [(r.channel, r.object_id) for r in device.rows()] == [("a", "THIRD"), ("b", "A-1")]


def test_object_id_reads_back_as_the_upper_case_uuid_it_was_given():
    given = str(uuid.uuid4()).upper()
    assert row("a", given).object_id == given
    assert row("a", uuid.UUID(given).int).object_id == given


def test_an_object_id_that_is_not_a_canonical_uuid_is_kept_as_given():
    for given in ("custom-id", str(uuid.uuid4()), "{" + str(uuid.uuid4()).upper() + "}"):
        assert row("a", given).object_id == given


def test_registered_rows_read_the_same_through_the_store(state):
    store = state.backendless
    app = store.app_by_id()
    body = {"deviceId": "d1", "deviceToken": "t", "os": "IOS", "osVersion": "17",
            "channels": ["a", "b"]}
    pairs = store.register(app, body).split(",")
    rows = store.registrations(app)
    assert [f"{r['objectId']}::{r['channel']}" for r in rows] == pairs
    assert store.device(app, "d1")["channels"] == ["a", "b"]


def test_rows_written_in_one_millisecond_share_their_stamp_and_read_the_same():
    from fakepush.clock import Clock
    from fakepush.providers.backendless.store import BackendlessStore

    store = BackendlessStore(Clock())
    store.clock.freeze(1_893_456_000_000)
    app = store.app_by_id()
    for device_id in ("a", "b"):
        store.register(app, {"deviceId": device_id, "deviceToken": "t", "os": "IOS",
                             "osVersion": "17", "channels": ["news"]})
    first, second = (app.devices[d].row("news") for d in ("a", "b"))
    assert first.created is second.created and second.updated is first.created
    assert first.created == 1_893_456_000_000
    store.clock.advance(5)
    store.register(app, {"deviceId": "c", "deviceToken": "t", "os": "IOS", "osVersion": "17"})
    assert app.devices["c"].row("default").created == 1_893_456_000_005
    assert first.created == 1_893_456_000_000
