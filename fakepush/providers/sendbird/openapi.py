"""The OpenAPI schemas of Sendbird: request and response bodies, its error, its export.

The operations themselves are written from the route table (``routes.py``) by
``fakepush/admin/openapi.py``; these are the ``components/schemas`` they refer to.
"""

from __future__ import annotations

from typing import Any

from fakepush.providers.sendbird.channel_openapi import CHANNEL_SCHEMAS
from fakepush.providers.schema import INT, NULLABLE_STRING, STRING, obj, ref

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
            "user_id": STRING,
            "nickname": STRING,
            "profile_url": STRING,
            "issue_access_token": {"type": "boolean"},
            "discovery_keys": {"type": "array", "items": STRING},
            "metadata": {"type": "object", "additionalProperties": STRING},
        },
        required=["user_id", "nickname", "profile_url"],
    ),
    "SendbirdUser": obj(
        {
            "user_id": STRING,
            "nickname": NULLABLE_STRING,
            "profile_url": STRING,
            "access_token": STRING,
            "is_online": {"type": "boolean"},
            "is_active": {"type": "boolean"},
            "last_seen_at": INT,
            "created_at": {"type": "integer", "description": "epoch seconds"},
            "metadata": {"type": ["object", "null"]},
        },
        required=["user_id", "nickname", "profile_url"],
        description="The full user resource of the Platform API; strings are never null "
        "except nickname and metadata.",
    ),
    "SendbirdBasicUser": obj(
        {
            "user_id": STRING,
            "nickname": NULLABLE_STRING,
            "profile_url": STRING,
            "metadata": {"type": ["object", "null"]},
        },
        required=["user_id", "nickname", "profile_url", "metadata"],
    ),
    "AddTokenRequest": {
        "type": "object",
        "properties": {
            "gcm_reg_token": STRING,
            "huawei_device_token": STRING,
            "apns_device_token": STRING,
            "is_unique": {"type": "boolean"},
            "always_push": {"type": "boolean"},
        },
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
            "app_id": STRING,
            "api_token": STRING,
            "secondary_tokens": {"type": "array", "items": STRING},
        },
        required=["app_id"],
    ),
    "SendbirdExport": obj(
        {"apps": {"type": "array", "items": ref("SendbirdAppConfig")}},
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
