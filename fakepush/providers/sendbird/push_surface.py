"""What one Sendbird app keeps of its users' push surface, beside the users themselves.

Preferences (per user and per user and channel), the chosen content template, session
tokens, the online flags a test sets (the fake has no websockets), and the app's
``push_enabled`` setting. Only what differs from the defaults is stored, so a user who
never set anything costs nothing. Reset clears all of it but ``push_enabled``, which is an
app setting like the app's credentials; an export holds all of it but the online flags.
"""

from __future__ import annotations

from typing import Any

from fakepush.errors import ProviderError
from fakepush.providers.sendbird.preferences import (
    CHANNEL_TRIGGER_OPTIONS,
    TEMPLATE_NAMES,
    copy_preference,
    default_channel_preference,
    default_preference,
    parse_channel_preference_update,
    parse_preference_update,
)
from fakepush.providers.sendbird.sessions import SessionTokens


class PushSurface:
    """One app's push preferences, templates, session tokens, online flags, push setting."""

    def __init__(self) -> None:
        self.preferences: dict[str, dict[str, Any]] = {}
        self.channel_preferences: dict[tuple[str, str], dict[str, Any]] = {}
        self.templates: dict[str, str] = {}
        self.sessions = SessionTokens()
        self.online: set[str] = set()
        self.push_enabled = True

    def preference(self, user_id: str) -> dict[str, Any]:
        """The user's full preferences (a copy), defaults where never set."""
        stored = self.preferences.get(user_id)
        return copy_preference(stored) if stored is not None else default_preference()

    def channel_preference(self, user_id: str, channel_url: str) -> dict[str, Any]:
        stored = self.channel_preferences.get((user_id, channel_url))
        return dict(stored) if stored is not None else default_channel_preference()

    def template(self, user_id: str) -> str:
        return self.templates.get(user_id, "default")

    def forget_user(self, user_id: str) -> None:
        """A deleted user takes everything of theirs along."""
        self.preferences.pop(user_id, None)
        self.templates.pop(user_id, None)
        self.sessions.revoke_all(user_id)
        self.online.discard(user_id)
        for key in [k for k in self.channel_preferences if k[0] == user_id]:
            del self.channel_preferences[key]

    def forget_channel(self, channel_url: str) -> None:
        """A deleted channel's preferences go with it (a new one of that URL starts fresh)."""
        for key in [k for k in self.channel_preferences if k[1] == channel_url]:
            del self.channel_preferences[key]

    def clear(self) -> None:
        """Reset: everything but the app's ``push_enabled`` setting."""
        self.preferences.clear()
        self.channel_preferences.clear()
        self.templates.clear()
        self.sessions.clear()
        self.online.clear()

    def export(self) -> dict[str, Any]:
        return {
            "push_settings": {"push_enabled": self.push_enabled},
            "push_preferences": {u: copy_preference(p) for u, p in self.preferences.items()},
            "channel_push_preferences": [
                {"user_id": user_id, "channel_url": channel_url, **dict(preference)}
                for (user_id, channel_url), preference in self.channel_preferences.items()
            ],
            "push_templates": dict(self.templates),
            "session_tokens": self.sessions.export(),
        }

    def load(self, entry: dict[str, Any], user_ids: Any) -> None:
        """Read one app's entry of an export (the keys ``export`` writes; all optional).

        Values go through the same checks as the HTTP routes, so a hand-edited export
        cannot hold what no request could have stored.
        """
        settings = entry.get("push_settings") or {}
        enabled = settings.get("push_enabled", True)
        if not isinstance(enabled, bool):
            raise ValueError("push_settings.push_enabled must be a boolean")
        self.push_enabled = enabled
        for user_id, stored in (entry.get("push_preferences") or {}).items():
            _known(user_id, user_ids)
            self.preferences[user_id] = {**default_preference(), **_checked(stored)}
        for row in entry.get("channel_push_preferences") or []:
            user_id, channel_url = _known(row["user_id"], user_ids), str(row["channel_url"])
            fields = {k: v for k, v in row.items() if k not in ("user_id", "channel_url")}
            if fields.get("push_trigger_option") not in CHANNEL_TRIGGER_OPTIONS:
                raise ValueError(f"{user_id!r}/{channel_url!r}: bad push_trigger_option")
            self.channel_preferences[(user_id, channel_url)] = {
                **default_channel_preference(),
                **_checked(fields, parse_channel_preference_update),
            }
        for user_id, name in (entry.get("push_templates") or {}).items():
            _known(user_id, user_ids)
            if name not in TEMPLATE_NAMES:
                raise ValueError(f"user {user_id!r}: unknown push template {name!r}")
            self.templates[user_id] = name
        self.sessions.load(entry.get("session_tokens") or {}, user_ids)


def _known(user_id: Any, user_ids: Any) -> str:
    if user_id not in user_ids:
        raise ValueError(f"push surface data for unknown user {user_id!r}")
    return str(user_id)


def _checked(fields: Any, parse: Any = parse_preference_update) -> dict[str, Any]:
    """A stored value the HTTP route would refuse becomes the ValueError load reports."""
    try:
        return parse(fields)
    except ProviderError as exc:
        raise ValueError(f"bad push preference in export: {exc}") from None
