"""Backendless wire errors: one table of codes and messages, one exception type.

The codes come from https://backendless.com/docs/js/backendless_error_codes.html; the
messages are the ones the service answers with (docs/decisions.md lists the chosen ones).
Every Backendless error is HTTP 400 with ``{"message": str, "code": int}``.
"""

from __future__ import annotations

from fakepush.errors import ProviderError

MESSAGES: dict[int, str] = {
    1017: "Invalid where clause: {detail}",
    1025: "pageSize cannot be greater than 100",
    1026: "Invalid query option: {detail}",
    1000: "Entity with the specified ID cannot be found: {object_id}",
    2002: "Unable to find application. Check application id and/or API key.",
    3064: "Not existing user token - {token}. Relogin user to update your user token",
    5000: "Unable to retrieve device registration - unknown device ID.",
    5001: "Unable to cancel device registration - unknown device ID.",
    5003: "Invalid repeatExpiresAt date in delivery options.",
    5004: "Unable to register device. Invalid expiration date.",
    5005: "Wrong json format for device registration: {detail}",
    5006: "Device registration can't be null",
    5010: "Can't find message channel with such name for the given application",
    5011: "Unable to register device, deviceId cannot be null",
    5030: "Invalid publishAt date in delivery options.",
    5040: "Can't cancel message. Already cancelled or there is no such message",
    5041: "Invalid message for push notification, provide message that could be cast to String",
    5044: "Channel name contains invalid character",
    # Chosen: no source names the error for an unknown push template (docs/decisions.md).
    5070: "Push template not found: {name}",
    8000: "Invalid value range: {detail}",
    8002: "Could not parse request with message: {detail}",
}


class BackendlessError(ProviderError):
    """A Backendless fault: ``400 {"message", "code"}``."""

    def __init__(self, code: int, **fields: str) -> None:
        super().__init__(code, MESSAGES[code].format(**fields))


def error_body(message: str, status: int) -> dict:
    """A generic error (no route, body too large, unexpected) in Backendless' shape."""
    return {"message": message, "code": status}
