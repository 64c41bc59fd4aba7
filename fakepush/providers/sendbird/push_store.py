"""The Sendbird store's push surface: user updates, session tokens, templates, push
preferences (per user and per channel), online flags and the app's push setting.

Mixed into ``SendbirdStore`` ahead of the group-channel rules, so these methods are the
ones the push decision reads: ``push_preference``, ``channel_push_preference``,
``is_online``, ``push_template``, ``push_enabled``. Their names and answers are stable.
Each app carries a ``PushSurface`` as ``app.push_surface``.
"""

from __future__ import annotations

from typing import Any

from fakepush.providers.sendbird.preferences import (
    apply_preference_update,
    parse_channel_preference_update,
    parse_preference_update,
    parse_push_settings,
    parse_template_choice,
    reset_preference,
    resolved_channel_option,
)
from fakepush.providers.sendbird.sessions import parse_expires_at
from fakepush.providers.sendbird.user_update import leaves_all_channels, parse_user_update


class PushSurfaceRules:
    """Expects the store's ``lock``, ``clock``, ``_user`` and ``_resource``, and
    ``channel_member_check`` (400201 for an unknown channel, 400108 for a non-member)."""

    lock: Any
    clock: Any

    # The store's ``_user``, ``_resource`` and ``_new_access_token`` and the channels'
    # ``channel_member_check`` and ``_leave_all_channels`` come from classes later in the
    # method order (or the store itself), so none is defined here.
    _user: Any
    _resource: Any
    _new_access_token: Any
    channel_member_check: Any
    _leave_all_channels: Any

    # -- what the push decision reads ---------------------------------------------------

    def push_preference(self, app: Any, user_id: str) -> dict[str, Any]:
        """The user's full preferences, as ``GET push_preference`` answers; 400201 if the
        user is unknown."""
        with self.lock:
            self._user(app, user_id)
            return app.push_surface.preference(user_id)

    def channel_push_preference(self, app: Any, user_id: str, channel_url: str) -> dict[str, Any]:
        """``{"push_trigger_option", "push_sound", "enable"}`` as stored: the option may be
        ``default`` (use the user's). No membership check: the decision reads members."""
        with self.lock:
            return app.push_surface.channel_preference(user_id, channel_url)

    def is_online(self, app: Any, user_id: str) -> bool:
        with self.lock:
            return user_id in app.push_surface.online

    def push_template(self, app: Any, user_id: str) -> str:
        """``default`` or ``alternative``."""
        with self.lock:
            return app.push_surface.template(user_id)

    def push_enabled(self, app: Any) -> bool:
        with self.lock:
            return app.push_surface.push_enabled

    # -- users --------------------------------------------------------------------------

    def update_user(self, app: Any, user_id: str, body: Any) -> dict[str, Any]:
        """Apply a user update; answers the full user resource."""
        changes = parse_user_update(body)
        with self.lock:
            user = self._user(app, user_id)
            for field in ("nickname", "profile_url", "is_active", "last_seen_at"):
                if field in changes:
                    setattr(user, field, changes[field])
            for field in ("discovery_keys", "preferred_languages"):
                if field in changes:
                    setattr(user, field, list(changes[field]))
            if changes.get("issue_access_token"):
                user.access_token = self._new_access_token()
            if leaves_all_channels(changes):
                self._leave_all_channels(app, user_id)
            return self._resource(app, user)

    # -- session tokens -----------------------------------------------------------------

    def issue_session_token(self, app: Any, user_id: str, body: Any) -> dict[str, Any]:
        """``{"token", "expires_at"}``; ``body`` ``{}`` for none."""
        with self.lock:
            self._user(app, user_id)
            expires_at = parse_expires_at(body, int(self.clock.now_ms()))
            return app.push_surface.sessions.issue(user_id, expires_at)

    def revoke_session_tokens(self, app: Any, user_id: str) -> None:
        with self.lock:
            self._user(app, user_id)
            app.push_surface.sessions.revoke_all(user_id)

    def session_tokens(self, app: Any, user_id: str) -> list[dict[str, Any]]:
        """The user's live tokens ``[{"session_token", "expires_at"}]``, oldest first."""
        with self.lock:
            self._user(app, user_id)
            return app.push_surface.sessions.live(user_id, int(self.clock.now_ms()))

    # -- the content template -----------------------------------------------------------

    def view_push_template(self, app: Any, user_id: str) -> dict[str, str]:
        with self.lock:
            self._user(app, user_id)
            return {"name": app.push_surface.template(user_id)}

    def choose_push_template(self, app: Any, user_id: str, body: Any) -> dict[str, str]:
        with self.lock:
            self._user(app, user_id)
            name = parse_template_choice(body)
            app.push_surface.templates[user_id] = name
            return {"name": name}

    # -- preferences --------------------------------------------------------------------

    def update_push_preference(self, app: Any, user_id: str, body: Any) -> dict[str, Any]:
        """A partial update; answers the full, updated preferences."""
        with self.lock:
            self._user(app, user_id)
            changes = parse_preference_update(body)
            surface = app.push_surface
            surface.preferences[user_id] = apply_preference_update(
                surface.preference(user_id), changes
            )
            return surface.preference(user_id)

    def reset_push_preference(self, app: Any, user_id: str) -> None:
        with self.lock:
            self._user(app, user_id)
            surface = app.push_surface
            surface.preferences[user_id] = reset_preference(surface.preference(user_id))

    def _channel_answer(
        self, app: Any, user_id: str, channel_url: str, sdk: bool
    ) -> dict[str, Any]:
        surface = app.push_surface
        answer = surface.channel_preference(user_id, channel_url)
        if sdk:  # SDK 2.1.5 decodes only all|mention_only|off (docs/profiles.md)
            answer["push_trigger_option"] = resolved_channel_option(
                surface.preference(user_id), answer
            )
        return answer

    def view_channel_push_preference(
        self, app: Any, user_id: str, channel_url: str, *, sdk: bool = False
    ) -> dict[str, Any]:
        with self.lock:
            self._user(app, user_id)
            self.channel_member_check(app, channel_url, user_id)
            return self._channel_answer(app, user_id, channel_url, sdk)

    def update_channel_push_preference(
        self, app: Any, user_id: str, channel_url: str, body: Any, *, sdk: bool = False
    ) -> dict[str, Any]:
        with self.lock:
            self._user(app, user_id)
            self.channel_member_check(app, channel_url, user_id)
            changes = parse_channel_preference_update(body)
            surface = app.push_surface
            current = surface.channel_preference(user_id, channel_url)
            surface.channel_preferences[(user_id, channel_url)] = {**current, **changes}
            return self._channel_answer(app, user_id, channel_url, sdk)

    # -- online flags and the app's setting ---------------------------------------------

    def set_online(self, app: Any, user_id: str, online: bool = True) -> None:
        """Mark a user online or offline (only tests do: the fake has no websockets)."""
        with self.lock:
            self._user(app, user_id)
            if online:
                app.push_surface.online.add(user_id)
            else:
                app.push_surface.online.discard(user_id)

    def push_settings(self, app: Any) -> dict[str, bool]:
        with self.lock:
            return {"push_enabled": app.push_surface.push_enabled}

    def update_push_settings(self, app: Any, body: Any) -> dict[str, bool]:
        enabled = parse_push_settings(body)
        with self.lock:
            app.push_surface.push_enabled = enabled
            return {"push_enabled": enabled}

    def push_preferences_view(self, app: Any, user_id: str) -> dict[str, Any]:
        """For the Python handle: the full preferences; KeyError for an unknown user."""
        with self.lock:
            if user_id not in app.users:
                raise KeyError(f"no Sendbird user {user_id!r} in app {app.app_id!r}")
            return app.push_surface.preference(user_id)

