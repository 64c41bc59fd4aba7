"""A Sendbird user: what the fake keeps of one, and the checks of a create-user body.

Each user keeps, per token type, an ordered set of tokens, oldest first (at most
``MAX_TOKENS_PER_TYPE``; the app evicts the oldest, ``store.py``). Field lengths and
token fields follow the Platform API docs (docs/sendbird.md).
"""

from __future__ import annotations

import secrets
from typing import Any

from fakepush.providers.sendbird.channels import check_object, optional_flag
from fakepush.providers.sendbird.errors import SendbirdError

TOKEN_TYPES: dict[str, str] = {"gcm": "GCM", "huawei": "HUAWEI", "apns": "APNS"}
# The body field that carries the token, by token type (D-add).
TOKEN_FIELDS: dict[str, str] = {
    "gcm": "gcm_reg_token",
    "huawei": "huawei_device_token",
    "apns": "apns_device_token",
}
MAX_TOKENS_PER_TYPE = 20
# Lengths from D-create: user_id and nickname up to 80, profile_url up to 2048.
MAX_LENGTHS: dict[str, int] = {"user_id": 80, "nickname": 80, "profile_url": 2048}
MAX_METADATA_ITEMS = 5


class SendbirdUser:
    """One user of one app, with their tokens per type (each an ordered set, oldest first)."""

    __slots__ = (
        "access_token",
        "created_at",
        "discovery_keys",
        "is_active",
        "last_seen_at",
        "metadata",
        "nickname",
        "preferred_languages",
        "profile_url",
        "tokens",
        "user_id",
    )

    def __init__(
        self,
        user_id: str,
        nickname: str,
        profile_url: str,
        created_at: int,
        metadata: dict[str, str] | None = None,
        discovery_keys: list[str] | None = None,
        access_token: str = "",
        is_active: bool = True,
        last_seen_at: int = 0,
        preferred_languages: list[str] | None = None,
    ) -> None:
        self.user_id = user_id
        self.nickname = nickname
        self.profile_url = profile_url
        self.created_at = created_at
        self.metadata = dict(metadata or {})
        self.discovery_keys = list(discovery_keys or [])
        self.access_token = access_token
        self.is_active = is_active
        self.last_seen_at = last_seen_at
        self.preferred_languages = list(preferred_languages or [])
        self.tokens: dict[str, dict[str, None]] = {token_type: {} for token_type in TOKEN_TYPES}

    def basic(self) -> dict[str, Any]:
        """The ``user`` object nested in token responses (D-list, D-remove)."""
        return {
            "user_id": self.user_id,
            "nickname": self.nickname,
            "profile_url": self.profile_url,
            "metadata": dict(self.metadata),
        }

    def resource(self) -> dict[str, Any]:
        """The full user resource (docs/sendbird.md).

        Strings are never null and timestamps are ints: SDK 2.1.5 raises on a null
        ``profile_url``, ``access_token`` or ``last_seen_at``.
        """
        return {
            "user_id": self.user_id,
            "nickname": self.nickname,
            "profile_url": self.profile_url,
            "access_token": self.access_token,
            "is_online": False,
            "is_active": self.is_active,
            "last_seen_at": self.last_seen_at,
            "has_ever_logged_in": False,
            "discovery_keys": list(self.discovery_keys),
            "preferred_languages": list(self.preferred_languages),
            "metadata": dict(self.metadata),
            "require_auth_for_profile_image": False,
            "created_at": self.created_at,
            "session_tokens": [],
            "phone_number": "",
            "locale": "",
            "is_hide_me_from_friends": False,
            "is_shadow_blocked": False,
            "state": "",
        }

    def export(self) -> dict[str, Any]:
        return {
            **self.basic(),
            "discovery_keys": list(self.discovery_keys),
            "access_token": self.access_token,
            "created_at": self.created_at,
            "is_active": self.is_active,
            "last_seen_at": self.last_seen_at,
            "preferred_languages": list(self.preferred_languages),
            "tokens": {token_type: list(tokens) for token_type, tokens in self.tokens.items()},
        }

    @classmethod
    def from_export(cls, row: dict[str, Any]) -> SendbirdUser:
        """The user of an export's row, without its tokens (the app gives those back)."""
        return cls(
            user_id=str(row["user_id"]),
            nickname=str(row.get("nickname") or ""),
            profile_url=str(row.get("profile_url") or ""),
            created_at=int(row.get("created_at") or 0),
            metadata={str(k): str(v) for k, v in (row.get("metadata") or {}).items()},
            discovery_keys=[str(k) for k in row.get("discovery_keys") or []],
            access_token=str(row.get("access_token") or ""),
            is_active=bool(row.get("is_active", True)),
            last_seen_at=int(row.get("last_seen_at") or 0),
            preferred_languages=[str(k) for k in row.get("preferred_languages") or []],
        )


def check_token_type(token_type: str) -> str:
    if token_type not in TOKEN_TYPES:
        raise SendbirdError(400111, field="token_type")
    return token_type


def required_string(body: dict[str, Any], field: str, *, may_be_empty: bool = False) -> str:
    value = body.get(field)
    if value is None or (value == "" and not may_be_empty):
        raise SendbirdError(400105, field=field)
    if not isinstance(value, str):
        raise SendbirdError(400111, field=field)
    limit = MAX_LENGTHS.get(field)
    if limit is not None and len(value) > limit:
        raise SendbirdError(400111, field=field)
    return value


def parse_new_user(body: Any) -> dict[str, Any]:
    """Check a create-user body in field order; nothing is stored before it passes."""
    body = check_object(body)
    fields: dict[str, Any] = {
        "user_id": required_string(body, "user_id"),
        "nickname": required_string(body, "nickname"),
        "profile_url": required_string(body, "profile_url", may_be_empty=True),
    }
    metadata = body.get("metadata")
    if metadata is not None:
        if (
            not isinstance(metadata, dict)
            or len(metadata) > MAX_METADATA_ITEMS
            or not all(isinstance(v, str) for v in metadata.values())
        ):
            raise SendbirdError(400111, field="metadata")
        fields["metadata"] = metadata
    discovery_keys = body.get("discovery_keys")
    if discovery_keys is not None:
        if not isinstance(discovery_keys, list) or not all(
            isinstance(k, str) for k in discovery_keys
        ):
            raise SendbirdError(400111, field="discovery_keys")
        fields["discovery_keys"] = discovery_keys
    if optional_flag(body, "issue_access_token"):
        fields["access_token"] = secrets.token_hex(20)  # as SendbirdStore._new_access_token
    return fields
