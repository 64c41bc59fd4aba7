"""The OpenAPI schemas of the Sendbird user's push surface (``push_routes.py``)."""

from __future__ import annotations

from typing import Any

from fakepush.providers.schema import MS, STRING, nullable, obj, one_of_words
from fakepush.providers.sendbird.preferences import DAYS
from fakepush.providers.sendbird.user_update import (
    MAX_NICKNAME,
    MAX_PREFERRED_LANGUAGES,
    MAX_PROFILE_URL,
)

BOOL: dict[str, Any] = {"type": "boolean"}
HOUR: dict[str, Any] = {"type": "integer", "minimum": 0, "maximum": 23}
MINUTE: dict[str, Any] = {"type": "integer", "minimum": 0, "maximum": 59}
_WINDOW = obj({"start_hour": HOUR, "start_min": MINUTE, "end_hour": HOUR, "end_min": MINUTE})
_PREFERENCE: dict[str, Any] = {
    "push_trigger_option": {"type": "string", "enum": ["all", "mention_only", "off"]},
    "do_not_disturb": BOOL,
    "start_hour": HOUR,
    "start_min": MINUTE,
    "end_hour": HOUR,
    "end_min": MINUTE,
    "snooze_enabled": BOOL,
    "snooze_start_ts": MS,
    "snooze_end_ts": MS,
    "timezone": {"type": "string", "description": "an IANA time zone name"},
    "push_sound": STRING,
    "dnd_schedules": {
        "type": "array",
        "items": obj(
            {
                "day_of_week": {
                    "type": "string",
                    "enum": ["monday", "tuesday", "wednesday", "thursday", "friday",
                             "saturday", "sunday"],
                },
                "time_windows": {"type": "array", "items": _WINDOW},
            }
        ),
        "description": "a window crossing midnight is answered split in two",
    },
    "block_push_from_bots": BOOL,
    "push_blocked_bot_ids": {"type": "array", "items": STRING},
    "enable_push_for_replies": BOOL,
}  # fmt: skip
# What a PUT may send (fakepush/providers/sendbird/preferences.py): no nulls, timestamps as
# digits too (the older SDK's strings), day names in any case, window parts default 0.
_DIGITS = {"type": "string", "pattern": "^[0-9]+$"}
_PREFERENCE_UPDATE: dict[str, Any] = {
    **_PREFERENCE,
    "snooze_start_ts": {"anyOf": [{**MS, "minimum": 0}, _DIGITS]},
    "snooze_end_ts": {"anyOf": [{**MS, "minimum": 0}, _DIGITS]},
    "dnd_schedules": {
        "type": "array",
        "items": obj(
            {
                "day_of_week": one_of_words(*DAYS),
                "time_windows": {"type": "array", "items": obj(_WINDOW["properties"], required=[])},
            },
            required=["day_of_week"],
        ),
        "description": "a window crossing midnight is answered split in two",
    },
}
_CHANNEL_OPTION = {
    "type": "string",
    "enum": ["default", "all", "mention_only", "off", "false"],
    "description": '"false" is taken as "off" (what SDK 2.1.5 sends); profile sdk answers '
    '"default" as the user\'s own option',
}

SCHEMAS: dict[str, Any] = {
    "UpdateUserRequest": obj(
        {
            "nickname": nullable({"type": "string", "minLength": 1, "maxLength": MAX_NICKNAME}),
            "profile_url": nullable({"type": "string", "maxLength": MAX_PROFILE_URL}),
            "issue_access_token": BOOL,
            "is_active": BOOL,
            "last_seen_at": {**MS, "minimum": 0},
            "discovery_keys": nullable({"type": "array", "items": STRING}),
            "preferred_languages": nullable(
                {"type": "array", "items": STRING, "maxItems": MAX_PREFERRED_LANGUAGES}
            ),
            "leave_all_when_deactivated": BOOL,
        },
        required=[],
        description="null for nickname, profile_url, discovery_keys or preferred_languages "
        "means not given (SDK 2.1.5 types them nullable); unknown keys are ignored.",
    ),
    "SessionTokenRequest": obj({"expires_at": MS}, required=[]),
    "SessionTokenResponse": obj({"token": STRING, "expires_at": MS}),
    "PushTemplate": obj({"name": {"type": "string", "enum": ["default", "alternative"]}}),
    "PushPreference": obj(_PREFERENCE),
    "PushPreferenceUpdate": obj(
        _PREFERENCE_UPDATE, required=[], description="A partial update; unknown keys are ignored."
    ),
    "ChannelPushPreference": obj(
        {"push_trigger_option": _CHANNEL_OPTION, "push_sound": STRING, "enable": BOOL}
    ),
    "ChannelPushPreferenceUpdate": obj(
        {"push_trigger_option": _CHANNEL_OPTION, "push_sound": STRING, "enable": BOOL},
        required=["push_trigger_option"],
    ),
    "PushSettings": obj({"push_enabled": BOOL}),
    "SendbirdOnline": obj(
        {"user_id": STRING, "online": BOOL, "app_id": STRING}, required=["user_id", "online"]
    ),
}
