"""The OpenAPI schemas of Sendbird group channels and messages (``channel_store.py``)."""

from __future__ import annotations

from typing import Any

from fakepush.providers.schema import INT, MS, STRING, obj, ref

BOOL: dict[str, Any] = {"type": "boolean"}
STRINGS: dict[str, Any] = {"type": "array", "items": STRING}

CHANNEL_SCHEMAS: dict[str, Any] = {
    "CreateGroupChannelRequest": obj(
        {
            "user_ids": STRINGS,
            "users": {"type": "array", "items": obj({"user_id": STRING})},
            "name": STRING,
            "channel_url": {**STRING, "pattern": "^[A-Za-z0-9_-]{4,100}$"},
            "cover_url": STRING,
            "custom_type": STRING,
            "data": STRING,
            "is_distinct": BOOL,
            "is_public": BOOL,
            "is_super": BOOL,
            "is_ephemeral": BOOL,
            "strict": BOOL,
            "operator_ids": STRINGS,
        },
        required=[],
        description="Members are the union of user_ids and users[].user_id.",
    ),
    "UserIdsRequest": obj({"user_ids": STRINGS}),
    "SendbirdMember": obj(
        {
            "user_id": STRING,
            "nickname": STRING,
            "profile_url": STRING,
            "is_online": BOOL,
            "is_active": BOOL,
            "state": STRING,
            "role": STRING,
            "push_enabled": BOOL,
            "push_trigger_option": {"enum": ["default", "all", "mention_only", "off"]},
            "do_not_disturb": BOOL,
        },
        required=["user_id", "nickname", "profile_url", "is_online", "is_active", "state"],
    ),
    "SendbirdMessageUser": obj(
        {
            "user_id": STRING,
            "nickname": STRING,
            "profile_url": STRING,
            "require_auth_for_profile_image": BOOL,
            "metadata": {"type": "object"},
        }
    ),
    "SendbirdMessage": obj(
        {
            "message_id": INT,
            "type": {"enum": ["MESG", "FILE", "ADMM"]},
            "message": STRING,
            "custom_type": STRING,
            "data": STRING,
            "channel_url": STRING,
            "channel_type": {"const": "group"},
            "created_at": MS,
            "updated_at": INT,
            "mention_type": {"enum": ["users", "channel"]},
            "mentioned_users": {"type": "array", "items": ref("SendbirdMessageUser")},
            "is_removed": BOOL,
            "silent": BOOL,
            "translations": {"type": "object"},
            "user": ref("SendbirdMessageUser"),
            "file": obj(
                {"url": STRING, "name": STRING, "type": STRING, "size": INT}, required=["url"]
            ),
        },
        required=[
            "message_id", "type", "message", "custom_type", "data", "channel_url",
            "channel_type", "created_at", "updated_at", "mention_type", "mentioned_users",
            "is_removed", "silent",
        ],
        description="user is absent for an admin message (ADMM); file only for FILE.",
    ),  # fmt: skip
    "SendbirdGroupChannel": obj(
        {
            "channel_url": STRING,
            "name": STRING,
            "cover_url": STRING,
            "custom_type": STRING,
            "data": STRING,
            "is_distinct": BOOL,
            "is_public": BOOL,
            "is_super": {"const": False},
            "is_ephemeral": BOOL,
            "member_count": INT,
            "joined_member_count": INT,
            "created_at": {"type": "integer", "description": "epoch seconds"},
            "unread_message_count": INT,
            "max_length_message": {"const": -1},
            "last_message": {"oneOf": [{"type": "null"}, ref("SendbirdMessage")]},
            "members": {"type": "array", "items": ref("SendbirdMember")},
            "member_state": {"enum": ["joined", "none"]},
            "push_trigger_option": {"enum": ["default", "all", "mention_only", "off"]},
        },
        required=[
            "channel_url", "name", "cover_url", "custom_type", "data", "is_distinct",
            "is_public", "is_super", "is_ephemeral", "member_count", "joined_member_count",
            "created_at", "unread_message_count", "max_length_message",
        ],
        description="last_message is left out in profile sdk; members on create, invite "
        "and with show_member=true; member_state and push_trigger_option with user_id.",
    ),  # fmt: skip
    "GroupChannelMembers": obj(
        {"members": {"type": "array", "items": ref("SendbirdMember")}, "next": {"const": ""}}
    ),
    "SendMessageRequest": obj(
        {
            "message_type": {"enum": ["MESG", "FILE", "ADMM"]},
            "user_id": STRING,
            "message": STRING,
            "url": STRING,
            "file_name": STRING,
            "custom_type": STRING,
            "data": STRING,
            "mention_type": {"enum": ["users", "channel"]},
            "mentioned_user_ids": STRINGS,
            "send_push": BOOL,
            "is_silent": BOOL,
            "push_message_template": {
                "oneOf": [
                    {"enum": ["default", "alternative"]},
                    obj({"title": STRING, "body": STRING}, required=[]),
                ]
            },
        },
        required=["message_type"],
    ),
}
