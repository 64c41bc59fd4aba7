"""The push decision reads the push surface as its routes set it, end to end over HTTP."""

from __future__ import annotations

import pytest

from tests.sendbird.conftest import outbox_of


@pytest.fixture
def team(sb):
    for user_id in ("alice", "bob"):
        sb.create_user(user_id, user_id.title())
    sb.add_token("bob", "bob-fcm")
    body = {"user_ids": ["alice", "bob"], "channel_url": "team-1", "name": "Team"}
    assert sb.call("POST", "/v3/group_channels", body).status_code == 200
    return sb


def send(sb, **fields):
    body = {"message_type": "MESG", "user_id": "alice", "message": "hi", **fields}
    assert sb.call("POST", "/v3/group_channels/team-1/messages", body).status_code == 200
    texts = [p["payload"]["message"] for p in outbox_of(sb.state).filter(user_id="bob")]
    outbox_of(sb.state).clear()
    return texts


def put(sb, path, body):
    response = sb.call("PUT", path, body)
    assert response.status_code == 200, response.json


def test_user_trigger_option_and_mentions(team):
    put(team, "/v3/users/bob/push_preference", {"push_trigger_option": "mention_only"})
    assert send(team) == []
    assert send(team, mentioned_user_ids=["bob"]) == ["Alice: hi"]


def test_channel_trigger_option_wins_over_the_users(team):
    put(team, "/v3/users/bob/push_preference/team-1", {"push_trigger_option": "off"})
    assert send(team) == []
    put(team, "/v3/users/bob/push_preference", {"push_trigger_option": "off"})
    put(team, "/v3/users/bob/push_preference/team-1", {"push_trigger_option": "all"})
    assert send(team) == ["Alice: hi"]
    put(team, "/v3/users/bob/push_preference/team-1", {"push_trigger_option": "default"})
    assert send(team) == []


def test_snooze_and_dnd_set_through_push_preference(team, state):
    state.clock.freeze(1_800_000_000_000)
    snooze = {"snooze_enabled": True, "snooze_start_ts": 1_799_999_000_000, "snooze_end_ts": 1_800_000_100_000}
    put(team, "/v3/users/bob/push_preference", snooze)
    assert send(team) == []
    put(team, "/v3/users/bob/push_preference", {"snooze_enabled": False})
    assert send(team) == ["Alice: hi"]
    # 1_800_000_000_000 ms is 2027-01-15T08:00:00Z, 17:00 in Seoul.
    dnd = {"do_not_disturb": True, "start_hour": 16, "start_min": 0, "end_hour": 18, "end_min": 0, "timezone": "Asia/Seoul"}
    put(team, "/v3/users/bob/push_preference", dnd)
    assert send(team) == []
    assert team.call("DELETE", "/v3/users/bob/push_preference").status_code == 200
    assert send(team) == ["Alice: hi"]


def test_template_online_flag_and_app_switch(team, state):
    put(team, "/v3/users/bob/push/template", {"name": "alternative"})
    assert send(team) == ["New message arrived!"]
    state.sendbird.set_online(state.sendbird.app_by_id(), "bob", True)
    assert send(team) == []
    state.sendbird.set_online(state.sendbird.app_by_id(), "bob", False)
    put(team, "/v3/applications/push/settings", {"push_enabled": False})
    assert send(team) == []


def test_deactivated_user_gets_nothing(team):
    put(team, "/v3/users/bob", {"is_active": False, "leave_all_when_deactivated": False})
    assert send(team) == []


def test_channel_push_preference_needs_a_member_of_a_real_channel(team):
    team.create_user("carol", "Carol")
    response = team.call("GET", "/v3/users/bob/push_preference/team-1")
    assert response.status_code == 200 and response.json["push_trigger_option"] == "default"
    team.assert_error(
        team.call("GET", "/v3/users/carol/push_preference/team-1"),
        400108,
        "Not authorized. The user is not a member of the channel.",
    )
    team.assert_error(
        team.call("PUT", "/v3/users/bob/push_preference/nochannel", {"push_trigger_option": "off"}),
        400201,
        '"Channel" not found.',
    )
