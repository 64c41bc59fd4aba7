"""The plain rules of a Sendbird user's push surface, without HTTP: preference checks,
partial updates, the DND split at midnight, reset, channel options, user updates, tokens."""

from __future__ import annotations

import pytest

from fakepush.providers.sendbird.errors import SendbirdError
from fakepush.providers.sendbird.preferences import (
    apply_preference_update,
    default_preference,
    parse_channel_preference_update,
    parse_dnd_schedules,
    parse_preference_update,
    parse_template_choice,
    reset_preference,
    resolved_channel_option,
)
from fakepush.providers.sendbird.sessions import DEFAULT_LIFETIME_MS, SessionTokens, parse_expires_at
from fakepush.providers.sendbird.user_update import leaves_all_channels, parse_user_update


def _code_and_message(call) -> tuple[int, str]:
    with pytest.raises(SendbirdError) as caught:
        call()
    return caught.value.code, caught.value.message


def test_defaults_are_the_documented_ones_plus_the_bot_and_reply_fields():
    # The fields in the order of the Platform API's push preferences resource, a related
    # group a line; then the three of SDK 2.1.5's model that the docs do not show, off.
    documented = {"push_trigger_option": "all", "do_not_disturb": False}
    documented |= {"start_hour": 0, "start_min": 0, "end_hour": 0, "end_min": 0}
    documented |= {"snooze_enabled": False, "snooze_start_ts": 0, "snooze_end_ts": 0}
    documented |= {"timezone": "UTC", "push_sound": "default", "dnd_schedules": []}
    sdk_only = {"block_push_from_bots": False, "push_blocked_bot_ids": []}
    sdk_only |= {"enable_push_for_replies": False}
    assert default_preference() == documented | sdk_only


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("push_trigger_option", "default"),
        ("push_trigger_option", None),
        ("do_not_disturb", "true"),
        ("start_hour", 24),
        ("end_hour", -1),
        ("start_min", 60),
        ("end_min", True),
        ("snooze_start_ts", -5),
        ("snooze_end_ts", 1.5),
        ("snooze_end_ts", "12a"),
        ("timezone", "Mars/Olympus"),
        ("timezone", "utc"),
        ("timezone", None),
        ("push_sound", None),
        ("push_blocked_bot_ids", "bot"),
        ("push_blocked_bot_ids", [1]),
        ("block_push_from_bots", 1),
        ("enable_push_for_replies", None),
        ("dnd_schedules", {"day_of_week": "monday"}),
    ],
)
def test_a_bad_value_is_400111_naming_the_field(field, value):
    code, message = _code_and_message(lambda: parse_preference_update({field: value}))
    assert (code, message) == (400111, f'Invalid value: "{field}".')


def test_a_body_that_is_not_an_object_is_400403():
    assert _code_and_message(lambda: parse_preference_update([1]))[0] == 400403


def test_snooze_timestamps_given_as_digit_strings_are_stored_as_ints():
    changes = parse_preference_update({"snooze_start_ts": "1000", "snooze_end_ts": 2000})
    assert changes == {"snooze_start_ts": 1000, "snooze_end_ts": 2000}


def test_unknown_keys_are_ignored():
    assert parse_preference_update({"push_blocked": True, "timezone": "Asia/Seoul"}) == {
        "timezone": "Asia/Seoul"
    }


def test_a_partial_update_keeps_every_field_it_does_not_name():
    current = apply_preference_update(default_preference(), {"push_sound": "bell"})
    updated = apply_preference_update(current, parse_preference_update({"start_hour": 22}))
    assert updated == {**default_preference(), "push_sound": "bell", "start_hour": 22}
    assert current["start_hour"] == 0  # the input is not changed


def test_a_window_crossing_midnight_is_split_in_two():
    schedules = parse_dnd_schedules(
        [
            {
                "day_of_week": "Monday",
                "time_windows": [{"start_hour": 22, "start_min": 0, "end_hour": 6, "end_min": 0}],
            }
        ]
    )
    assert schedules == [
        {
            "day_of_week": "monday",
            "time_windows": [{"start_hour": 22, "start_min": 0, "end_hour": 23, "end_min": 59}],
        },
        {
            "day_of_week": "tuesday",
            "time_windows": [{"start_hour": 0, "start_min": 0, "end_hour": 6, "end_min": 0}],
        },
    ]


def test_sundays_window_crossing_midnight_continues_on_monday_listed_first():
    schedules = parse_dnd_schedules(
        [
            {
                "day_of_week": "sunday",
                "time_windows": [{"start_hour": 23, "start_min": 30, "end_hour": 1, "end_min": 15}],
            },
            {
                "day_of_week": "monday",
                "time_windows": [{"start_hour": 12, "start_min": 0, "end_hour": 13, "end_min": 0}],
            },
        ]
    )
    assert [s["day_of_week"] for s in schedules] == ["monday", "sunday"]
    assert schedules[0]["time_windows"] == [
        {"start_hour": 0, "start_min": 0, "end_hour": 1, "end_min": 15},
        {"start_hour": 12, "start_min": 0, "end_hour": 13, "end_min": 0},
    ]


def test_a_window_ending_at_midnight_stays_on_its_day():
    schedules = parse_dnd_schedules(
        [
            {
                "day_of_week": "friday",
                "time_windows": [{"start_hour": 20, "start_min": 0, "end_hour": 0, "end_min": 0}],
            }
        ]
    )
    assert schedules == [
        {
            "day_of_week": "friday",
            "time_windows": [{"start_hour": 20, "start_min": 0, "end_hour": 23, "end_min": 59}],
        }
    ]


@pytest.mark.parametrize(
    "schedule",
    [
        {"day_of_week": "mon", "time_windows": []},
        {"day_of_week": "monday", "time_windows": [{"start_hour": 25}]},
        {"day_of_week": "monday", "time_windows": [{"start_hour": 3, "end_hour": 3}]},
        {"time_windows": []},
    ],
)
def test_a_bad_schedule_is_400111_dnd_schedules(schedule):
    code, message = _code_and_message(lambda: parse_dnd_schedules([schedule]))
    assert (code, message) == (400111, 'Invalid value: "dnd_schedules".')


def test_setting_schedules_turns_legacy_dnd_off():
    current = {**default_preference(), "do_not_disturb": True}
    window = {"start_hour": 1, "start_min": 0, "end_hour": 2, "end_min": 0}
    changes = parse_preference_update(
        {"dnd_schedules": [{"day_of_week": "monday", "time_windows": [window]}]}
    )
    assert apply_preference_update(current, changes)["do_not_disturb"] is False


def test_reset_keeps_the_trigger_option_and_the_bot_fields():
    changed = {
        **default_preference(),
        "push_trigger_option": "mention_only",
        "do_not_disturb": True,
        "start_hour": 22,
        "snooze_enabled": True,
        "snooze_end_ts": 5,
        "timezone": "Asia/Seoul",
        "push_sound": "bell",
        "block_push_from_bots": True,
        "push_blocked_bot_ids": ["bot"],
        "enable_push_for_replies": True,
    }
    assert reset_preference(changed) == {
        **default_preference(),
        "push_trigger_option": "mention_only",
        "block_push_from_bots": True,
        "push_blocked_bot_ids": ["bot"],
        "enable_push_for_replies": True,
    }


def test_channel_option_false_is_taken_as_off_and_default_resolves_to_the_users():
    assert parse_channel_preference_update({"push_trigger_option": "false"}) == {
        "push_trigger_option": "off"
    }
    user = {**default_preference(), "push_trigger_option": "mention_only"}
    assert resolved_channel_option(user, {"push_trigger_option": "default"}) == "mention_only"
    assert resolved_channel_option(user, {"push_trigger_option": "off"}) == "off"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, (400105, "push_trigger_option must be required.")),
        ({"push_trigger_option": "never"}, (400111, 'Invalid value: "push_trigger_option".')),
        ({"push_trigger_option": "all", "enable": "yes"}, (400111, 'Invalid value: "enable".')),
        ({"push_trigger_option": "all", "push_sound": 3}, (400111, 'Invalid value: "push_sound".')),
    ],
)
def test_bad_channel_preference_bodies(body, expected):
    assert _code_and_message(lambda: parse_channel_preference_update(body)) == expected


def test_template_names():
    assert parse_template_choice({"name": "alternative"}) == "alternative"
    assert _code_and_message(lambda: parse_template_choice({"name": "fancy"}))[0] == 400111
    assert _code_and_message(lambda: parse_template_choice({}))[0] == 400105


# -- user update -----------------------------------------------------------------------------


def test_user_update_takes_every_documented_field():
    body = {
        "nickname": "N",
        "profile_url": "",
        "issue_access_token": True,
        "is_active": False,
        "last_seen_at": 1_700_000_000_000,
        "discovery_keys": ["k"],
        "preferred_languages": ["en", "ko", "de", "fr"],
        "leave_all_when_deactivated": False,
        "metadata": {"ignored": "yes"},
    }
    changes = parse_user_update(body)
    assert changes == {k: v for k, v in body.items() if k != "metadata"}
    assert leaves_all_channels(changes) is False
    assert leaves_all_channels({"is_active": False}) is True
    assert leaves_all_channels({"is_active": True}) is False


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("nickname", ""),
        ("nickname", "x" * 81),
        ("nickname", 5),
        ("profile_url", "x" * 2049),
        ("is_active", "false"),
        ("issue_access_token", None),
        ("last_seen_at", -1),
        ("last_seen_at", "1"),
        ("discovery_keys", "k"),
        ("preferred_languages", ["a", "b", "c", "d", "e"]),
        ("leave_all_when_deactivated", 0),
    ],
)
def test_user_update_bad_value_is_400111_naming_the_field(field, value):
    code, message = _code_and_message(lambda: parse_user_update({field: value}))
    assert (code, message) == (400111, f'Invalid value: "{field}".')


# -- session tokens --------------------------------------------------------------------------


def test_session_token_lasts_a_week_by_default_and_must_expire_in_the_future():
    assert parse_expires_at({}, 1000) == 1000 + DEFAULT_LIFETIME_MS
    assert DEFAULT_LIFETIME_MS == 604_800_000
    assert parse_expires_at({"expires_at": 1001}, 1000) == 1001
    for bad in (1000, 999, "2000", 1500.5, True):
        assert _code_and_message(lambda b=bad: parse_expires_at({"expires_at": b}, 1000)) == (
            400111,
            'Invalid value: "expires_at".',
        )


def test_session_tokens_expire_lazily_and_revoke_all_takes_every_one():
    tokens = SessionTokens()
    short = tokens.issue("u", 2000)
    long = tokens.issue("u", 9000)
    assert short["token"] != long["token"]
    assert [t["session_token"] for t in tokens.live("u", 1999)] == [short["token"], long["token"]]
    assert [t["session_token"] for t in tokens.live("u", 2000)] == [long["token"]]
    tokens.revoke_all("u")
    assert tokens.live("u", 0) == []
