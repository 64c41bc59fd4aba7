"""``PUT /v3/users/{user_id}``: which fields a user update may set, and their checks.

Fields from https://sendbird.com/docs/chat/v3/platform-api/user/managing-users/update-a-user
and sendbird-platform-sdk 2.1.5 ``model/update_a_user_request.py``: every one optional,
unknown keys ignored (``metadata`` has its own endpoints and is not one of them). A wrong
type or length is 400111 naming the field, before anything changes.
"""

from __future__ import annotations

from typing import Any

from fakepush.jsonbody import whole_number
from fakepush.providers.sendbird.errors import SendbirdError

MAX_NICKNAME = 80
MAX_PROFILE_URL = 2048
MAX_PREFERRED_LANGUAGES = 4  # "up to four languages" (update-a-user)

_FLAGS = ("issue_access_token", "is_active", "leave_all_when_deactivated")


def _invalid(field: str) -> SendbirdError:
    return SendbirdError(400111, field=field)


def _strings(value: Any, field: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _invalid(field)
    return list(value)


def parse_user_update(body: Any) -> dict[str, Any]:
    """The changes a user-update body asks for, checked whole.

    ``None`` for ``nickname``, ``profile_url``, ``discovery_keys`` or
    ``preferred_languages`` means "not given" (SDK 2.1.5 types those four as nullable); a
    null flag or ``last_seen_at`` is a wrong type.
    """
    if not isinstance(body, dict):
        raise SendbirdError(400403)
    changes: dict[str, Any] = {}
    nickname = body.get("nickname")
    if nickname is not None:
        if not isinstance(nickname, str) or not 1 <= len(nickname) <= MAX_NICKNAME:
            raise _invalid("nickname")
        changes["nickname"] = nickname
    profile_url = body.get("profile_url")
    if profile_url is not None:
        if not isinstance(profile_url, str) or len(profile_url) > MAX_PROFILE_URL:
            raise _invalid("profile_url")
        changes["profile_url"] = profile_url
    for field in _FLAGS:
        if field in body:
            if not isinstance(body[field], bool):
                raise _invalid(field)
            changes[field] = body[field]
    if "last_seen_at" in body:
        seen = whole_number(body["last_seen_at"])  # 5.0 too: JSON has one kind of number
        if seen is None or seen < 0:
            raise _invalid("last_seen_at")
        changes["last_seen_at"] = seen
    if body.get("discovery_keys") is not None:
        changes["discovery_keys"] = _strings(body["discovery_keys"], "discovery_keys")
    if body.get("preferred_languages") is not None:
        languages = _strings(body["preferred_languages"], "preferred_languages")
        if len(languages) > MAX_PREFERRED_LANGUAGES:
            raise _invalid("preferred_languages")
        changes["preferred_languages"] = languages
    return changes


def leaves_all_channels(changes: dict[str, Any]) -> bool:
    """Deactivating a user takes them out of every channel unless the update says not to
    (``leave_all_when_deactivated``, "true by default")."""
    return changes.get("is_active") is False and changes.get("leave_all_when_deactivated", True)
