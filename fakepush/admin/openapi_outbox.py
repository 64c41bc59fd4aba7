"""The OpenAPI schemas of the outbox's admin routes (``/pushes``, ``/rejected-tokens``, whose
rows are in ``admin/pushes.py``)."""

from __future__ import annotations

from typing import Any

from fakepush.outbox import SERVICES
from fakepush.providers.schema import INT, MS, NULLABLE_STRING, STRING, obj, ref

NON_EMPTY: dict[str, Any] = {"type": "string", "minLength": 1}

SCHEMAS: dict[str, Any] = {
    "Push": obj(
        {
            "id": INT,
            "at": MS,
            "provider": STRING,
            "app_id": STRING,
            "message_id": STRING,
            "channel": STRING,
            "service": {"enum": list(SERVICES)},
            "token": STRING,
            "device_id": NULLABLE_STRING,
            "user_id": NULLABLE_STRING,
            "payload": {"type": "object"},
            "status": {"enum": ["sent", "failed"]},
            "error": NULLABLE_STRING,
        }
    ),
    "Pushes": obj({"pushes": {"type": "array", "items": ref("Push")}}),
    "RejectedToken": obj({"token": STRING, "error": STRING}),
    "RejectTokenRequest": obj(
        {"token": NON_EMPTY, "error": NON_EMPTY}, required=["token"], additionalProperties=False
    ),
    "RejectedTokens": obj({"tokens": {"type": "array", "items": ref("RejectedToken")}}),
}
