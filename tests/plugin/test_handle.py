"""``FakePush``, the Python handle: its live server, test client and views share one state."""

from __future__ import annotations

import socket
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from fakepush import FakePush
from fakepush.handle import LiveServer

DEVICE = {"deviceId": "d1", "deviceToken": "tok-1", "os": "ANDROID", "osVersion": "14"}


def registrations_url(fake: FakePush) -> str:
    return f"{fake.backendless.base_url}/messaging/registrations"


def test_live_server_listens_on_an_ephemeral_loopback_port(call):
    with FakePush() as fake:
        assert fake.url == f"http://127.0.0.1:{fake.port}"
        assert fake.port != 0
        assert call(fake.url + "/api/info") == (200, {})


def test_stop_closes_the_port_and_ends_the_server_thread():
    fake = FakePush().start()
    port = fake.port
    fake.stop()
    assert not fake.running
    assert not [t for t in threading.enumerate() if t.name == f"fakepush:{port}"]
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    with pytest.raises(RuntimeError, match="not running"):
        _ = fake.url


def test_stop_does_not_wait_for_the_poll_interval(monkeypatch):
    # With an hour-long poll interval, a stop that relied on polling would never return.
    monkeypatch.setattr(LiveServer, "poll_interval", 3600)
    fake = FakePush().start()
    stopper = threading.Thread(target=fake.stop, daemon=True)
    stopper.start()
    stopper.join(timeout=10)
    assert not stopper.is_alive()


def test_a_taken_port_raises_oserror_instead_of_exiting():
    with FakePush() as first:
        second = FakePush(port=first.port)
        with pytest.raises(OSError):
            second.start()
        assert not second.running


def test_start_after_stop_serves_again(call):
    fake = FakePush()
    with fake:
        call(registrations_url(fake), "POST", DEVICE)
    with fake:
        status, body = call(f"{registrations_url(fake)}/d1")
    assert status == 200 and body["deviceToken"] == "tok-1"


def test_client_and_live_server_share_one_state(call):
    with FakePush() as fake:
        assert call(registrations_url(fake), "POST", DEVICE)[0] == 200
        client = fake.client()
        path = f"/{fake.backendless.app_id}/{fake.backendless.api_key}/messaging/registrations"
        assert client.get(f"{path}/d1").json["deviceId"] == "d1"
        client.delete(f"{path}/d1")
        assert call(f"{registrations_url(fake)}/d1")[1]["code"] == 5000


def test_two_fakes_in_one_process_share_nothing(call):
    with FakePush() as one, FakePush(profile="sdk") as two:
        call(registrations_url(one), "POST", DEVICE)
        one.clock.freeze(0)
        one.faults.add(status=503)
        assert one.url != two.url
        assert two.backendless.registrations() == []
        assert len(two.journal) == 0 and two.faults.list() == []
        assert not two.clock.frozen
        assert (one.profile, two.profile) == ("auto", "sdk")


def test_reset_clears_data_journal_faults_and_clock_but_keeps_apps_and_profile(call):
    extra = {"app_id": "APP-2", "api_key": "KEY-2", "subdomain": "two"}
    with FakePush(profile="sdk", backendless_apps=[extra]) as fake:
        call(registrations_url(fake), "POST", DEVICE)
        fake.faults.add(status=500, times=None)
        fake.clock.freeze(datetime(2030, 1, 1, tzinfo=UTC))
        fake.reset()
        assert fake.backendless.registrations() == []
        assert len(fake.journal) == 0 and fake.faults.list() == []
        assert not fake.clock.frozen
        assert fake.profile == "sdk"
        status, _ = call(f"{fake.url}/APP-2/KEY-2/messaging/registrations", "POST", DEVICE)
        assert status == 200


def test_export_then_load_restores_registrations():
    fake = FakePush()
    client = fake.client()
    path = f"/{fake.backendless.app_id}/{fake.backendless.api_key}/messaging/registrations"
    client.post(path, json={**DEVICE, "channels": ["news", "sport"]})
    saved = fake.export()
    fake.reset()
    assert fake.backendless.registrations() == []
    other = FakePush()
    other.load(saved)
    assert sorted(r["channel"] for r in other.backendless.registrations()) == ["news", "sport"]
    assert other.export() == saved


def test_load_of_a_bad_export_raises_and_changes_nothing():
    fake = FakePush()
    fake.client().post(
        f"/{fake.backendless.app_id}/{fake.backendless.api_key}/messaging/registrations",
        json=DEVICE,
    )
    before = fake.export()
    with pytest.raises(ValueError):
        fake.load({"backendless": "nope"})
    assert fake.export() == before


def test_profile_switch_changes_the_retrieve_shape(call):
    with FakePush() as fake:
        call(registrations_url(fake), "POST", DEVICE)
        assert isinstance(call(f"{registrations_url(fake)}/d1")[1], dict)
        fake.profile = "sdk"
        assert isinstance(call(f"{registrations_url(fake)}/d1")[1], list)
        with pytest.raises(ValueError):
            fake.profile = "real"
        assert fake.profile == "sdk"


def test_clock_freeze_and_advance_expire_a_registration_through_the_live_server(call):
    with FakePush() as fake:
        start = datetime(2030, 1, 1, tzinfo=UTC)
        fake.clock.freeze(start)
        assert fake.clock.now() == start
        expiration = int((start + timedelta(minutes=1)).timestamp() * 1000)
        assert call(registrations_url(fake), "POST", {**DEVICE, "expiration": expiration})[0] == 200
        fake.clock.advance(timedelta(seconds=59))
        assert call(f"{registrations_url(fake)}/d1")[0] == 200
        fake.clock.advance(1000)  # ms
        assert call(f"{registrations_url(fake)}/d1")[1]["code"] == 5000


def test_clock_unfreeze_returns_to_the_system_clock():
    fake = FakePush()
    fake.clock.freeze(0)
    fake.clock.advance(timedelta(days=1))
    assert fake.clock.now() == datetime(1970, 1, 2, tzinfo=UTC)
    fake.clock.unfreeze()
    assert abs(fake.clock.now().timestamp() - time.time()) < 60
    assert not fake.clock.frozen and fake.clock.offset_ms == 0


def test_journal_records_live_requests_and_filters_them(call):
    with FakePush() as fake:
        call(registrations_url(fake), "POST", DEVICE)
        call(f"{registrations_url(fake)}/nobody")
        assert [r["method"] for r in fake.journal] == ["POST", "GET"]
        (failed,) = fake.journal.filter(provider="backendless", status=400)
        assert failed["error_code"] == 5000 and failed["path"].endswith("/nobody")
        assert len(fake.journal.filter(method="post", path="/messaging/")) == 1
        fake.journal.clear()
        assert len(fake.journal) == 0


def test_faults_answer_the_next_matching_request_then_disappear(call):
    with FakePush() as fake:
        rule = fake.faults.add(
            provider="backendless", method="POST", status=503, body={"down": True}
        )
        assert [f["id"] for f in fake.faults.list()] == [rule]
        assert call(registrations_url(fake), "POST", DEVICE) == (503, {"down": True})
        assert fake.backendless.registrations() == []
        assert fake.faults.list() == []
        assert call(registrations_url(fake), "POST", DEVICE)[0] == 200


def test_faults_clear_removes_every_rule(call):
    with FakePush() as fake:
        fake.faults.add(status=500, times=None)
        fake.faults.clear()
        assert call(fake.url + "/api/info") == (200, {})


def test_backendless_view_names_the_live_urls():
    with FakePush() as fake:
        assert fake.backendless.server_url == fake.url
        assert fake.backendless.base_url == f"{fake.url}/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY"


# -- documented points the review found without a test -----------------------------------


def test_journal_filter_path_is_a_substring_not_a_pattern():
    """docs/pytest.md: ``filter(path=...)`` is a substring match, like the admin API's ``path``
    (fault rules take a regular expression; the journal does not)."""
    fake = FakePush()
    client = fake.client()
    path = f"/{fake.backendless.app_id}/{fake.backendless.api_key}/messaging/registrations"
    client.get(f"{path}/d.1")
    client.get(f"{path}/dx1")
    assert [r["path"] for r in fake.journal.filter(path="d.1")] == [f"{path}/d.1"]
    admin = client.get("/_fakepush/requests?path=d.1").json["requests"]
    assert [r["path"] for r in admin] == [f"{path}/d.1"]


def test_faults_list_returns_the_items_of_get_faults():
    fake = FakePush()
    fake.faults.add(
        provider="sendbird", method="post", path="^/v3/users$", times=2, status=503, body={}
    )
    fake.faults.add(delay_ms=5, times=None)
    listed = fake.faults.list()
    assert listed == fake.client().get("/_fakepush/faults").json["faults"]
    assert [(f["times"], f["remaining"]) for f in listed] == [(2, 2), (None, None)]


def test_clock_freeze_takes_a_naive_datetime_as_utc(monkeypatch):
    # Far from UTC, so reading the naive datetime as local time would be seen.
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        fake = FakePush()
        fake.clock.freeze(datetime(2030, 1, 1, 12, 0))
        assert fake.clock.now() == datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
        assert fake.client().get("/_fakepush/clock").json["now"] == 1_893_499_200_000
    finally:
        monkeypatch.undo()
        time.tzset()


def test_clock_freeze_without_an_instant_stops_at_now_and_drops_the_offset():
    fake = FakePush()
    fake.clock.advance(timedelta(days=365))
    before = fake.clock.now()
    fake.clock.freeze()
    frozen = fake.clock.now()
    assert fake.clock.frozen and fake.clock.offset_ms == 0
    assert before <= frozen < before + timedelta(minutes=1)  # now on the fake's clock
    time.sleep(0.01)
    assert fake.clock.now() == frozen
    assert fake.clock.now().tzinfo is not None and fake.clock.now().utcoffset() == timedelta(0)


def test_backendless_device_view_is_the_docs_object_in_every_profile():
    fake = FakePush(profile="sdk")
    fake.client().post(
        f"/{fake.backendless.app_id}/{fake.backendless.api_key}/messaging/registrations",
        json={**DEVICE, "channels": ["news"]},
    )
    assert fake.backendless.device("d1") == {
        "deviceToken": "tok-1",
        "deviceId": "d1",
        "os": "ANDROID",
        "osVersion": "14",
        "channels": ["news"],
        "expiration": None,
    }
    assert fake.backendless.device("nobody") is None


def test_export_holds_no_profile_journal_faults_or_clock_and_load_keeps_them():
    fake = FakePush()
    client = fake.client()
    client.post(
        f"/{fake.backendless.app_id}/{fake.backendless.api_key}/messaging/registrations",
        json=DEVICE,
    )
    plain = fake.export()
    fake.profile = "sdk"
    fake.faults.add(status=500, path="nothing-matches-this")
    fake.clock.freeze(0)
    assert fake.export() == plain
    assert set(plain) == {"version", "backendless", "sendbird"}

    fake.load(plain)
    assert fake.profile == "sdk"
    assert len(fake.journal) == 1 and len(fake.faults.list()) == 1
    assert fake.clock.frozen and fake.clock.now_ms() == 0


def test_live_server_runs_in_a_daemon_thread_so_a_forgotten_stop_never_blocks_exit():
    with FakePush() as fake:
        (thread,) = [t for t in threading.enumerate() if t.name == f"fakepush:{fake.port}"]
        assert thread.daemon
        assert fake.app.extensions["fakepush"] is fake.state  # .app serves the handle's state
