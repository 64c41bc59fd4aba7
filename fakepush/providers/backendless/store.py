"""Backendless Messaging device registrations: the rules, with no HTTP in sight.

The apps and what each holds: its devices and their rows (``devices.py``), its channels,
user-tokens, messages and templates. A register body is checked by ``registration.py``
before anything is stored. Expired rows are removed lazily, when their device is
touched, on the fake's clock: no timer threads, no scans of other devices.
"""

from __future__ import annotations

import math
import sys
import uuid
from typing import Any

from fakepush.clock import Clock
from fakepush.hosts import is_ip_address, strip_port
from fakepush.jsonbody import is_number
from fakepush.outbox import Outbox
from fakepush.providers.backendless.delivery import Mailroom
from fakepush.providers.backendless.devices import (
    Device,
    Registration,
    compact_object_id,
    new_object_id,
)
from fakepush.providers.backendless.errors import BackendlessError
from fakepush.providers.backendless.messaging import Messaging, export_mail, load_mail
from fakepush.providers.backendless.registration import is_channel_name, parse_registration
from fakepush.providers.backendless.table import DeviceRegistrationTable, RowIndex, segment_test
from fakepush.providers.base import AppStore

DEFAULT_APP = {
    "app_id": "FAKEPUSH-APP-ID",
    "api_key": "FAKEPUSH-REST-API-KEY",
    "subdomain": "fakepush",
}


class BackendlessApp:
    """One Backendless application: its credentials and everything registered in it."""

    def __init__(self, app_id: str, api_key: str, subdomain: str | None = None) -> None:
        self.app_id = app_id
        self.api_key = api_key
        self.subdomain = subdomain
        self.devices: dict[str, Device] = {}
        # An ordered set: channels are created on first use and outlive their devices.
        self.channels: dict[str, None] = {}
        # user-token -> the user's objectId
        self.user_tokens: dict[str, str] = {}
        # Lookups of the DeviceRegistration table by token, owner and objectId (table.py).
        self.rows = RowIndex()
        # The channel index, messages and push templates (delivery.py).
        self.mail = Mailroom()

    def config(self) -> dict[str, Any]:
        return {"app_id": self.app_id, "api_key": self.api_key, "subdomain": self.subdomain}

    def clear(self) -> None:
        self.devices.clear()
        self.channels.clear()
        self.user_tokens.clear()
        self.rows.clear()
        self.mail.clear()


class BackendlessStore(AppStore[BackendlessApp]):
    """Every Backendless app the fake knows, and the rules of their registrations.

    Public methods take the shared lock themselves; the caller never needs to.
    """

    PROVIDER = "Backendless"
    DEFAULT_APP = DEFAULT_APP
    APP_FIELDS = ("app_id", "api_key", "subdomain")

    def __init__(self, clock: Clock, lock: Any = None, outbox: Outbox | None = None) -> None:
        super().__init__(clock, lock, outbox)
        # The DeviceRegistration data table's find, count, find one and delete one.
        self.table = DeviceRegistrationTable(self, compact_object_id)
        # Publish, status, cancel, templates, channel deletion (messaging.py).
        self.messaging = Messaging(self, segment_test)
        self._last_stamp = -1  # the created / updated value of the last row written

    def deliver_due(self) -> None:
        """Deliver every scheduled message due on the fake's clock (lazy, no timer)."""
        self.messaging.deliver_due()

    # -- apps ---------------------------------------------------------------------------

    def _upsert_app(self, app_id: str, config: dict[str, Any]) -> BackendlessApp:
        app = self.apps.get(app_id)
        api_key = config.get("api_key", app.api_key if app else None)
        if not isinstance(api_key, str) or not api_key:
            raise ValueError(f"Backendless app {app_id!r} needs a non-empty 'api_key'")
        subdomain = config.get("subdomain", app.subdomain if app else None)
        if subdomain is not None and (not isinstance(subdomain, str) or not subdomain):
            raise ValueError(f"Backendless app {app_id!r}: 'subdomain' must be a string")
        if subdomain is not None:
            other = self.names.get(subdomain.lower())
            if other is not None and other.app_id != app_id:
                raise ValueError(
                    f"subdomain {subdomain!r} already belongs to app {other.app_id!r}"
                )
        if app is None:
            app = self.apps[app_id] = BackendlessApp(app_id, api_key, subdomain)
        else:
            if app.subdomain is not None:
                self.names.pop(app.subdomain.lower(), None)
            app.api_key, app.subdomain = api_key, subdomain
        if subdomain is not None:
            self.names[subdomain.lower()] = app
        return app

    def app_by_credentials(self, app_id: str, api_key: str) -> BackendlessApp:
        app = self.apps.get(app_id)
        if app is None or app.api_key != api_key:
            raise BackendlessError(2002)
        return app

    def app_by_host(self, host: str) -> BackendlessApp:
        """The app the ``Host`` header names in the custom-domain URL form.

        An IP address or ``localhost`` means the default app (so a local stand-in works
        with ``initApp('http://127.0.0.1:PORT')``); otherwise the first label is the
        app's subdomain (``myapp.backendless.app`` -> ``myapp``).
        """
        hostname = strip_port(host).lower()
        if hostname == "localhost" or is_ip_address(hostname):
            return self.apps[self.default_app_id]
        app = self.names.get(hostname.split(".", 1)[0])
        if app is None:
            raise BackendlessError(2002)
        return app

    # -- users --------------------------------------------------------------------------

    def login(self, app: BackendlessApp, user_id: str | None = None) -> dict[str, str]:
        """Issue a user-token for a user of ``app`` (objectId ``user_id`` or a new one)."""
        with self.lock:
            object_id = user_id or new_object_id()
            token = new_object_id()
            app.user_tokens[token] = object_id
            return {"objectId": object_id, "user-token": token}

    def owner_of(self, app: BackendlessApp, user_token: str | None) -> str | None:
        """The objectId behind a ``user-token`` header, None without one; 3064 if unknown."""
        if user_token is None:
            return None
        owner = app.user_tokens.get(user_token)
        if owner is None:
            raise BackendlessError(3064, token=user_token)
        return owner

    # -- registrations ------------------------------------------------------------------

    def _live_device(self, app: BackendlessApp, device_id: str, now_ms: float) -> Device | None:
        """The device with its expired rows removed for good; None if nothing is left."""
        device = app.devices.get(device_id)
        if device is None:
            return None
        for row in device.rows():
            if row.expired(now_ms):
                device.remove(row.channel)
        if device._rows is None:
            del app.devices[device_id]
            return None
        return device

    def register(
        self, app: BackendlessApp, body: Any, user_token: str | None = None
    ) -> str:
        """Register (or re-register) a device; returns the ``registrationId`` string."""
        with self.lock:
            owner_id = self.owner_of(app, user_token)
            now = self.clock.now_ms()
            request = parse_registration(body, now)
            stamp = int(now)
            if stamp == self._last_stamp:
                # One int object for every row written in the same millisecond (a loop
                # filling a store, a frozen clock): 32 bytes a row fewer at a million.
                stamp = self._last_stamp
            else:
                self._last_stamp = stamp
            device = self._live_device(app, request.device_id, now)
            if device is None:
                device = Device(
                    request.device_id, request.device_token, request.os, request.os_version
                )
                app.devices[request.device_id] = device
            else:
                device.device_token = request.device_token
                device.os = sys.intern(request.os)
                device.os_version = sys.intern(request.os_version)
                for row in device.rows():
                    row.updated = stamp
            pairs = []
            for channel in request.channels:
                row = device.row(channel)
                if row is None:
                    row = Registration(
                        uuid.uuid4().int, channel, request.expiration, owner_id, stamp, stamp
                    )
                    device.put(row)
                else:
                    row.expiration = request.expiration
                    if owner_id is not None:
                        row.owner_id = owner_id
                app.channels.setdefault(channel, None)
                app.rows.note(device, row)
                app.mail.index(channel, request.device_id)
                pairs.append(f"{row.object_id}::{channel}")
            return ",".join(pairs)

    def retrieve(
        self, app: BackendlessApp, device_id: str, user_token: str | None = None
    ) -> dict[str, Any]:
        """The retrieve object with ``"id"`` (the first row's objectId) in front.

        Built under the lock: a Device read after it is released could change under a
        concurrent register (a 500 "dictionary changed size during iteration").
        """
        with self.lock:
            self.owner_of(app, user_token)
            device = self._live_device(app, device_id, self.clock.now_ms())
            if device is None:
                raise BackendlessError(5000)
            return {"id": device.first_object_id(), **device.retrieve_object()}

    def cancel(self, app: BackendlessApp, device_id: str, user_token: str | None = None) -> None:
        """Remove every row of the device."""
        with self.lock:
            self.owner_of(app, user_token)
            if self._live_device(app, device_id, self.clock.now_ms()) is None:
                raise BackendlessError(5001)
            del app.devices[device_id]

    # -- views for the Python handle, the admin API and the dashboard -------------------

    def registrations(self, app: BackendlessApp) -> list[dict[str, Any]]:
        """Every live row of ``app``, device by device, oldest row first."""
        with self.lock:
            now = self.clock.now_ms()
            rows: list[dict[str, Any]] = []
            for device_id in list(app.devices):
                device = self._live_device(app, device_id, now)
                if device is not None:
                    rows.extend(device.row_dicts())
            return rows

    def device(self, app: BackendlessApp, device_id: str) -> dict[str, Any] | None:
        with self.lock:
            device = self._live_device(app, device_id, self.clock.now_ms())
            return None if device is None else device.retrieve_object()

    def channels(self, app: BackendlessApp) -> list[str]:
        with self.lock:
            return sorted(app.channels)

    # -- reset, export, load ------------------------------------------------------------

    def export(self) -> dict[str, Any]:
        with self.lock:
            self.messaging.deliver_due()  # pending means pending at the fake's now
            return super().export()

    def _export_app(self, app: BackendlessApp) -> dict[str, Any]:
        return {
            "channels": list(app.channels),
            "registrations": self.registrations(app),
            "users": [
                {"objectId": owner, "user-token": token} for token, owner in app.user_tokens.items()
            ],
            **export_mail(app),
        }

    def _load_app(self, app: BackendlessApp, entry: dict[str, Any]) -> None:
        # The API's own rules: a channel name register would refuse is refused here too.
        for name in entry.get("channels", []):
            app.channels.setdefault(_loaded_channel(name), None)
        for user in entry.get("users", []):
            app.user_tokens[str(user["user-token"])] = str(user["objectId"])
        for row in entry.get("registrations", []):
            _load_row(app, row)
        load_mail(app, entry)


def _loaded_channel(name: Any) -> str:
    if not isinstance(name, str) or not is_channel_name(name):
        raise ValueError(f"{name!r} is not a channel name register would accept")
    return name


def _load_row(app: BackendlessApp, row: dict[str, Any]) -> None:
    """One exported row back in; ValueError for a row the API could never have made, so an
    export always answers (and writes) as valid JSON that matches the OpenAPI schema."""
    fields = {name: row[name] for name in ("objectId", "deviceId", "deviceToken", "os",
                                            "osVersion", "channel")}
    for name, value in fields.items():
        if not isinstance(value, str) or (name in ("objectId", "deviceId", "channel") and not value):
            raise ValueError(f"registration {row.get('objectId')!r}: bad {name}")
    device = app.devices.get(fields["deviceId"])
    if device is None:
        device = app.devices[fields["deviceId"]] = Device(
            fields["deviceId"], fields["deviceToken"], fields["os"], fields["osVersion"]
        )
    channel = sys.intern(_loaded_channel(fields["channel"]))
    expiration = row.get("expiration")
    if expiration is not None and not (is_number(expiration) and math.isfinite(expiration)):
        raise ValueError(f"registration {row.get('objectId')!r}: bad expiration")
    owner_id = row.get("ownerId")
    if owner_id is not None and not isinstance(owner_id, str):
        raise ValueError(f"registration {row.get('objectId')!r}: bad ownerId")
    stamps = [row.get("created") or 0, row.get("updated") or 0]
    if not all(is_number(stamp) and math.isfinite(stamp) for stamp in stamps):
        raise ValueError(f"registration {row.get('objectId')!r}: bad created or updated")
    loaded = Registration(
        fields["objectId"], channel, expiration, owner_id, int(stamps[0]), int(stamps[1])
    )
    device.put(loaded)
    app.rows.note(device, loaded)
    app.channels.setdefault(channel, None)
    app.mail.index(channel, fields["deviceId"])
