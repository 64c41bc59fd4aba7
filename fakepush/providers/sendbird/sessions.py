"""A Sendbird user's session tokens: issue, expire, revoke.

``POST /v3/users/{user_id}/token`` issues one
(https://sendbird.com/docs/chat/v3/platform-api/user/managing-session-tokens/issue-a-session-token):
the body is optional, ``expires_at`` in Unix ms, seven days from now by default.
``DELETE`` revokes them all. Expiry is lazy: a token past its ``expires_at`` on the fake's
clock is dropped whenever the user's tokens are read, so no timer is needed.
"""

from __future__ import annotations

import secrets
from typing import Any

from fakepush.jsonbody import whole_number
from fakepush.providers.sendbird.errors import SendbirdError

DEFAULT_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000


def parse_expires_at(body: Any, now_ms: int) -> int:
    """When a new token expires: the body's ``expires_at`` (ms, after now), else a week on.

    SDK 2.1.5 sends an empty body when its request model is omitted; the caller passes
    ``{}`` for that.
    """
    if not isinstance(body, dict):
        raise SendbirdError(400403)
    expires_at = body.get("expires_at")
    if expires_at is None:
        return now_ms + DEFAULT_LIFETIME_MS
    expires = whole_number(expires_at)  # 5.0 too: JSON has one kind of number
    if expires is None or expires <= now_ms:
        raise SendbirdError(400111, field="expires_at")
    return expires


def new_session_token() -> str:
    """An opaque token; clients pass it back as they got it."""
    return secrets.token_hex(20)


class SessionTokens:
    """Every user's live session tokens in one app: user_id -> {token: expires_at}."""

    def __init__(self) -> None:
        self.by_user: dict[str, dict[str, int]] = {}

    def issue(self, user_id: str, expires_at: int) -> dict[str, Any]:
        token = new_session_token()
        self.by_user.setdefault(user_id, {})[token] = expires_at
        return {"token": token, "expires_at": expires_at}

    def revoke_all(self, user_id: str) -> None:
        self.by_user.pop(user_id, None)

    def live(self, user_id: str, now_ms: int) -> list[dict[str, Any]]:
        """The user's tokens not yet expired, oldest first; expired ones are dropped."""
        tokens = self.by_user.get(user_id)
        if not tokens:
            return []
        for token in [t for t, expires_at in tokens.items() if expires_at <= now_ms]:
            del tokens[token]
        if not tokens:
            del self.by_user[user_id]
        return [{"session_token": t, "expires_at": e} for t, e in tokens.items()]

    def clear(self) -> None:
        self.by_user.clear()

    def export(self) -> dict[str, list[dict[str, Any]]]:
        return {
            user_id: [{"session_token": t, "expires_at": e} for t, e in tokens.items()]
            for user_id, tokens in self.by_user.items()
        }

    def load(self, data: Any, user_ids: Any) -> None:
        """Read an export's ``session_tokens``; tokens of users not in the app are refused."""
        if not isinstance(data, dict):
            raise ValueError("session_tokens must be an object of user_id -> list")
        for user_id, rows in data.items():
            if user_id not in user_ids:
                raise ValueError(f"session tokens for unknown user {user_id!r}")
            for row in rows:
                expires_at = row["expires_at"]
                if not isinstance(expires_at, int) or isinstance(expires_at, bool):
                    raise ValueError(f"user {user_id!r}: expires_at must be an int")
                self.by_user.setdefault(user_id, {})[str(row["session_token"])] = expires_at
