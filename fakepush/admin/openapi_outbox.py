"""The OpenAPI part of the outbox's admin routes (``/pushes``, ``/rejected-tokens``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fakepush.outbox import FILTERS, SERVICES
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


def paths(op: Callable[..., dict[str, Any]], param: Callable[..., dict[str, Any]]) -> dict:
    """The outbox's admin paths, built with the admin module's ``op`` and ``_param``."""
    filters = [param(name, "", "query") for name in FILTERS]
    return {
        "/_fakepush/pushes": {
            "get": op("get_pushes", "The outbox, oldest first", "Pushes", "the pushes",
                      params=filters),
            "delete": op("delete_pushes", "Clear the outbox (rejected tokens stay)", "Deleted",
                         "cleared"),
        },
        "/_fakepush/rejected-tokens": {
            "get": op("get_rejected_tokens", "Tokens whose pushes fail", "RejectedTokens",
                      "the tokens"),
            "put": op("put_rejected_token", "Make pushes to a token fail", "RejectedToken",
                      "rejected", body="RejectTokenRequest", bad_body=True),
            "delete": op("delete_rejected_tokens", "Accept every token again, or ?token=",
                         "Deleted", "accepted", params=[param("token", "", "query")],
                         refusals={404: "the token is not rejected"}),
        },
    }
