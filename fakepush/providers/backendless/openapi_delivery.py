"""The OpenAPI schemas of Backendless delivery: publish, status, cancel, templates, channels."""

from __future__ import annotations

from typing import Any

from fakepush.providers.backendless.publish import ALL, MAX_DATE_MS, OS_BITS
from fakepush.providers.schema import INT, NULLABLE_STRING, STRING, any_case, nullable, obj

STATUS = {"enum": ["scheduled", "published", "failed", "cancelled", "unknown"]}
DATE = {
    "anyOf": [
        {"type": "number", "minimum": 0, "maximum": MAX_DATE_MS},
        {"type": "string", "format": "date-time"},
        {"type": "null"},
    ],
    "description": "epoch ms, or ISO-8601 with an offset or Z (what the JS SDK sends for a Date)",
}
# pushBroadcast: a mask, its digits, or OS names (FOR_ optional) joined by | or ,
_OS_NAME = "(?:" + any_case("FOR_") + "?" + any_case(*OS_BITS, "ALL", "NONE") + ")"
_MASK_DIGITS = "0*(?:1[0-5]|[0-9])"
PUSH_BROADCAST = {
    "anyOf": [
        {"type": "integer", "minimum": 0, "maximum": ALL},
        {"type": "string", "pattern": f"^\\s*(?:{_MASK_DIGITS}|{_OS_NAME}(?:\\s*[|,]\\s*{_OS_NAME})*)\\s*$"},
        {"type": "null"},
    ],
    "description": "mask IOS 1, ANDROID 2, WP 4, OSX 8, ALL 15 (0: ALL), or names joined by | "
    "or , (FOR_IOS|FOR_ANDROID)",
}
_PUBSUB = {"type": "string", "pattern": f"^{any_case('PUBSUB')}$"}

SCHEMAS: dict[str, Any] = {
    "PublishRequest": {
        "type": "object",
        "properties": {
            "message": {
                "type": ["string", "number", "boolean", "object", "array"],
                "description": "a string, number or boolean (pushed as its text) unless PUBSUB",
            },
            "headers": nullable({"type": "object", "additionalProperties": STRING}),
            "publisherId": NULLABLE_STRING,
            "publishPolicy": nullable(
                {"type": "string", "pattern": f"^{any_case('PUSH', 'PUBSUB', 'BOTH')}$"}
            ),
            "pushPolicy": nullable(
                {"type": "string", "pattern": f"^{any_case('ONLY', 'ALSO')}$",
                 "description": "legacy (ONLY = PUSH, ALSO = BOTH); publishPolicy wins"}
            ),
            "pushBroadcast": PUSH_BROADCAST,
            "pushSinglecast": nullable({"type": "array", "items": STRING}),
            "segmentQuery": nullable({**STRING, "description": "a where clause"}),
            "publishAt": DATE,
            "repeatEvery": {"type": ["integer", "null"], "minimum": 1, "description": "seconds"},
            "repeatExpiresAt": DATE,
        },
        "required": ["message"],
        # Every policy but PUBSUB pushes, and a push needs a message that is text (5041).
        "if": {"properties": {"publishPolicy": _PUBSUB}, "required": ["publishPolicy"]},
        "else": {"properties": {"message": {"type": ["string", "number", "boolean"]}}},
        "description": "Enum values in any case; unknown keys are ignored.",
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
        "type": ["object", "null"],
        "properties": {"templateValues": {"type": ["object", "null"]}},
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
