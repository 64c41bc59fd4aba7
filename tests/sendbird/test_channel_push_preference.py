"""A user's push preference for one group channel, over HTTP, in both profiles."""

from __future__ import annotations

import pytest

URL = "/v3/users/bob/push_preference/team-1"


@pytest.fixture(params=["docs", "sdk"])
def team(sb, state, request):
    """Bob in channel ``team-1``; carol in no channel."""
    state.set_profile(request.param)
    sb.create_user("bob", "Bob")
    sb.create_user("carol", "Carol")
    response = sb.call("POST", "/v3/group_channels", {"user_ids": ["bob"], "channel_url": "team-1"})
    assert response.status_code == 200, response.json
    return sb


def test_unset_is_default_in_docs_and_the_users_option_in_sdk(team):
    team.call("PUT", "/v3/users/bob/push_preference", {"push_trigger_option": "mention_only"})
    answer = team.call("GET", URL).json
    expected = "mention_only" if team.state.profile == "sdk" else "default"
    assert answer == {"push_trigger_option": expected, "push_sound": "", "enable": True}


def test_update_answers_the_channels_preference_and_keeps_it(team):
    body = {"push_trigger_option": "all", "push_sound": "bell.caf", "enable": False}
    answer = team.call("PUT", URL, body)
    assert answer.status_code == 200 and answer.json == body
    assert team.call("GET", URL).json == body
    store = team.state.sendbird
    assert store.channel_push_preference(store.app_by_id(), "bob", "team-1") == body


def test_false_is_taken_as_off(team):
    assert team.call("PUT", URL, {"push_trigger_option": "false"}).json["push_trigger_option"] == "off"
    assert team.call("GET", URL).json["push_trigger_option"] == "off"


def test_default_is_stored_as_default_and_answered_resolved_in_sdk(team):
    team.call("PUT", URL, {"push_trigger_option": "off"})
    answer = team.call("PUT", URL, {"push_trigger_option": "default"}).json
    assert answer["push_trigger_option"] == ("all" if team.state.profile == "sdk" else "default")
    store = team.state.sendbird
    stored = store.channel_push_preference(store.app_by_id(), "bob", "team-1")
    assert stored["push_trigger_option"] == "default"


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({"push_trigger_option": "never"}, 400111, 'Invalid value: "push_trigger_option".'),
        ({"push_trigger_option": "all", "enable": "no"}, 400111, 'Invalid value: "enable".'),
        ({"push_sound": "bell"}, 400105, "push_trigger_option must be required."),
    ],
)
def test_bad_update_changes_nothing(team, body, code, message):
    before = team.call("GET", URL).json
    team.assert_error(team.call("PUT", URL, body), code, message)
    assert team.call("GET", URL).json == before


@pytest.mark.parametrize("method", ["GET", "PUT"])
def test_a_user_not_in_the_channel_is_400108(team, method):
    response = team.call(method, "/v3/users/carol/push_preference/team-1",
                         {"push_trigger_option": "off"})  # fmt: skip
    team.assert_error(response, 400108, "Not authorized. The user is not a member of the channel.")


def test_deleting_the_channel_forgets_its_preferences(team):
    team.call("PUT", URL, {"push_trigger_option": "off"})
    assert team.call("DELETE", "/v3/group_channels/team-1").status_code == 200
    team.call("POST", "/v3/group_channels", {"user_ids": ["bob"], "channel_url": "team-1"})
    assert team.call("GET", URL).json["push_trigger_option"] != "off"


def test_channel_preferences_survive_export_and_load(team, client):
    team.call("PUT", URL, {"push_trigger_option": "mention_only", "push_sound": "s"})
    exported = client.get("/_fakepush/state").json
    client.post("/_fakepush/reset")
    assert client.put("/_fakepush/state", json=exported).status_code == 200
    assert team.call("GET", URL).json == {
        "push_trigger_option": "mention_only", "push_sound": "s", "enable": True,
    }  # fmt: skip
