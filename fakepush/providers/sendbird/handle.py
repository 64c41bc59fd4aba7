"""What the Python handle shows of Sendbird: ``FakePush(...).sendbird``."""

from __future__ import annotations

from typing import Any, overload

from fakepush.providers.base import ProviderHandle, default_app_field, live_url
from fakepush.providers.sendbird.store import SendbirdStore


class SendbirdHandle(ProviderHandle):
    """The default app's credentials and read access to every app's users and tokens."""

    _store: SendbirdStore
    host = live_url("What the SDK's ``Configuration(host=)`` takes (its paths hold ``/v3``).")
    base_url = live_url("``{url}/v3``, the base of the documented REST paths.", "/v3")
    api_token = default_app_field("api_token", "The default app's master API token.")

    def users(self, app_id: str | None = None) -> list[dict[str, Any]]:
        """Every user of the app as a full user resource, in creation order."""
        return self._store.users(self._app(app_id))

    @overload
    def tokens(
        self, user_id: str, token_type: None = None, app_id: str | None = None
    ) -> dict[str, list[str]]: ...

    @overload
    def tokens(self, user_id: str, token_type: str, app_id: str | None = None) -> list[str]: ...

    def tokens(
        self, user_id: str, token_type: str | None = None, app_id: str | None = None
    ) -> list[str] | dict[str, list[str]]:
        """A user's tokens oldest first: one type's list, or every type's by name.

        Raises ``LookupError`` (a ``KeyError``) for a user the app does not have.
        """
        return self._store.tokens(self._app(app_id), user_id, token_type)

    def push_preferences(self, user_id: str, app_id: str | None = None) -> dict[str, Any]:
        """The user's full push preferences, as ``GET push_preference`` answers them.

        Raises ``LookupError`` (a ``KeyError``) for a user the app does not have.
        """
        return self._store.push_preferences_view(self._app(app_id), user_id)

    def set_online(self, user_id: str, online: bool = True, app_id: str | None = None) -> None:
        """Mark a user online (or offline): an online user gets no pushes. The fake has no
        websockets, so every user is offline until a test says otherwise."""
        app = self._app(app_id)
        self._known(app, user_id)
        self._store.set_online(app, user_id, online)

    def session_tokens(self, user_id: str, app_id: str | None = None) -> list[dict[str, Any]]:
        """The user's live session tokens, ``[{"session_token", "expires_at"}]``, oldest first."""
        app = self._app(app_id)
        self._known(app, user_id)
        return self._store.session_tokens(app, user_id)

    def _known(self, app: SendbirdApp, user_id: str) -> None:
        # Checked here so that the Python caller gets a KeyError, not the wire error.
        self._store.push_preferences_view(app, user_id)

    def channels(self, app_id: str | None = None) -> list[dict[str, Any]]:
        """Every group channel of the app with its members, in creation order."""
        return self._store.group_channels(self._app(app_id))

    def messages(self, channel_url: str, app_id: str | None = None) -> list[dict[str, Any]]:
        """A group channel's messages, oldest first; ``KeyError`` for an unknown channel."""
        return self._store.messages(self._app(app_id), channel_url)

    def pushes(self, **filters: Any) -> list[dict[str, Any]]:
        """The outbox's Sendbird pushes, oldest first, filtered as ``fake.pushes.filter``."""
        return self._store.outbox.filter(**{**filters, "provider": "sendbird"})
