"""The OpenAPI schemas of Sendbird group channels and messages (``channel_store.py``)."""

from __future__ import annotations

from typing import Any

from fakepush.providers.schema import INT, MS, NULLABLE_STRING, STRING, nullable, obj, ref
from fakepush.providers.sendbird.channels import MAX_CUSTOM_TYPE, MAX_NAME, MAX_USERS
from fakepush.providers.sendbird.messages import MENTION_TYPES, MESSAGE_TYPES, TEMPLATE_NAMES

BOOL: dict[str, Any] = {"type": "boolean"}
STRINGS: dict[str, Any] = {"type": "array", "items": STRING}
# What a request may send for an optional field: null means not given.
MAYBE_BOOL: dict[str, Any] = {"type": ["boolean", "null"]}
MAYBE_STRINGS: dict[str, Any] = nullable(STRINGS)
NON_EMPTY: dict[str, Any] = {"type": "string", "minLength": 1}

CHANNEL_SCHEMAS: dict[str, Any] = {
    "CreateGroupChannelRequest": obj(
        {
            "user_ids": MAYBE_STRINGS,
            "users": nullable({"type": "array", "items": obj({"user_id": STRING})}),
            "name": nullable({"type": "string", "maxLength": MAX_NAME}),
            "channel_url": {
                "type": ["string", "null"],
                "pattern": "^(?:[A-Za-z0-9_-]{4,100})?$",
                "description": "empty or null: a generated one",
            },
            "cover_url": NULLABLE_STRING,
            "custom_type": nullable({"type": "string", "maxLength": MAX_CUSTOM_TYPE}),
            "data": NULLABLE_STRING,
            "is_distinct": MAYBE_BOOL,
            "is_public": MAYBE_BOOL,
            "is_super": MAYBE_BOOL,
            "is_ephemeral": MAYBE_BOOL,
            "strict": MAYBE_BOOL,
            "operator_ids": MAYBE_STRINGS,
        },
        required=[],
        description="Members are the union of user_ids and users[].user_id (at most "
        f"{MAX_USERS}); null means not given.",
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
    "SendMessageRequest": {
        "type": "object",
        "properties": {
            "message_type": {"enum": list(MESSAGE_TYPES)},
            "user_id": NULLABLE_STRING,
            "message": NULLABLE_STRING,
            "custom_type": NULLABLE_STRING,
            "data": NULLABLE_STRING,
            "mention_type": nullable({"enum": list(MENTION_TYPES)}),
            "mentioned_user_ids": MAYBE_STRINGS,
            "send_push": MAYBE_BOOL,
            "is_silent": MAYBE_BOOL,
            "push_message_template": {
                "anyOf": [
                    {"type": "null"},
                    {"enum": list(TEMPLATE_NAMES)},
                    obj({"title": STRING, "body": STRING}, required=[]),
                ]
            },
        },
        "required": ["message_type"],
        "allOf": [
            # A sender for MESG and FILE (an admin message has none).
            {
                "if": {"properties": {"message_type": {"const": "ADMM"}}},
                "else": {"properties": {"user_id": NON_EMPTY}, "required": ["user_id"]},
            },
            # A file by URL for FILE; the text for MESG and ADMM.
            {
                "if": {"properties": {"message_type": {"const": "FILE"}}},
                "then": {
                    "properties": {
                        "url": NON_EMPTY,
                        "file_name": NULLABLE_STRING,
                        "file_type": NULLABLE_STRING,
                        "file_size": {"type": "integer", "minimum": 0},
                    },
                    "required": ["url"],
                },
                "else": {"properties": {"message": NON_EMPTY}, "required": ["message"]},
            },
        ],
        "description": "null means not given; the file fields are read for FILE only.",
    },
}
