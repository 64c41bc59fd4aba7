"""The pushes a group-channel message triggers, read from the outbox, row by row."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import freezegun
import pytest
import time_machine

from tests.sendbird.conftest import outbox_of


@pytest.fixture
def team(sb, surface):
    for user_id in ("alice", "bob", "carol"):
        sb.create_user(user_id, user_id.title())
    sb.add_token("bob", "bob-fcm")
    sb.add_token("bob", "bob-iphone", "apns")
    sb.add_token("carol", "carol-huawei", "huawei")
    sb.add_token("alice", "alice-fcm")
    body = {"user_ids": ["alice", "bob", "carol"], "channel_url": "team-1", "name": "Team"}
    assert sb.call("POST", "/v3/group_channels", body).status_code == 200
    sb.surface = surface
    return sb


def send(sb, **fields):
    body = {"message_type": "MESG", "user_id": "alice", "message": "hi", **fields}
    response = sb.call("POST", "/v3/group_channels/team-1/messages", body)
    assert response.status_code == 200, response.json
    return response.json


def pushed(sb, **filters):
    return [(p["user_id"], p["service"], p["token"]) for p in outbox_of(sb.state).filter(provider="sendbird", **filters)]


def test_every_offline_member_but_the_sender_gets_one_push_per_token(team):
    message = send(team)
    assert pushed(team) == [
        ("bob", "FCM", "bob-fcm"),
        ("bob", "APNS", "bob-iphone"),
        ("carol", "HMS", "carol-huawei"),
    ]
    record = outbox_of(team.state).filter(token="bob-fcm")[0]
    assert record["message_id"] == str(message["message_id"])
    assert record["channel"] == "team-1" and record["app_id"] == "FAKEPUSH"
    assert record["at"] == message["created_at"] and record["status"] == "sent"


def test_fcm_payload_is_text_and_the_sendbird_object_as_json_text(team):
    send(team, message="lunch?")
    payload = outbox_of(team.state).filter(token="bob-fcm")[0]["payload"]
    assert payload["message"] == "Alice: lunch?"
    detail = json.loads(payload["sendbird"])
    assert detail["sender"] == {"id": "alice", "name": "Alice", "profile_url": "", "require_auth_for_profile_image": False}
    assert detail["recipient"] == {"id": "bob", "name": "Bob", "push_template": "default"}
    assert detail["channel"]["name"] == "Team" and detail["message"] == "lunch?"


def test_apns_badge_is_the_recipients_unread_count_over_all_channels(team):
    team.call("POST", "/v3/group_channels", {"user_ids": ["alice", "bob"], "channel_url": "pair-1"})
    team.call("POST", "/v3/group_channels/pair-1/messages", {"message_type": "MESG", "user_id": "alice", "message": "1"})
    send(team)
    send(team)
    last = outbox_of(team.state).filter(token="bob-iphone")[-1]["payload"]
    assert last["aps"]["badge"] == 3
    assert last["sendbird"]["unread_message_count"] == 3
    assert last["sendbird"]["channel"]["channel_unread_message_count"] == 2


def test_no_push_when_the_app_has_push_off_or_the_message_asks_for_none(team):
    team.surface.enabled = False
    send(team)
    team.surface.enabled = True
    send(team, send_push=False)
    send(team, is_silent=True)
    assert pushed(team) == []


def test_admin_message_pushes_only_with_send_push_and_to_every_member(team):
    team.call("POST", "/v3/group_channels/team-1/messages", {"message_type": "ADMM", "message": "down at 5"})
    assert pushed(team) == []
    team.call("POST", "/v3/group_channels/team-1/messages", {"message_type": "ADMM", "message": "down at 5", "send_push": True})
    assert [u for u, _, _ in pushed(team)] == ["alice", "bob", "bob", "carol"]
    payload = outbox_of(team.state).filter(token="alice-fcm")[0]["payload"]
    assert payload["message"] == "down at 5" and "sender" not in json.loads(payload["sendbird"])


def test_online_members_get_nothing(team):
    team.surface.online.add("bob")
    send(team)
    assert [u for u, _, _ in pushed(team)] == ["carol"]


@pytest.mark.parametrize(
    "channel_option,user_option,mentioned,gets",
    [
        ("default", "all", False, True),
        ("default", "off", False, False),
        ("default", "mention_only", False, False),
        ("default", "mention_only", True, True),
        ("all", "off", False, True),
        ("off", "all", False, False),
        ("mention_only", "all", True, True),
        ("mention_only", "all", False, False),
    ],
)
def test_trigger_option_channel_then_user_and_mentions(team, channel_option, user_option, mentioned, gets):
    team.surface.preferences["bob"] = {"push_trigger_option": user_option}
    team.surface.channel_preferences[("bob", "team-1")] = {"push_trigger_option": channel_option}
    send(team, mentioned_user_ids=["bob"] if mentioned else [])
    assert bool(pushed(team, user_id="bob")) is gets


def test_mention_type_channel_mentions_everyone(team):
    team.surface.preferences["bob"] = {"push_trigger_option": "mention_only"}
    send(team, mention_type="channel")
    assert pushed(team, user_id="bob")


def test_snoozed_member_gets_nothing_until_the_snooze_ends(team, state):
    state.clock.freeze(1_000_000)
    team.surface.preferences["bob"] = {"snooze_enabled": True, "snooze_start_ts": 500_000, "snooze_end_ts": 2_000_000}
    send(team)
    assert pushed(team, user_id="bob") == []
    state.clock.freeze(2_000_000)
    send(team)
    assert len(pushed(team, user_id="bob")) == 2


def test_daily_dnd_in_the_users_zone_moves_with_freezegun(team):
    team.surface.preferences["bob"] = {
        "do_not_disturb": True, "start_hour": 22, "start_min": 0, "end_hour": 7, "end_min": 0, "timezone": "Europe/Berlin",
    }
    with freezegun.freeze_time("2026-07-01T21:30:00Z"):  # 23:30 in Berlin (CEST)
        send(team)
    assert pushed(team, user_id="bob") == []
    with freezegun.freeze_time("2026-07-01T05:30:00Z"):  # 07:30 in Berlin
        send(team)
    assert len(pushed(team, user_id="bob")) == 2


def test_daily_dnd_moves_with_time_machine_across_daylight_saving(team):
    team.surface.preferences["bob"] = {
        "do_not_disturb": True, "start_hour": 6, "start_min": 0, "end_hour": 7, "end_min": 0, "timezone": "Europe/Berlin",
    }
    # 05:30 UTC is 06:30 in Berlin in winter (CET, inside) and 07:30 in summer (CEST, outside).
    with time_machine.travel(datetime(2026, 1, 10, 5, 30, tzinfo=timezone.utc), tick=False):
        send(team)
    assert pushed(team, user_id="bob") == []
    with time_machine.travel(datetime(2026, 7, 10, 5, 30, tzinfo=timezone.utc), tick=False):
        send(team)
    assert len(pushed(team, user_id="bob")) == 2


def test_alternative_template_and_push_message_template(team):
    team.surface.templates["bob"] = "alternative"
    send(team)
    assert outbox_of(team.state).filter(token="bob-fcm")[0]["payload"]["message"] == "New message arrived!"
    send(team, push_message_template="default")
    assert outbox_of(team.state).filter(token="bob-fcm")[1]["payload"]["message"] == "Alice: hi"
    send(team, push_message_template={"title": "{channel_name}", "body": "{sender_name} wrote"})
    apns = outbox_of(team.state).filter(token="bob-iphone")[2]["payload"]["aps"]
    assert apns["alert"] == {"title": "Team", "body": "Alice wrote"}


def test_file_message_text_is_the_file_name(team):
    team.call("POST", "/v3/group_channels/team-1/messages", {"message_type": "FILE", "user_id": "alice", "url": "https://x.test/cat.png"})
    payload = outbox_of(team.state).filter(token="bob-fcm")[0]["payload"]
    assert payload["message"] == "cat.png"
    assert json.loads(payload["sendbird"])["files"][0]["url"] == "https://x.test/cat.png"


def test_a_push_to_a_rejected_token_is_recorded_failed(team):
    outbox_of(team.state).reject_token("bob-fcm")
    send(team)
    records = {p["token"]: p for p in outbox_of(team.state).filter(user_id="bob")}
    assert records["bob-fcm"]["status"] == "failed" and records["bob-fcm"]["error"] == "UNREGISTERED"
    assert records["bob-iphone"]["status"] == "sent"
    assert team.tokens("bob") == ["bob-fcm"]  # nothing is unregistered


def test_a_member_who_left_gets_nothing(team):
    team.call("PUT", "/v3/group_channels/team-1/leave", {"user_ids": ["carol"]})
    send(team)
    assert pushed(team, user_id="carol") == []


def test_channel_push_sound_wins_over_the_users(team):
    team.surface.preferences["bob"] = {"push_sound": "bell"}
    send(team)
    team.surface.channel_preferences[("bob", "team-1")] = {"push_sound": "chime"}
    send(team)
    sounds = [p["payload"]["aps"]["sound"] for p in outbox_of(team.state).filter(token="bob-iphone")]
    assert sounds == ["bell", "chime"]
