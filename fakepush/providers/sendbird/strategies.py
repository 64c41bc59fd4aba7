"""hypothesis strategies for Sendbird users and push tokens (``fakepush.strategies``)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from fakepush.providers.sendbird.users import TOKEN_FIELDS
from fakepush.providers.sendbird.users import TOKEN_TYPES as _TOKEN_TYPE_NAMES
from fakepush.providers.strategies import TEXT

__all__ = [
    "TOKEN_TYPES",
    "push_tokens",
    "sendbird_users",
    "token_bodies",
    "token_types",
    "user_ids",
]

TOKEN_TYPES = tuple(_TOKEN_TYPE_NAMES)


def user_ids(max_size: int = 80) -> st.SearchStrategy[str]:
    """Sendbird user ids: 1 to 80 characters; spaces, ``/`` and ``:`` included."""
    alphabet = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\x7f")
    return st.text(alphabet, min_size=1, max_size=min(max_size, 80))


def sendbird_users() -> st.SearchStrategy[dict[str, Any]]:
    """``POST /v3/users`` bodies: ``user_id``, ``nickname``, ``profile_url`` (only it may be ``""``)."""
    return st.fixed_dictionaries(
        {
            "user_id": user_ids(),
            "nickname": st.text(TEXT, min_size=1, max_size=80),  # "" counts as missing
            "profile_url": st.one_of(
                st.just(""),
                st.from_regex(r"https://[a-z]{1,10}\.example/[a-z0-9]{0,10}\.png", fullmatch=True),
            ),
        }
    )


def token_types() -> st.SearchStrategy[str]:
    return st.sampled_from(TOKEN_TYPES)


def push_tokens(token_type: str | None = None) -> st.SearchStrategy[str]:
    """Push tokens shaped like each service's (FCM with ``:`` and ``/``, APNs hex, HMS)."""
    shapes = {
        "gcm": st.from_regex(r"[A-Za-z0-9_-]{11}:APA91b[A-Za-z0-9_/+=-]{20,140}", fullmatch=True),
        "apns": st.from_regex(r"[0-9a-f]{64}", fullmatch=True),
        "huawei": st.from_regex(r"[A-Za-z0-9._-]{20,120}", fullmatch=True),
    }
    if token_type is not None:
        return shapes[token_type]
    return st.one_of(*shapes.values())


def token_bodies(token_type: str) -> st.SearchStrategy[dict[str, Any]]:
    """``POST /v3/users/{user_id}/push/{token_type}`` bodies, sometimes with the client flags."""
    return st.fixed_dictionaries(
        {TOKEN_FIELDS[token_type]: push_tokens(token_type)},
        optional={"is_unique": st.booleans(), "always_push": st.booleans()},
    )
