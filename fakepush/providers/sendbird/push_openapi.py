"""The OpenAPI schemas of the Sendbird user's push surface (``push_routes.py``)."""

from __future__ import annotations

from typing import Any

from fakepush.providers.schema import MS, STRING, obj

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
_CHANNEL_OPTION = {
    "type": "string",
    "enum": ["default", "all", "mention_only", "off", "false"],
    "description": '"false" is taken as "off" (what SDK 2.1.5 sends); profile sdk answers '
    '"default" as the user\'s own option',
}

SCHEMAS: dict[str, Any] = {
    "UpdateUserRequest": obj(
        {
            "nickname": {"type": "string", "minLength": 1, "maxLength": 80},
            "profile_url": {"type": "string", "maxLength": 2048},
            "issue_access_token": BOOL,
            "is_active": BOOL,
            "last_seen_at": MS,
            "discovery_keys": {"type": "array", "items": STRING},
            "preferred_languages": {"type": "array", "items": STRING, "maxItems": 4},
            "leave_all_when_deactivated": BOOL,
        },
        required=[],
    ),
    "SessionTokenRequest": obj({"expires_at": MS}, required=[]),
    "SessionTokenResponse": obj({"token": STRING, "expires_at": MS}),
    "PushTemplate": obj({"name": {"type": "string", "enum": ["default", "alternative"]}}),
    "PushPreference": obj(_PREFERENCE),
    "PushPreferenceUpdate": obj(_PREFERENCE, required=[]),
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
