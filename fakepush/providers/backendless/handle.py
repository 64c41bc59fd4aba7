"""What the Python handle shows of Backendless: ``FakePush(...).backendless``."""

from __future__ import annotations

from typing import Any

from fakepush.providers.backendless.store import BackendlessStore
from fakepush.providers.base import ProviderHandle, default_app_field, live_url


class BackendlessHandle(ProviderHandle):
    """The default app's credentials and read access to every app's registrations."""

    _store: BackendlessStore
    api_key = default_app_field("api_key", "The default app's REST API key.")
    subdomain = default_app_field("subdomain", "The default app's subdomain (domain form).")

    server_url = live_url("What the JS SDK's ``serverURL`` takes.")
    base_url = live_url(
        "``{url}/{app_id}/{api_key}``, to which ``/messaging/registrations`` is appended.",
        "/{handle.app_id}/{handle.api_key}",
    )

    def registrations(self, app_id: str | None = None) -> list[dict[str, Any]]:
        """Every live registration row of the app, oldest device first."""
        return self._store.registrations(self._app(app_id))

    def device(self, device_id: str, app_id: str | None = None) -> dict[str, Any] | None:
        """The retrieve object (profile ``docs``) of a device, or None."""
        return self._store.device(self._app(app_id), device_id)

    def channels(self, app_id: str | None = None) -> list[str]:
        return self._store.channels(self._app(app_id))

    def login(self, user_id: str | None = None, app_id: str | None = None) -> str:
        """A user-token for the ``user-token`` header; rows registered with it get ``ownerId``."""
        return self._store.login(self._app(app_id), user_id)["user-token"]

    # -- delivery -------------------------------------------------------------------------

    def messages(self, app_id: str | None = None) -> list[dict[str, Any]]:
        """Every message the app published, oldest first, each with its status and counts."""
        self._store.deliver_due()
        app = self._app(app_id)
        with self._store.lock:
            return [
                {**m.status_object(), "channel": m.channel, "message": m.text}
                for m in app.mail.messages.values()
            ]

    def pushes(self, **filters: Any) -> list[dict[str, Any]]:
        """The outbox's Backendless pushes (``app_id=``, ``channel=``, ``token=``, ...)."""
        return self._store.outbox.filter(provider="backendless", **filters)

    def templates(self, app_id: str | None = None) -> list[dict[str, Any]]:
        """The app's push templates, in the order they were added."""
        return self._store.messaging.templates(self._app(app_id))

    def add_template(
        self,
        name: str,
        message: str,
        *,
        channel: str = "default",
        platforms: tuple[str, ...] | list[str] = ("ANDROID", "IOS"),
        segment_query: str | None = None,
        android: dict[str, Any] | None = None,
        ios: dict[str, Any] | None = None,
        app_id: str | None = None,
    ) -> dict[str, Any]:
        """Add (or replace) a push template, as the Console would; ValueError if malformed."""
        return self._store.messaging.add_template(
            self._app(app_id),
            name,
            message,
            channel=channel,
            platforms=platforms,
            segment_query=segment_query,
            android=android,
            ios=ios,
        )
