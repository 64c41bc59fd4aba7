"""The OpenAPI schemas of Backendless delivery: publish, status, cancel, templates, channels."""

from __future__ import annotations

from typing import Any

from fakepush.providers.schema import INT, NULLABLE_STRING, STRING, obj

STATUS = {"enum": ["scheduled", "published", "failed", "cancelled", "unknown"]}
DATE = {"type": ["integer", "string"], "description": "epoch ms, or ISO-8601 with an offset"}

SCHEMAS: dict[str, Any] = {
    "PublishRequest": {
        "type": "object",
        "properties": {
            "message": {"description": "required; a string, number or boolean unless PUBSUB"},
            "headers": {"type": "object", "additionalProperties": STRING},
            "publisherId": STRING,
            "publishPolicy": {"type": "string", "description": "PUSH, PUBSUB or BOTH"},
            "pushPolicy": {"type": "string", "description": "legacy: ONLY or ALSO"},
            "pushBroadcast": {
                "type": ["integer", "string"],
                "description": "mask IOS 1, ANDROID 2, WP 4, OSX 8, ALL 15, or names joined "
                "by | or , (FOR_IOS|FOR_ANDROID)",
            },
            "pushSinglecast": {"type": "array", "items": STRING},
            "segmentQuery": STRING,
            "publishAt": DATE,
            "repeatEvery": {"type": "integer", "minimum": 1, "description": "seconds"},
            "repeatExpiresAt": DATE,
        },
        "required": ["message"],
    },
    "PublishResponse": obj(
        {"messageId": STRING, "status": {"const": "scheduled"}, "errorMessage": {"type": "null"}}
    ),
    "MessageStatus": obj(
        {
            "messageId": STRING,
            "status": STATUS,
            "errorMessage": NULLABLE_STRING,
            "sendingTimeInMillis": INT,
            "successfulSendsAmount": INT,
            "failedSendsAmount": INT,
        }
    ),
    "CancelMessageResponse": obj({"messageId": STRING, "status": {"const": "cancelled"}}),
    "DevicePushTemplates": {
        "type": "object",
        "additionalProperties": obj({"name": STRING}),
        "description": "keyed by template name: that platform's options with the name",
    },
    "PushWithTemplateRequest": {
        "type": "object",
        "description": '{"templateValues": {...}}, or the values map itself',
    },
    "ResultTrue": obj({"result": {"const": True}}),
    "BackendlessPushTemplate": obj(
        {
            "name": STRING,
            "message": STRING,
            "channel": STRING,
            "platforms": {"type": "array", "items": {"enum": ["ANDROID", "IOS"]}},
            "segment_query": NULLABLE_STRING,
            "android": {"type": "object"},
            "ios": {"type": "object"},
        }
    ),
    "BackendlessPushTemplateRequest": obj(
        {
            "message": STRING,
            "channel": STRING,
            "platforms": {"type": "array", "items": STRING},
            "segment_query": NULLABLE_STRING,
            "android": {"type": "object"},
            "ios": {"type": "object"},
        },
        required=["message"],
        additionalProperties=False,
    ),
    "BackendlessMessage": {
        "type": "object",
        "description": "A pending (scheduled or repeating) message, as an export keeps it.",
        "properties": {"message_id": STRING, "channel": STRING, "next_due": INT},
        "required": ["message_id", "channel"],
    },
}
