"""The OpenAPI schemas of Sendbird: request and response bodies, its error, its export.

The operations themselves are written from the route table (``routes.py``) by
``fakepush/admin/openapi.py``; these are the ``components/schemas`` they refer to.
"""

from __future__ import annotations

from typing import Any

from fakepush.providers.sendbird.channel_openapi import CHANNEL_SCHEMAS
from fakepush.providers.schema import INT, NULLABLE_STRING, STRING, nullable, obj, ref
from fakepush.providers.sendbird.users import MAX_LENGTHS, MAX_METADATA_ITEMS, TOKEN_FIELDS

# The user as token responses nest it; the full resource has these and more.
BASIC_USER: dict[str, Any] = {
    "user_id": STRING,
    "nickname": NULLABLE_STRING,
    "profile_url": STRING,
    "metadata": {"type": ["object", "null"]},
}

SCHEMAS: dict[str, Any] = {
    "SendbirdError": obj(
        {
            "message": STRING,
            "code": INT,
            "error": {"const": True},
            "request_id": {"type": ["integer", "null"]},
        },
        required=["message", "code", "error"],
        description="Every Sendbird error, HTTP 400 (403 for 403100; 404/405/413/500 carry "
        "the HTTP status as code).",
    ),
    "CreateUserRequest": obj(
        {
            "user_id": {"type": "string", "minLength": 1, "maxLength": MAX_LENGTHS["user_id"]},
            "nickname": {"type": "string", "minLength": 1, "maxLength": MAX_LENGTHS["nickname"]},
            "profile_url": {"type": "string", "maxLength": MAX_LENGTHS["profile_url"]},
            "issue_access_token": {"type": ["boolean", "null"]},
            "discovery_keys": nullable({"type": "array", "items": STRING}),
            "metadata": nullable({"type": "object", "additionalProperties": STRING,
                                  "maxProperties": MAX_METADATA_ITEMS}),
        },
        required=["user_id", "nickname", "profile_url"],
        description="null counts as missing; profile_url may be empty.",
    ),
    "SendbirdUser": obj(
        {
            **BASIC_USER,
            "access_token": STRING,
            "is_online": {"type": "boolean"},
            "is_active": {"type": "boolean"},
            "last_seen_at": INT,
            "created_at": {"type": "integer", "description": "epoch seconds"},
        },
        required=["user_id", "nickname", "profile_url"],
        description="The full user resource of the Platform API; strings are never null "
        "except nickname and metadata.",
    ),
    "SendbirdBasicUser": obj(BASIC_USER),
    "AddTokenRequest": {
        "type": "object",
        "properties": {
            "is_unique": {"type": ["boolean", "null"]},
            "always_push": {"type": ["boolean", "null"]},
        },
        # The token in the field of one type; which one the path's token_type says.
        "anyOf": [
            {"properties": {field: {"type": "string", "minLength": 1}}, "required": [field]}
            for field in TOKEN_FIELDS.values()
        ],
        "description": "The field must match token_type: gcm_reg_token, huawei_device_token "
        "or apns_device_token.",
    },
    "TokenType": {"type": "string", "enum": ["GCM", "HUAWEI", "APNS"]},
    "AddTokenResponse": obj(
        {"token": STRING, "type": ref("TokenType"), "user": ref("SendbirdBasicUser")}
    ),
    "ListTokensResponse": obj(
        {
            "tokens": {"type": "array", "items": STRING},
            "type": ref("TokenType"),
            "user": ref("SendbirdBasicUser"),
            "token": {"type": "array", "items": STRING, "description": "same as tokens"},
        }
    ),
    "RemoveTokenResponse": obj(
        {
            "token": {
                "oneOf": [{"type": "array", "items": STRING}, STRING],
                "description": "a list of one (profile docs) or the string (profile sdk)",
            },
            "user": ref("SendbirdBasicUser"),
        }
    ),
    "RemoveAllTokensResponse": obj({"user": ref("SendbirdBasicUser")}, required=["user"]),
    "TokenOwners": {
        "oneOf": [
            obj({"user_id": STRING}),
            {"type": "array", "items": obj({"user_id": STRING})},
        ],
        "description": "The most recent owner (profile docs) or every owner, most recent "
        "first (profile sdk).",
    },
    # -- admin: config, export ----------------------------------------------------------
    "SendbirdAppConfig": obj(
        {
            "app_id": {"type": "string", "minLength": 1},
            "api_token": {"type": "string", "minLength": 1},
            "secondary_tokens": {
                "type": ["array", "null"],
                "items": {"type": "string", "minLength": 1},
            },
        },
        required=["app_id"],
    ),
    "SendbirdExport": obj(
        {"apps": {"type": "array", "items": ref("SendbirdAppConfig")}},
        required=[],
        description="Sendbird apps with their users, tokens, group channels (members, "
        "unread counts, messages) and the message id counter.",
    ),
    **CHANNEL_SCHEMAS,
}

HEADER_PARAMS = (
    {
        "name": "Api-Token",
        "in": "header",
        "schema": STRING,
        "description": "the app's master or a secondary token",
    },
)
PATH_PARAM_SCHEMAS = {"token_type": {"enum": ["gcm", "huawei", "apns"]}}
