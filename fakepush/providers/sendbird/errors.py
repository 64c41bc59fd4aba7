"""Sendbird wire errors: one table of codes and messages, one exception type.

The codes and messages are Sendbird's
(https://sendbird.com/docs/chat/v3/platform-api/error-codes).
Every Sendbird error body is ``{"message": str, "code": int, "error": true}``.
"""

from __future__ import annotations

from fakepush.errors import ProviderError

MESSAGES: dict[int, str] = {
    400105: "{field} must be required.",
    400108: "Not authorized. The user is not a member of the channel.",
    400111: 'Invalid value: "{field}".',
    400201: '"{resource}" not found.',
    400202: '"{resource}" already exists.',
    400401: 'Invalid value: "Api-Token".',
    400403: "The request body is an invalid JSON.",
    403100: "The application identified with the request isn't available.",
}

# Sendbird answers HTTP 400 for every code here but the one whose code says otherwise.
STATUSES: dict[int, int] = {403100: 403}


class SendbirdError(ProviderError):
    """A Sendbird error: the code's HTTP status and ``{"message", "code", "error": true}``."""

    def __init__(self, code: int, **fields: str) -> None:
        super().__init__(code, MESSAGES[code].format(**fields), STATUSES.get(code, 400))

    def body(self) -> dict:
        return {**super().body(), "error": True}


def error_body(message: str, status: int) -> dict:
    """A generic error (no route, body too large, unexpected) in Sendbird's shape."""
    return {"message": message, "code": status, "error": True}
