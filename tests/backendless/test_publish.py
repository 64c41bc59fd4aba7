"""Publish over HTTP, in both URL forms and both profiles: the answer, who receives, what."""

import re

import pytest

from .helpers import NOW_MS, assert_error, registration

MESSAGE_ID = re.compile(r"^message:[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")


def _register(bl, device_id, os="ANDROID", channels=None, **fields):
    body = registration(device_id, deviceToken=f"tok-{device_id}", os=os, **fields)
    if channels is not None:
        body["channels"] = channels
    response = bl.register(body)
    assert response.status_code == 200, response.get_json()


def _tokens(state, **filters):
    return [p["token"] for p in state.outbox.filter(**filters)]


def test_publish_answers_scheduled_with_a_message_id_and_delivers_before_answering(bl, state):
    _register(bl, "a")
    response = bl.publish("default", {"message": "hello"})
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"messageId", "status", "errorMessage"}
    assert body["status"] == "scheduled" and body["errorMessage"] is None
    assert MESSAGE_ID.match(body["messageId"])
    [push] = state.outbox.filter()
    assert push == {
        "id": 1, "at": NOW_MS, "provider": "backendless", "app_id": "FAKEPUSH-APP-ID",
        "message_id": body["messageId"], "channel": "default", "service": "FCM",
        "token": "tok-a", "device_id": "a", "user_id": None,
        "payload": {"message": "hello"}, "status": "sent", "error": None,
    }
    status = bl.message_status(body["messageId"]).get_json()
    assert status["status"] == "published" and status["successfulSendsAmount"] == 1


def test_each_os_gets_its_service_and_payload(bl, state):
    for device_id, os in (("i", "IOS"), ("m", "osx"), ("a", "Android"), ("w", "WP"), ("x", "LINUX")):
        _register(bl, device_id, os=os)
    headers = {"ios-alert-title": "T", "ios-badge": "4", "ios-sound": "s",
               "ios-content-available": "1", "android-content-title": "A"}
    bl.publish("default", {"message": 7, "headers": headers})
    got = {p["device_id"]: (p["service"], p["payload"]) for p in state.outbox.filter()}
    apns = {"aps": {"alert": {"title": "T", "body": "7"}, "badge": 4, "sound": "s",
                    "content-available": 1},
            "message": "7", "android-content-title": "A"}
    flat = {**headers, "message": "7"}
    assert got == {"i": ("APNS", apns), "m": ("APNS", apns), "a": ("FCM", flat), "w": ("WNS", flat)}


@pytest.mark.parametrize(
    "broadcast, devices",
    [
        (1, ["i"]), (2, ["a"]), (4, ["w"]), (8, ["m"]), (15, ["i", "a", "w", "m"]),
        (0, ["i", "a", "w", "m"]), ("3", ["i", "a"]), ("FOR_IOS|FOR_ANDROID", ["i", "a"]),
        ("FOR_ALL", ["i", "a", "w", "m"]), ("IOS", ["i"]), ("ALL", ["i", "a", "w", "m"]),
        ("FOR_NONE", ["i", "a", "w", "m"]), ("android,wp", ["a", "w"]),
    ],
)
def test_push_broadcast_filters_rows_by_os(bl, state, broadcast, devices):
    for device_id, os in (("i", "IOS"), ("a", "ANDROID"), ("w", "WP"), ("m", "OSX")):
        _register(bl, device_id, os=os)
    bl.publish("default", {"message": "m", "pushBroadcast": broadcast})
    assert [p["device_id"] for p in state.outbox.filter()] == devices


def test_singlecast_reaches_only_those_devices_still_on_the_channel(bl, state):
    _register(bl, "a", channels=["news"])
    _register(bl, "b", channels=["news"])
    _register(bl, "c", channels=["sports"])
    bl.publish("news", {"message": "m", "pushSinglecast": ["b", "c", "nobody"]})
    assert _tokens(state) == ["tok-b"]


def test_only_live_rows_of_the_channel_receive_one_push_per_row(bl, state):
    _register(bl, "a", channels=["news", "sports"])
    _register(bl, "short", channels=["news"], expiration=NOW_MS + 1000)
    state.clock.advance(2000)
    bl.publish("news", {"message": "m"})
    assert _tokens(state) == ["tok-a"]


def test_pubsub_takes_any_json_and_pushes_nothing(bl, state):
    _register(bl, "a")
    response = bl.publish("default", {"message": {"a": [1]}, "publishPolicy": "PUBSUB"})
    assert response.status_code == 200 and state.outbox.filter() == []


@pytest.mark.parametrize("policy", [{"publishPolicy": "PUSH"}, {"pushPolicy": "ONLY"},
                                    {"pushPolicy": "ALSO"}, {"publishPolicy": "both"}])
def test_push_policies_push(bl, state, policy):
    _register(bl, "a")
    bl.publish("default", {"message": "m", **policy})
    assert _tokens(state) == ["tok-a"]


def test_an_unknown_channel_is_created_and_the_user_token_is_checked(bl, state, client):
    assert bl.publish("brand new", {"message": "m"}).status_code == 200
    assert "brand new" in state.backendless.channels(state.backendless.app_by_id())
    assert_error(bl.publish("x", {"message": "m"}, headers={"user-token": "nope"}), 3064)


def test_a_push_to_a_rejected_token_fails_and_the_status_says_why(bl, state):
    _register(bl, "a")
    state.outbox.reject_token("tok-a")
    message_id = bl.publish("default", {"message": "m"}).get_json()["messageId"]
    assert [(p["status"], p["error"]) for p in state.outbox.filter()] == [("failed", "UNREGISTERED")]
    status = bl.message_status(message_id).get_json()
    assert status["status"] == "failed" and "UNREGISTERED" in status["errorMessage"]
    assert (status["successfulSendsAmount"], status["failedSendsAmount"]) == (0, 1)
    assert state.backendless.device(state.backendless.app_by_id(), "a") is not None


@pytest.mark.parametrize(
    "kwargs, code, detail",
    [
        ({"data": '{"message": "m"}'}, 8002, "Content-Type must be application/json"),
        ({"data": "{", "content_type": "application/json"}, 8002, None),
        ({"json": [1]}, 8002, None),
        ({"json": {}}, 8002, "'message'"),
        ({"json": {"message": None}}, 8002, "'message'"),
        ({"json": {"message": "m", "headers": {"a": 1}}}, 8002, "'headers'"),
        ({"json": {"message": "m", "publishPolicy": "NEVER"}}, 8002, "'publishPolicy'"),
        ({"json": {"message": "m", "pushPolicy": "PUSH"}}, 8002, "'pushPolicy'"),
        ({"json": {"message": "m", "pushBroadcast": "TV"}}, 8002, "'pushBroadcast'"),
        ({"json": {"message": "m", "pushSinglecast": "a"}}, 8002, "'pushSinglecast'"),
        ({"json": {"message": "m", "publisherId": 1}}, 8002, "'publisherId'"),
        ({"json": {"message": "m", "repeatEvery": "1"}}, 8002, "'repeatEvery'"),
        ({"json": {"message": "m", "publishAt": "soon"}}, 8002, "'publishAt'"),
        ({"json": {"message": [1]}}, 5041, None),
        ({"json": {"message": "m", "publishAt": NOW_MS}}, 5030, None),
        ({"json": {"message": "m", "publishAt": "2029-12-31T00:00:00Z"}}, 5030, None),
        ({"json": {"message": "m", "repeatEvery": 5, "repeatExpiresAt": NOW_MS}}, 5003, None),
    ],
)
def test_a_bad_publish_is_its_error_and_changes_nothing(bl, state, kwargs, code, detail):
    _register(bl, "a")
    before = state.export()
    response = bl.publish("default", **kwargs)
    assert_error(response, code)
    if detail is not None:
        assert detail in response.get_json()["message"]
    assert state.export() == before and state.outbox.filter() == []
    assert state.backendless.messaging.store.app_by_id().mail.messages == {}


@pytest.mark.parametrize("channel, code", [("a\x01b", 5044), ("x" * 501, 8000)])
def test_a_bad_channel_name_is_refused_as_at_registration(bl, state, channel, code):
    assert_error(bl.publish(channel, {"message": "m"}), code)
    assert channel not in state.backendless.channels(state.backendless.app_by_id())


@pytest.mark.parametrize("segment", ["registrations", "pushtemplates", "push", "channels"])
def test_fixed_segments_win_over_the_channel_and_message_id(bl, segment):
    for method in ("post", "get", "delete"):
        if (segment, method) in (("registrations", "post"), ("pushtemplates", "get")):
            continue
        response = bl.client.open(bl.url(f"/messaging/{segment}"), method=method.upper(),
                                  json={"message": "m"}, headers=bl._headers(None))
        assert response.status_code == 405 and response.is_json, (segment, method)


def test_the_message_id_reaches_the_route_with_its_colon_unescaped(bl):
    message_id = bl.publish("default", {"message": "m"}).get_json()["messageId"]
    assert bl.message_status(message_id).get_json()["messageId"] == message_id


def test_the_journal_names_the_publish_operation(bl, state):
    bl.publish("default", {"message": "m"})
    assert state.journal.filter()[-1]["operation"] == "backendless.publish"


def test_another_apps_rows_never_receive(bl, state, client):
    state.backendless.add_app({"app_id": "OTHER", "api_key": "K"})
    client.post("/OTHER/K/messaging/registrations", json=registration("o"))
    bl.publish("default", {"message": "m"})
    assert state.outbox.filter(app_id="OTHER") == []
    client.post("/OTHER/K/messaging/default", json={"message": "m"})
    assert [p["device_id"] for p in state.outbox.filter(app_id="OTHER")] == ["o"]


def test_segment_query_keeps_the_rows_the_where_clause_matches(bl, state):
    _register(bl, "a", os="ANDROID")
    _register(bl, "i", os="IOS")
    _register(bl, "w", os="WP")
    bl.publish("default", {"message": "m",
                           "segmentQuery": "operatingSystemName IN ('IOS', 'WP') AND deviceId != 'w'"})
    assert _tokens(state) == ["tok-i"]


def test_segment_query_and_broadcast_both_apply(bl, state):
    _register(bl, "a", os="ANDROID")
    _register(bl, "i", os="IOS")
    bl.publish("default", {"message": "m", "pushBroadcast": "IOS",
                           "segmentQuery": "deviceToken LIKE 'tok-%'"})
    assert _tokens(state) == ["tok-i"]


def test_an_unparsable_segment_query_is_1017_and_changes_nothing(bl, state):
    _register(bl, "a")
    before = state.export()
    response = bl.publish("default", {"message": "m", "segmentQuery": "deviceId = 'open"})
    assert_error(response, 1017, None)
    assert state.export() == before and state.outbox.filter() == []


def test_a_template_segment_is_applied_to_its_pushes(bl, state):
    _register(bl, "a")
    _register(bl, "b")
    state.backendless.messaging.add_template(
        state.backendless.app_by_id(), "t", "hi", segment_query="deviceId = 'b'"
    )
    bl.push_with_template("t", json={})
    assert _tokens(state) == ["tok-b"]
    with pytest.raises(ValueError):
        state.backendless.messaging.add_template(
            state.backendless.app_by_id(), "u", "hi", segment_query="nope ="
        )
