"""The OpenAPI part of delivery: Backendless publish, status, cancel, templates and
channels in both URL forms, the outbox's admin routes and the template admin routes."""

from __future__ import annotations

from typing import Any

from fakepush.admin.openapi import (
    INT,
    MS,
    NULLABLE_STRING,
    STRING,
    _errors,
    _json,
    _obj,
    _operation,
    _param,
    _ref,
)

OUTBOX_FILTERS = ("provider", "app_id", "token", "device_id", "user_id", "channel", "service",
                  "message_id")
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
                "description": "mask IOS 1, ANDROID 2, WP 4, OSX 8, ALL 15, or names "
                "joined by | or , (FOR_IOS|FOR_ANDROID)",
            },
            "pushSinglecast": {"type": "array", "items": STRING},
            "segmentQuery": STRING,
            "publishAt": DATE,
            "repeatEvery": {"type": "integer", "minimum": 1, "description": "seconds"},
            "repeatExpiresAt": DATE,
        },
        "required": ["message"],
    },
    "PublishResponse": _obj(
        {"messageId": STRING, "status": {"const": "scheduled"}, "errorMessage": {"type": "null"}}
    ),
    "MessageStatus": _obj(
        {
            "messageId": STRING,
            "status": STATUS,
            "errorMessage": NULLABLE_STRING,
            "sendingTimeInMillis": INT,
            "successfulSendsAmount": INT,
            "failedSendsAmount": INT,
        }
    ),
    "CancelMessageResponse": _obj({"messageId": STRING, "status": {"const": "cancelled"}}),
    "DevicePushTemplates": {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "properties": {"name": STRING},
            "required": ["name"],
        },
        "description": "keyed by template name: that platform's options with the name",
    },
    "PushWithTemplateRequest": {
        "type": "object",
        "description": '{"templateValues": {...}}, or the values map itself',
    },
    "ResultTrue": _obj({"result": {"const": True}}),
    "Push": _obj(
        {
            "id": INT,
            "at": MS,
            "provider": STRING,
            "app_id": STRING,
            "message_id": STRING,
            "channel": STRING,
            "service": {"enum": ["FCM", "APNS", "HMS", "WNS"]},
            "token": STRING,
            "device_id": NULLABLE_STRING,
            "user_id": NULLABLE_STRING,
            "payload": {"type": "object"},
            "status": {"enum": ["sent", "failed"]},
            "error": NULLABLE_STRING,
        }
    ),
    "Pushes": _obj({"pushes": {"type": "array", "items": _ref("Push")}}),
    "RejectedToken": _obj({"token": STRING, "error": STRING}),
    "RejectTokenRequest": _obj(
        {"token": STRING, "error": STRING}, required=["token"], additionalProperties=False
    ),
    "RejectedTokens": _obj({"tokens": {"type": "array", "items": _ref("RejectedToken")}}),
    "PushTemplate": _obj(
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
    "PushTemplateRequest": _obj(
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
}


def backendless_paths(prefix: str, app_params: list[dict[str, Any]], form: str,
                      suffix: str, user_token: dict[str, Any]) -> dict[str, Any]:
    """The delivery routes of one Backendless URL form."""
    errors = _errors("BackendlessError", 400, 404, 405, 413, 500)
    params = [*app_params, user_token]

    def op(name: str, summary: str, schema: str, description: str, extra=(), body=None,
           body_required=True):  # type: ignore[no-untyped-def]
        return _operation(
            f"backendless_{name}{suffix}", f"{summary} ({form} form)",
            _json(_ref(schema), description), errors, tag="Backendless",
            params=[*params, *extra], body=body, body_required=body_required,
        )

    channel = _param("channel", "any name but registrations, pushtemplates, push, channels")
    message_id = _param("message_id", "message:<UUID> as publish answered")
    return {
        f"{prefix}/messaging/{{channel}}": {
            "post": op("publish", "Publish to a channel (created if unknown)", "PublishResponse",
                       "accepted; pushes of an immediate message are in the outbox",
                       [channel], "PublishRequest"),
        },
        f"{prefix}/messaging/{{message_id}}": {
            "get": op("message_status", "A message's status and counts", "MessageStatus",
                      "the status (unknown for an id never issued)", [message_id]),
            "delete": op("cancel_message", "Cancel a scheduled message (5040 otherwise)",
                         "CancelMessageResponse", "cancelled", [message_id]),
        },
        f"{prefix}/messaging/pushtemplates": {
            "get": op("push_templates", "Push templates of iOS devices", "DevicePushTemplates",
                      "keyed by name"),
        },
        f"{prefix}/messaging/pushtemplates/{{device_type}}": {
            "get": op("push_templates_for", "Push templates of a device type",
                      "DevicePushTemplates", "keyed by name",
                      [_param("device_type", "android or ios, any case")]),
        },
        f"{prefix}/messaging/push/{{template_name}}": {
            "post": op("push_with_template", "Push a template, placeholders filled",
                       "PublishResponse", "accepted", [_param("template_name")],
                       "PushWithTemplateRequest", body_required=False),
        },
        f"{prefix}/messaging/channels/{{channel}}": {
            "delete": op("delete_channel", "Delete a channel, its rows and pending messages",
                         "ResultTrue", "deleted", [_param("channel")]),
        },
    }


def admin_paths(op) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The outbox and template admin routes, built with the admin ``op`` helper."""
    filters = [_param(name, "", "query") for name in OUTBOX_FILTERS]
    app_id = [_param("app_id", "a Backendless app id (default app otherwise)", "query")]
    name = _param("name", "the template's name")
    return {
        "/_fakepush/pushes": {
            "get": op("get_pushes", "The outbox, oldest first", "Pushes", "the pushes",
                      params=filters),
            "delete": op("delete_pushes", "Clear the outbox", "Deleted", "cleared"),
        },
        "/_fakepush/rejected-tokens": {
            "get": op("get_rejected_tokens", "Tokens whose pushes fail", "RejectedTokens",
                      "the tokens"),
            "put": op("put_rejected_token", "Make pushes to a token fail", "RejectedToken",
                      "rejected", body="RejectTokenRequest", bad_body=True),
            "delete": op("delete_rejected_tokens", "Accept every token again, or ?token=",
                         "Deleted", "accepted", params=[_param("token", "", "query")]),
        },
        "/_fakepush/backendless/templates/{name}": {
            "put": op("put_backendless_template", "Add or replace a Backendless push template",
                      "PushTemplate", "the template", body="PushTemplateRequest",
                      params=[*app_id, name]),
            "delete": op("delete_backendless_template", "Remove a Backendless push template",
                         "Deleted", "removed", params=[*app_id, name]),
        },
    }
