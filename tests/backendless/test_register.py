"""Register: the body checks with their exact codes and messages, and the upsert rules."""

from __future__ import annotations

import re

import pytest

from .helpers import ERRORS, PREFIXES, assert_error, registration

OBJECT_ID = r"[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}"


def pairs(response) -> list[tuple[str, str]]:
    """The ``registrationId`` as (objectId, channel) pairs, checking its format on the way."""
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert set(body) == {"registrationId"}
    result = []
    for pair in body["registrationId"].split(","):
        object_id, channel = pair.split("::", 1)
        assert re.fullmatch(OBJECT_ID, object_id), object_id
        result.append((object_id, channel))
    return result


# -- body checks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_post_without_json_content_type_is_8002(api, content_type):
    kwargs = {"data": b'{"deviceId": "d"}'}
    if content_type:
        kwargs["content_type"] = content_type
    response = api.register(**kwargs)
    assert_error(
        response,
        8002,
        "Could not parse request with message: Content-Type must be application/json",
    )


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   ",
        b"{",
        b"{'deviceId': 'd'}",
        b'{"deviceId": NaN}',
        b'{"expiration": Infinity}',
        b'{"expiration": -Infinity}',
        b'{"deviceId": "\xff\xfe"}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"deviceId": "d"} trailing',
    ],
    ids=[
        "empty",
        "blank",
        "truncated",
        "single-quotes",
        "nan",
        "infinity",
        "-infinity",
        "bad-utf8",
        "too-deep",
        "trailing-garbage",
    ],
)
def test_body_not_valid_json_is_8002_with_the_parsers_reason(api, data):
    response = api.register(data=data, content_type="application/json")
    assert_error(response, 8002)
    message = response.get_json()["message"]
    assert message.startswith(PREFIXES[8002])
    assert len(message) > len(PREFIXES[8002])


def test_json_content_type_with_charset_is_accepted(api):
    import json

    response = api.register(
        data=json.dumps(registration()), content_type="application/json; charset=utf-8"
    )
    assert response.status_code == 200


@pytest.mark.parametrize("data", [b"null", b"[]", b'["deviceId"]', b'"text"', b"42", b"true"])
def test_body_null_or_not_an_object_is_5006(api, data):
    assert_error(api.register(data=data, content_type="application/json"), 5006)


@pytest.mark.parametrize("device_id", [None, "", "absent"])
def test_device_id_missing_null_or_empty_is_5011(api, device_id):
    body = registration()
    if device_id == "absent":
        del body["deviceId"]
    else:
        body["deviceId"] = device_id
    assert_error(api.register(body), 5011)


def test_empty_object_is_5011(api):
    assert_error(api.register({}), 5011)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("deviceId", 42),
        ("deviceId", ["d"]),
        ("deviceId", True),
        ("deviceToken", None),
        ("deviceToken", "absent"),
        ("deviceToken", 123),
        ("os", None),
        ("os", "absent"),
        ("os", {"name": "IOS"}),
        ("os", ""),
        ("osVersion", None),
        ("osVersion", "absent"),
        ("osVersion", 14),
        ("channels", "news"),
        ("channels", {"news": True}),
        ("channels", ["news", 1]),
        ("channels", [None]),
        ("channels", [["nested"]]),
        ("expiration", "1893459600000"),
        ("expiration", True),
        ("expiration", False),
        ("expiration", [1]),
        ("expiration", {}),
    ],
)
def test_wrong_field_type_is_5005_naming_the_field(api, field, value):
    body = registration()
    if value == "absent":
        del body[field]
    else:
        body[field] = value
    response = api.register(body)
    assert_error(response, 5005)
    message = response.get_json()["message"]
    assert message.startswith(PREFIXES[5005])
    assert field in message[len(PREFIXES[5005]) :]


@pytest.mark.parametrize("field", ["deviceId", "deviceToken", "os", "osVersion"])
def test_property_longer_than_500_characters_is_8000_naming_it(api, field):
    assert api.register(registration(**{field: "p" * 500})).status_code == 200
    response = api.register(registration(**{field: "p" * 501}))
    assert_error(response, 8000)
    assert response.get_json()["message"].startswith(PREFIXES[8000])
    assert field in response.get_json()["message"]


def test_channel_name_longer_than_500_characters_is_8000_naming_channels(api):
    assert api.register(registration(channels=["c" * 500])).status_code == 200
    response = api.register(registration(channels=["ok", "c" * 501]))
    assert_error(response, 8000)
    assert response.get_json()["message"].startswith(PREFIXES[8000])
    assert "channels" in response.get_json()["message"]


CONTROL_CHARACTERS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]]


@pytest.mark.parametrize("character", CONTROL_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_control_character_in_channel_name_is_5044(api, character):
    assert_error(api.register(registration(channels=[f"news{character}x"])), 5044)


@pytest.mark.parametrize("name", ["", "a/b", "/", "ok/"])
def test_empty_channel_name_or_slash_is_5044(api, name):
    assert_error(api.register(registration(channels=["fine", name])), 5044)


@pytest.mark.parametrize(
    "name", ["news", "with space", "ünïcödé", "dash-dot.under_score", "\u00a0nbsp", "emoji-🔔"]
)
def test_printable_channel_names_are_accepted(api, name):
    assert pairs(api.register(registration(channels=[name])))[0][1] == name


@pytest.mark.parametrize("os_name", ["IOS", "ANDROID", "WP", "OSX", "Linux", "anything at all"])
def test_any_non_empty_os_is_stored_as_sent(api, os_name):
    api.register(registration(os=os_name))
    assert api.retrieve("device-1").get_json()["os"] == os_name


def test_duplicate_json_keys_last_one_wins(api):
    data = b'{"deviceId": "first", "deviceId": "second", "deviceToken": "t", "os": "IOS", "osVersion": "1"}'
    assert api.register(data=data, content_type="application/json").status_code == 200
    assert api.retrieve("second").status_code == 200
    assert_error(api.retrieve("first"), 5000)


def test_unknown_fields_are_ignored(api):
    assert api.register(registration(extra="x", objectId="MINE")).status_code == 200


# -- what a successful register stores and answers ----------------------------------------


@pytest.mark.parametrize("channels", ["absent", None, []])
def test_register_without_channels_uses_default_channel(api, channels):
    body = registration()
    if channels != "absent":
        body["channels"] = channels
    assert [c for _, c in pairs(api.register(body))] == ["default"]
    assert api.retrieve("device-1").get_json()["channels"] == ["default"]


def test_registration_id_lists_one_pair_per_channel_in_request_order(api):
    result = pairs(api.register(registration(channels=["zeta", "alpha", "mid"])))
    assert [c for _, c in result] == ["zeta", "alpha", "mid"]
    assert len({o for o, _ in result}) == 3


def test_duplicate_channels_are_collapsed(api, state):
    result = pairs(api.register(registration(channels=["a", "b", "a", "b", "c"])))
    assert [c for _, c in result] == ["a", "b", "c"]
    assert len(state.backendless.registrations(state.backendless.app_by_id())) == 3


def test_one_row_per_channel_with_the_documented_fields(api, state):
    result = pairs(api.register(registration(channels=["a", "b"])))
    rows = state.backendless.registrations(state.backendless.app_by_id())
    assert [(r["objectId"], r["channel"]) for r in rows] == result
    for row in rows:
        assert set(row) == {
            "objectId",
            "deviceId",
            "deviceToken",
            "os",
            "osVersion",
            "channel",
            "expiration",
            "ownerId",
            "created",
            "updated",
        }
        assert row["deviceId"] == "device-1"
        assert row["ownerId"] is None


def test_unknown_channels_are_created_and_kept_per_app(api, state):
    api.register(registration(channels=["news", "alerts"]))
    app = state.backendless.app_by_id()
    assert state.backendless.channels(app) == ["alerts", "news"]
    api.cancel("device-1")
    assert state.backendless.channels(app) == ["alerts", "news"]


# What retrieve answers for registration(channels=["a", "b"]) in profile docs.
RETRIEVED = {
    "deviceToken": "token-1",
    "deviceId": "device-1",
    "os": "ANDROID",
    "osVersion": "14",
    "channels": ["a", "b"],
    "expiration": None,
}


def test_retrieve_docs_profile_is_one_object(api):
    api.register(registration(channels=["a", "b"]))
    assert api.retrieve("device-1").get_json() == RETRIEVED


def test_retrieve_sdk_profile_is_a_list_of_one_with_the_first_rows_id(api, state):
    state.set_profile("sdk")
    result = pairs(api.register(registration(channels=["a", "b"])))
    assert api.retrieve("device-1").get_json() == [{"id": result[0][0], **RETRIEVED}]


@pytest.mark.parametrize("profile", ["docs", "sdk"])
def test_profiles_share_everything_but_the_retrieve_shape(api, state, profile):
    state.set_profile(profile)
    assert pairs(api.register(registration()))
    assert_error(api.retrieve("nobody"), 5000)
    assert_error(api.cancel("nobody"), 5001)
    assert api.cancel("device-1").get_json() == {"result": True}


def test_retrieve_unknown_device_is_5000(api):
    assert_error(api.retrieve("never-registered"), 5000)


def test_cancel_unknown_device_is_5001(api):
    assert_error(api.cancel("never-registered"), 5001)


def test_cancel_removes_every_row_of_the_device_and_answers_json_true(api, state):
    api.register(registration("keep"))
    api.register(registration("gone", channels=["a", "b", "c"]))
    response = api.cancel("gone")
    assert response.get_data(as_text=True).split() == ['{"result":true}']
    rows = state.backendless.registrations(state.backendless.app_by_id())
    assert [r["deviceId"] for r in rows] == ["keep"]
    assert_error(api.cancel("gone"), 5001)


# -- re-registering: upsert ---------------------------------------------------------------


def test_reregistering_keeps_object_ids_of_existing_rows(api):
    first = dict(pairs(api.register(registration(channels=["a", "b"])))[i][::-1] for i in range(2))
    second = pairs(api.register(registration(channels=["b", "c", "a"])))
    assert [c for _, c in second] == ["b", "c", "a"]
    by_channel = {c: o for o, c in second}
    assert by_channel["a"] == first["a"]
    assert by_channel["b"] == first["b"]
    assert by_channel["c"] not in first.values()


def test_reregistering_updates_token_os_and_version_on_every_row(api, state):
    api.register(registration(channels=["a", "b"]))
    api.register(registration(deviceToken="token-2", os="IOS", osVersion="18", channels=["c"]))
    rows = state.backendless.registrations(state.backendless.app_by_id())
    assert [r["channel"] for r in rows] == ["a", "b", "c"]
    assert {(r["deviceToken"], r["os"], r["osVersion"]) for r in rows} == {("token-2", "IOS", "18")}
    described = api.retrieve("device-1").get_json()
    assert (described["deviceToken"], described["os"], described["osVersion"]) == (
        "token-2",
        "IOS",
        "18",
    )


def test_reregistering_keeps_rows_of_channels_not_named(api):
    api.register(registration(channels=["a", "b"]))
    api.register(registration(channels=["c"]))
    assert api.retrieve("device-1").get_json()["channels"] == ["a", "b", "c"]


def test_reregistering_without_channels_adds_default_and_keeps_the_rest(api):
    api.register(registration(channels=["news"]))
    assert [c for _, c in pairs(api.register(registration()))] == ["default"]
    assert api.retrieve("device-1").get_json()["channels"] == ["news", "default"]


def test_reregistering_changes_updated_on_every_row_but_not_created(api, state):
    api.register(registration(channels=["a", "b"]))
    before = {
        r["channel"]: r for r in state.backendless.registrations(state.backendless.app_by_id())
    }
    state.clock.advance(5000)
    api.register(registration(channels=["a"]))
    after = {
        r["channel"]: r for r in state.backendless.registrations(state.backendless.app_by_id())
    }
    for channel in ("a", "b"):
        assert after[channel]["created"] == before[channel]["created"]
        assert after[channel]["updated"] == before[channel]["updated"] + 5000


def test_same_registration_twice_returns_the_same_registration_id(api, state):
    first = api.register(registration(channels=["a", "b"])).get_json()
    second = api.register(registration(channels=["a", "b"])).get_json()
    assert first == second
    assert len(state.backendless.registrations(state.backendless.app_by_id())) == 2


def test_the_same_channel_on_two_devices_is_two_rows(api):
    one = pairs(api.register(registration("d1", channels=["news"])))
    two = pairs(api.register(registration("d2", channels=["news"])))
    assert one[0][0] != two[0][0]
    api.cancel("d1")
    assert api.retrieve("d2").get_json()["channels"] == ["news"]


def test_every_documented_error_has_http_400_and_the_exact_message(api):
    """One sweep through the table, so a changed message shows up in one place."""
    assert_error(api.register(data=b"null", content_type="application/json"), 5006)
    assert_error(api.register({"deviceToken": "t"}), 5011)
    assert_error(api.register(registration(channels=["a\x00"])), 5044)
    assert_error(api.register(registration(expiration=1)), 5004)
    assert_error(api.retrieve("x"), 5000)
    assert_error(api.cancel("x"), 5001)
    assert set(ERRORS) == {2002, 5000, 5001, 5004, 5006, 5011, 5044}
