"""The Sendbird user's push surface over HTTP, in both profiles: update a user, session
tokens, the content template, push preferences, a channel's push preference, the app's
push setting, online flags; reset, export and load."""

from __future__ import annotations

import pytest

from fakepush import FakePush
from fakepush.providers.sendbird.preferences import default_preference

DAY_MS = 24 * 60 * 60 * 1000
T0 = 1_700_000_000_000


@pytest.fixture(params=["docs", "sdk"])
def profile(request, state) -> str:
    state.set_profile(request.param)
    return request.param


@pytest.fixture
def user(sb, profile) -> str:
    sb.create_user("u", "U")
    return "u"


def ok(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.is_json
    return response.json


# -- update a user -----------------------------------------------------------------------


def test_update_user_changes_the_fields_given_and_answers_the_full_resource(sb, user):
    body = {
        "nickname": "New",
        "profile_url": "https://example.com/p.png",
        "is_active": False,
        "last_seen_at": T0,
        "discovery_keys": ["k1"],
        "preferred_languages": ["en", "ko"],
        "leave_all_when_deactivated": True,
    }
    answer = ok(sb.call("PUT", "/v3/users/u", body))
    assert {k: answer[k] for k in body if k != "leave_all_when_deactivated"} == {
        k: v for k, v in body.items() if k != "leave_all_when_deactivated"
    }
    assert answer["user_id"] == "u" and answer["access_token"] == ""
    assert ok(sb.call("GET", "/v3/users/u")) == answer


def test_update_user_keeps_what_it_does_not_name(sb, user):
    before = ok(sb.call("GET", "/v3/users/u"))
    after = ok(sb.call("PUT", "/v3/users/u", {"nickname": "Other"}))
    assert after == {**before, "nickname": "Other"}


def test_update_user_issue_access_token_replaces_the_token(sb, user):
    first = ok(sb.call("PUT", "/v3/users/u", {"issue_access_token": True}))["access_token"]
    second = ok(sb.call("PUT", "/v3/users/u", {"issue_access_token": True}))["access_token"]
    assert first and second and first != second


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("nickname", ""),
        ("nickname", "n" * 81),
        ("profile_url", "p" * 2049),
        ("is_active", "no"),
        ("last_seen_at", "today"),
        ("preferred_languages", ["a", "b", "c", "d", "e"]),
        ("discovery_keys", [1]),
        ("leave_all_when_deactivated", "yes"),
        ("issue_access_token", 1),
    ],
)
def test_update_user_bad_field_is_400111_and_changes_nothing(sb, user, field, value):
    before = ok(sb.call("GET", "/v3/users/u"))
    response = sb.call("PUT", "/v3/users/u", {"nickname": "Changed", field: value})
    sb.assert_error(response, 400111, f'Invalid value: "{field}".')
    assert ok(sb.call("GET", "/v3/users/u")) == before


def test_update_unknown_user_is_400201(sb, profile):
    sb.assert_error(sb.call("PUT", "/v3/users/ghost", {"nickname": "N"}), 400201,
                    '"User" not found.')  # fmt: skip


def test_update_user_body_must_be_json(sb, user):
    sb.assert_error(sb.call("PUT", "/v3/users/u", b"nope"), 400403,
                    "The request body is an invalid JSON.")  # fmt: skip


def test_update_after_create_400202_is_the_usual_fallback(sb, user):
    body = {"user_id": "u", "nickname": "Again", "profile_url": ""}
    sb.assert_error(sb.call("POST", "/v3/users", body), 400202, '"User" already exists.')
    assert ok(sb.call("PUT", "/v3/users/u", {"nickname": "Again"}))["nickname"] == "Again"


# -- session tokens ----------------------------------------------------------------------


def test_session_token_without_a_body_lasts_seven_days(sb, user):
    sb.state.clock.freeze(T0)
    answer = ok(sb.call("POST", "/v3/users/u/token", b""))
    assert set(answer) == {"token", "expires_at"}
    assert isinstance(answer["token"], str) and answer["token"]
    assert answer["expires_at"] == T0 + 7 * DAY_MS


def test_session_token_with_expires_at_and_its_lazy_expiry(sb, user):
    sb.state.clock.freeze(T0)
    answer = ok(sb.call("POST", "/v3/users/u/token", {"expires_at": T0 + 1000}))
    assert answer["expires_at"] == T0 + 1000
    listed = ok(sb.call("GET", "/v3/users/u"))["session_tokens"]
    assert listed == [{"session_token": answer["token"], "expires_at": T0 + 1000}]
    sb.state.clock.advance(1000)
    assert ok(sb.call("GET", "/v3/users/u"))["session_tokens"] == []


@pytest.mark.parametrize("expires_at", [T0, T0 - 1, "soon", 1.5, None])
def test_session_token_expiring_now_or_before_is_400111(sb, user, expires_at):
    sb.state.clock.freeze(T0)
    response = sb.call("POST", "/v3/users/u/token", {"expires_at": expires_at})
    if expires_at is None:  # null is "not given": the default
        assert ok(response)["expires_at"] == T0 + 7 * DAY_MS
        return
    sb.assert_error(response, 400111, 'Invalid value: "expires_at".')
    assert ok(sb.call("GET", "/v3/users/u"))["session_tokens"] == []


def test_revoke_session_tokens_answers_empty_object_and_takes_them_all(sb, user):
    ok(sb.call("POST", "/v3/users/u/token", b""))
    ok(sb.call("POST", "/v3/users/u/token", b""))
    assert ok(sb.call("DELETE", "/v3/users/u/token")) == {}
    assert ok(sb.call("GET", "/v3/users/u"))["session_tokens"] == []


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_session_tokens_of_unknown_user_are_400201(sb, profile, method):
    sb.assert_error(sb.call(method, "/v3/users/ghost/token"), 400201, '"User" not found.')


# -- content template --------------------------------------------------------------------


def test_template_is_default_until_chosen(sb, user):
    assert ok(sb.call("GET", "/v3/users/u/push/template")) == {"name": "default"}
    assert ok(sb.call("PUT", "/v3/users/u/push/template", {"name": "alternative"})) == {
        "name": "alternative"
    }
    assert ok(sb.call("GET", "/v3/users/u/push/template")) == {"name": "alternative"}
    assert sb.state.sendbird.push_template(sb.state.sendbird.app_by_id(), "u") == "alternative"


def test_template_is_never_a_token_type(sb, user):
    """``push/template`` is its own route: POST there is not "add a token of type template"."""
    response = sb.call("POST", "/v3/users/u/push/template", {"gcm_reg_token": "t"})
    assert response.status_code == 405 and response.is_json
    assert sb.tokens("u") == []


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({"name": "fancy"}, 400111, 'Invalid value: "name".'),
        ({"name": 1}, 400111, 'Invalid value: "name".'),
        ({}, 400105, "name must be required."),
    ],
)
def test_bad_template_name_changes_nothing(sb, user, body, code, message):
    sb.assert_error(sb.call("PUT", "/v3/users/u/push/template", body), code, message)
    assert ok(sb.call("GET", "/v3/users/u/push/template")) == {"name": "default"}


@pytest.mark.parametrize("method", ["GET", "PUT"])
def test_template_of_unknown_user_is_400201(sb, profile, method):
    response = sb.call(method, "/v3/users/ghost/push/template", {"name": "default"})
    sb.assert_error(response, 400201, '"User" not found.')


# -- push preferences --------------------------------------------------------------------


def test_preferences_of_a_new_user_are_the_full_defaults(sb, user):
    assert ok(sb.call("GET", "/v3/users/u/push_preference")) == default_preference()


def test_partial_update_answers_the_full_object_and_keeps_other_fields(sb, user):
    ok(sb.call("PUT", "/v3/users/u/push_preference", {"push_sound": "bell"}))
    answer = ok(sb.call("PUT", "/v3/users/u/push_preference", {"timezone": "Europe/London"}))
    assert answer == {**default_preference(), "push_sound": "bell", "timezone": "Europe/London"}
    assert ok(sb.call("GET", "/v3/users/u/push_preference")) == answer


def test_update_with_an_empty_body_changes_nothing(sb, user):
    """SDK 2.1.5 sends an empty body when its request model is omitted."""
    answer = ok(sb.call("PUT", "/v3/users/u/push_preference", b""))
    assert answer == default_preference()


def test_a_dnd_window_crossing_midnight_is_answered_split(sb, user):
    window = {"start_hour": 22, "start_min": 0, "end_hour": 6, "end_min": 0}
    body = {"dnd_schedules": [{"day_of_week": "monday", "time_windows": [window]}]}
    answer = ok(sb.call("PUT", "/v3/users/u/push_preference", body))
    assert answer["dnd_schedules"] == [
        {
            "day_of_week": "monday",
            "time_windows": [{"start_hour": 22, "start_min": 0, "end_hour": 23, "end_min": 59}],
        },
        {
            "day_of_week": "tuesday",
            "time_windows": [{"start_hour": 0, "start_min": 0, "end_hour": 6, "end_min": 0}],
        },
    ]


def test_snooze_timestamps_are_answered_as_ints(sb, user):
    body = {"snooze_enabled": True, "snooze_start_ts": str(T0), "snooze_end_ts": T0 + 5}
    answer = ok(sb.call("PUT", "/v3/users/u/push_preference", body))
    assert answer["snooze_start_ts"] == T0 and answer["snooze_end_ts"] == T0 + 5


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("push_trigger_option", "default"),
        ("start_hour", 24),
        ("end_min", 60),
        ("timezone", "Nowhere/City"),
        ("do_not_disturb", "yes"),
        ("snooze_end_ts", -1),
        ("push_sound", None),
        ("push_blocked_bot_ids", "bot"),
        ("dnd_schedules", [{"day_of_week": "someday", "time_windows": []}]),
    ],
)
def test_bad_preference_is_400111_and_changes_nothing(sb, user, field, value):
    body = {"push_sound": "bell", field: value}
    response = sb.call("PUT", "/v3/users/u/push_preference", body)
    sb.assert_error(response, 400111, f'Invalid value: "{field}".')
    assert ok(sb.call("GET", "/v3/users/u/push_preference")) == default_preference()


def test_reset_answers_empty_object_and_keeps_trigger_option_and_bot_fields(sb, user):
    body = {
        "push_trigger_option": "mention_only",
        "do_not_disturb": True,
        "start_hour": 22,
        "end_hour": 7,
        "snooze_enabled": True,
        "snooze_end_ts": T0,
        "timezone": "Asia/Seoul",
        "push_sound": "bell",
        "block_push_from_bots": True,
        "push_blocked_bot_ids": ["bot1"],
        "enable_push_for_replies": True,
    }
    ok(sb.call("PUT", "/v3/users/u/push_preference", body))
    assert ok(sb.call("DELETE", "/v3/users/u/push_preference")) == {}
    assert ok(sb.call("GET", "/v3/users/u/push_preference")) == {
        **default_preference(),
        "push_trigger_option": "mention_only",
        "block_push_from_bots": True,
        "push_blocked_bot_ids": ["bot1"],
        "enable_push_for_replies": True,
    }


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_preferences_of_unknown_user_are_400201(sb, profile, method):
    response = sb.call(method, "/v3/users/ghost/push_preference", {"push_sound": "x"})
    sb.assert_error(response, 400201, '"User" not found.')


def test_deleting_a_user_takes_their_preferences_and_template_along(sb, user):
    ok(sb.call("PUT", "/v3/users/u/push_preference", {"push_sound": "bell"}))
    ok(sb.call("PUT", "/v3/users/u/push/template", {"name": "alternative"}))
    ok(sb.call("DELETE", "/v3/users/u"))
    sb.create_user("u")
    assert ok(sb.call("GET", "/v3/users/u/push_preference")) == default_preference()
    assert ok(sb.call("GET", "/v3/users/u/push/template")) == {"name": "default"}


# -- a channel's push preference (before channels: every channel is unknown) ------------


@pytest.mark.parametrize("method", ["GET", "PUT"])
def test_channel_preference_for_an_unknown_channel_is_400201(sb, user, method):
    response = sb.call(method, "/v3/users/u/push_preference/ch%2F1", {"push_trigger_option": "all"})
    sb.assert_error(response, 400201, '"Channel" not found.')


def test_channel_preference_checks_the_user_before_the_channel(sb, profile):
    response = sb.call("GET", "/v3/users/ghost/push_preference/nowhere")
    sb.assert_error(response, 400201, '"User" not found.')


# -- the app's push setting --------------------------------------------------------------


def test_push_settings_are_on_by_default_and_can_be_turned_off(sb, profile):
    assert ok(sb.call("GET", "/v3/applications/push/settings")) == {"push_enabled": True}
    answer = ok(sb.call("PUT", "/v3/applications/push/settings", {"push_enabled": False}))
    assert answer == {"push_enabled": False}
    assert ok(sb.call("GET", "/v3/applications/push/settings")) == {"push_enabled": False}
    assert sb.state.sendbird.push_enabled(sb.state.sendbird.app_by_id()) is False


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({"push_enabled": "no"}, 400111, 'Invalid value: "push_enabled".'),
        ({}, 400105, "push_enabled must be required."),
    ],
)
def test_bad_push_settings_change_nothing(sb, profile, body, code, message):
    sb.assert_error(sb.call("PUT", "/v3/applications/push/settings", body), code, message)
    assert ok(sb.call("GET", "/v3/applications/push/settings")) == {"push_enabled": True}


def test_push_settings_need_the_api_token(sb, profile):
    response = sb.call("GET", "/v3/applications/push/settings", api_token="wrong")
    sb.assert_error(response, 400401, 'Invalid value: "Api-Token".')


# -- online flags, reset, export ---------------------------------------------------------


def test_admin_online_marks_a_user_online_until_reset(sb, client, user):
    response = client.put("/_fakepush/sendbird/online", json={"user_id": "u", "online": True})
    assert ok(response) == {"user_id": "u", "online": True, "app_id": "FAKEPUSH"}
    assert ok(sb.call("GET", "/v3/users/u"))["is_online"] is True
    client.put("/_fakepush/sendbird/online", json={"user_id": "u", "online": False})
    assert ok(sb.call("GET", "/v3/users/u"))["is_online"] is False


@pytest.mark.parametrize(
    "body",
    [
        {"user_id": "ghost", "online": True},
        {"user_id": "u", "online": "yes"},
        {"user_id": "u"},
        {"user_id": "u", "online": True, "app_id": "NOPE"},
        {"user_id": "u", "online": True, "extra": 1},
    ],
)
def test_admin_online_refuses_bad_bodies_as_json(sb, client, user, body):
    response = client.put("/_fakepush/sendbird/online", json=body)
    assert response.status_code == 400 and set(response.json) == {"message"}
    assert ok(sb.call("GET", "/v3/users/u"))["is_online"] is False


def _fill(sb, client):
    ok(sb.call("PUT", "/v3/users/u/push_preference", {"push_trigger_option": "off"}))
    ok(sb.call("PUT", "/v3/users/u/push/template", {"name": "alternative"}))
    ok(sb.call("POST", "/v3/users/u/token", b""))
    ok(sb.call("PUT", "/v3/applications/push/settings", {"push_enabled": False}))
    ok(client.put("/_fakepush/sendbird/online", json={"user_id": "u", "online": True}))


def test_reset_clears_the_push_surface_but_keeps_push_enabled(sb, client, user):
    _fill(sb, client)
    ok(client.post("/_fakepush/reset"))
    sb.create_user("u")
    assert ok(sb.call("GET", "/v3/users/u/push_preference")) == default_preference()
    assert ok(sb.call("GET", "/v3/users/u/push/template")) == {"name": "default"}
    user_resource = ok(sb.call("GET", "/v3/users/u"))
    assert user_resource["session_tokens"] == [] and user_resource["is_online"] is False
    assert ok(sb.call("GET", "/v3/applications/push/settings")) == {"push_enabled": False}


def test_export_and_load_keep_everything_but_online_flags(sb, client, user):
    _fill(sb, client)
    tokens = ok(sb.call("GET", "/v3/users/u"))["session_tokens"]
    exported = ok(client.get("/_fakepush/state"))
    ok(client.post("/_fakepush/reset"))
    ok(sb.call("PUT", "/v3/applications/push/settings", {"push_enabled": True}))
    ok(client.put("/_fakepush/state", json=exported))
    assert ok(sb.call("GET", "/v3/users/u/push_preference"))["push_trigger_option"] == "off"
    assert ok(sb.call("GET", "/v3/users/u/push/template")) == {"name": "alternative"}
    user_resource = ok(sb.call("GET", "/v3/users/u"))
    assert user_resource["session_tokens"] == tokens and user_resource["is_online"] is False
    assert ok(sb.call("GET", "/v3/applications/push/settings")) == {"push_enabled": False}


def test_a_bad_preference_in_an_export_is_refused_and_changes_nothing(sb, client, user):
    exported = ok(client.get("/_fakepush/state"))
    exported["sendbird"]["apps"][0]["push_preferences"] = {"u": {"start_hour": 99}}
    response = client.put("/_fakepush/state", json=exported)
    assert response.status_code == 400 and "message" in response.json
    assert ok(sb.call("GET", "/v3/users/u/push_preference")) == default_preference()


# -- the Python handle -------------------------------------------------------------------


def test_handle_shows_preferences_session_tokens_and_sets_online():
    fake = FakePush()
    store = fake.state.sendbird
    app = store.app_by_id()
    store.create_user(app, {"user_id": "h", "nickname": "H", "profile_url": ""})
    store.update_push_preference(app, "h", {"push_sound": "bell"})
    assert fake.sendbird.push_preferences("h") == {**default_preference(), "push_sound": "bell"}
    issued = store.issue_session_token(app, "h", {})
    assert fake.sendbird.session_tokens("h") == [
        {"session_token": issued["token"], "expires_at": issued["expires_at"]}
    ]
    fake.sendbird.set_online("h")
    assert store.is_online(app, "h") is True
    fake.sendbird.set_online("h", online=False)
    assert store.is_online(app, "h") is False
    for call in (fake.sendbird.push_preferences, fake.sendbird.session_tokens,
                 fake.sendbird.set_online):  # fmt: skip
        with pytest.raises(KeyError):
            call("ghost")
