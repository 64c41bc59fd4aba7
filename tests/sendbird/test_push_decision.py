"""The push decision as plain functions: trigger options, mentions, snooze, DND, templates."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from fakepush.providers.sendbird.delivery import (
    Recipient,
    in_dnd,
    is_snoozed,
    payloads,
    pushes_for,
    render,
    trigger_option,
    why_not,
)


def ms(text: str, zone: str = "UTC") -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone)).timestamp() * 1000)


def message(**fields):
    base = {
        "type": "MESG",
        "message": "hi",
        "message_id": 7,
        "created_at": 1,
        "custom_type": "",
        "mention_type": "users",
        "mentioned_user_ids": [],
        "mentioned_users": [],
        "send_push": True,
        "is_silent": False,
        "push_message_template": None,
        "user": {"user_id": "bob", "nickname": "Bob", "profile_url": ""},
    }
    return {**base, **fields}


CHANNEL = {"channel_url": "ch-1", "name": "Team", "custom_type": "", "is_distinct": False}
NOON = ms("2026-06-01T12:00:00")


@pytest.mark.parametrize(
    "channel_option,user_option,expected",
    [
        ("default", "all", "all"),
        ("default", "mention_only", "mention_only"),
        ("off", "all", "off"),
        ("all", "off", "all"),
        ("mention_only", "all", "mention_only"),
        ("false", "all", "off"),
    ],
)
def test_trigger_option_is_the_channels_unless_default(channel_option, user_option, expected):
    got = trigger_option({"push_trigger_option": user_option}, {"push_trigger_option": channel_option})
    assert got == expected


@pytest.mark.parametrize(
    "fields,recipient,reason",
    [
        ({"send_push": False}, {}, "message asks for no push"),
        ({"is_silent": True}, {}, "message asks for no push"),
        ({}, {"user_id": "bob"}, "sender"),
        ({}, {"is_active": False}, "inactive"),
        ({}, {"online": True}, "online"),
        ({}, {"preference": {"push_trigger_option": "off"}}, "trigger option off"),
        ({}, {"preference": {"push_trigger_option": "mention_only"}}, "not mentioned"),
        ({}, {"channel_preference": {"enable": False}}, "channel push disabled"),
    ],
)
def test_why_not_names_the_first_rule_that_stops_a_push(fields, recipient, reason):
    who = Recipient(**{"user_id": "alice", **recipient})
    assert why_not(message(**fields), "bob", who, push_enabled=True, now_ms=NOON) == reason


def test_app_push_disabled_stops_everything_first():
    who = Recipient(user_id="alice")
    assert why_not(message(), "bob", who, push_enabled=False, now_ms=NOON) == "app push disabled"


@pytest.mark.parametrize(
    "fields", [{"mention_type": "channel"}, {"mentioned_user_ids": ["alice"]}]
)
def test_mention_only_pushes_when_mentioned(fields):
    who = Recipient(user_id="alice", preference={"push_trigger_option": "mention_only"})
    assert why_not(message(**fields), "bob", who, push_enabled=True, now_ms=NOON) is None


def test_snooze_holds_from_start_up_to_but_not_including_end():
    pref = {"snooze_enabled": True, "snooze_start_ts": 100, "snooze_end_ts": 200}
    assert [is_snoozed(pref, t) for t in (99, 100, 199, 200)] == [False, True, True, False]
    assert not is_snoozed({**pref, "snooze_enabled": False}, 150)


def _dnd(start_hour, end_hour, zone="UTC", **more):
    return {
        "do_not_disturb": True,
        "start_hour": start_hour,
        "start_min": 0,
        "end_hour": end_hour,
        "end_min": 0,
        "timezone": zone,
        **more,
    }


def test_daily_dnd_window_wraps_midnight_in_the_users_time_zone():
    pref = _dnd(22, 6, "Asia/Seoul")
    assert in_dnd(pref, ms("2026-06-01T23:30:00", "Asia/Seoul"))
    assert in_dnd(pref, ms("2026-06-02T05:59:00", "Asia/Seoul"))
    assert not in_dnd(pref, ms("2026-06-02T06:00:00", "Asia/Seoul"))
    assert not in_dnd(pref, ms("2026-06-01T21:59:00", "Asia/Seoul"))
    # 23:30 in Seoul is 14:30 UTC: the same instant read in UTC would be outside.
    assert not in_dnd(_dnd(22, 6, "UTC"), ms("2026-06-01T23:30:00", "Asia/Seoul"))


def test_daily_dnd_off_or_empty_window_never_holds():
    assert not in_dnd({**_dnd(22, 6), "do_not_disturb": False}, ms("2026-06-01T23:00:00"))
    assert not in_dnd(_dnd(5, 5), ms("2026-06-01T05:00:00"))


def test_daily_dnd_follows_daylight_saving_in_the_users_zone():
    # New York: 08:30 local is 12:30 UTC in summer (EDT) and 13:30 UTC in winter (EST).
    pref = _dnd(8, 9, "America/New_York")
    assert in_dnd(pref, ms("2026-07-01T12:30:00"))
    assert not in_dnd(pref, ms("2026-01-15T12:30:00"))
    assert in_dnd(pref, ms("2026-01-15T13:30:00"))


def test_dnd_schedules_replace_the_daily_window_by_weekday():
    # 2026-06-01 is a Monday.
    pref = {
        **_dnd(0, 23),
        "dnd_schedules": [
            {
                "day_of_week": "monday",
                "time_windows": [
                    {"start_hour": 22, "start_min": 0, "end_hour": 23, "end_min": 59}
                ],
            },
            {
                "day_of_week": "tuesday",
                "time_windows": [{"start_hour": 0, "start_min": 0, "end_hour": 6, "end_min": 0}],
            },
        ],
    }
    assert not in_dnd(pref, ms("2026-06-01T12:00:00"))  # the daily window no longer applies
    assert in_dnd(pref, ms("2026-06-01T23:59:30"))  # a split window reaches midnight
    assert in_dnd(pref, ms("2026-06-02T03:00:00"))
    assert not in_dnd(pref, ms("2026-06-02T22:30:00"))
    assert not in_dnd(pref, ms("2026-06-08T03:00:00"))  # a Monday morning


def test_a_schedule_window_wrapping_midnight_reaches_into_the_next_day():
    pref = {
        "dnd_schedules": [
            {
                "day_of_week": "sunday",
                "time_windows": [{"start_hour": 21, "start_min": 0, "end_hour": 7, "end_min": 0}],
            }
        ]
    }
    assert in_dnd(pref, ms("2026-05-31T21:00:00"))  # Sunday evening
    assert in_dnd(pref, ms("2026-06-01T06:59:00"))  # Monday morning
    assert not in_dnd(pref, ms("2026-05-31T06:59:00"))  # Sunday morning


@pytest.mark.parametrize(
    "kind,template,expected",
    [
        ("MESG", "default", "Bob: hi"),
        ("FILE", "default", "cat.png"),
        ("ADMM", "default", "hi"),
        ("MESG", "alternative", "New message arrived!"),
        ("FILE", "alternative", "New file delivered!"),
        ("ADMM", "alternative", "New announcement!"),
    ],
)
def test_text_follows_the_recipients_template(kind, template, expected):
    msg = message(type=kind, file={"name": "cat.png", "url": "u", "type": "image/png"})
    assert render(msg, "Team", "Bob", template) == (None, expected)


def test_push_message_template_overrides_the_recipients_template():
    assert render(message(push_message_template="alternative"), "Team", "Bob", "default") == (
        None,
        "New message arrived!",
    )
    custom = {"title": "{channel_name}", "body": "{sender_name} says {message} {unknown}"}
    assert render(message(push_message_template=custom), "Team", "Bob", "alternative") == (
        "Team",
        "Bob says hi {unknown}",
    )


def test_payloads_fcm_data_message_and_apns_alert_with_badge_and_sound():
    who = Recipient(
        user_id="alice",
        nickname="Alice",
        preference={"push_sound": "bell"},
        unread_message_count=3,
        channel_unread_message_count=2,
    )
    out = payloads("APP", message(), CHANNEL, who)
    fcm = out["FCM"]
    assert fcm["message"] == "Bob: hi" and out["HMS"] is fcm
    detail = json.loads(fcm["sendbird"])
    assert detail == out["APNS"]["sendbird"]
    assert out["APNS"]["aps"] == {"alert": "Bob: hi", "badge": 3, "sound": "bell"}
    assert detail["channel"] == {
        "channel_url": "ch-1",
        "name": "Team",
        "custom_type": "",
        "channel_unread_message_count": 2,
    }
    assert detail["sender"]["id"] == "bob" and detail["recipient"]["id"] == "alice"
    assert (detail["category"], detail["channel_type"], detail["audience_type"]) == (
        "messaging:offline_notification",
        "group_messaging",
        "only",
    )


def test_apns_alert_has_title_and_body_when_the_template_has_a_title():
    custom = {"title": "T", "body": "B"}
    out = payloads("APP", message(push_message_template=custom), CHANNEL, Recipient("alice"))
    assert out["APNS"]["aps"]["alert"] == {"title": "T", "body": "B"}
    assert json.loads(out["FCM"]["sendbird"])["push_title"] == "T"


def test_one_push_per_token_of_every_type_in_type_order():
    who = Recipient("alice", tokens={"apns": ["a1"], "gcm": ["g1", "g2"], "huawei": ["h1"]})
    got = [(s, t) for _, s, t, _ in pushes_for("APP", message(), CHANNEL, [who], push_enabled=True, now_ms=NOON)]
    assert got == [("FCM", "g1"), ("FCM", "g2"), ("HMS", "h1"), ("APNS", "a1")]
