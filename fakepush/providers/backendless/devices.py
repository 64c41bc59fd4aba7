"""A Backendless device and its rows, as the ``DeviceRegistration`` table holds them.

A registration is one row per (app, deviceId, channel) (docs/backendless.md). The
device's token, os and osVersion are shared by all its rows, so they live on the
``Device``; each ``Registration`` keeps its own objectId, expiration and owner. Both are
slotted and compact: a million rows must fit in well under 500 MB (docs/performance.md).
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from typing import Any


def new_object_id() -> str:
    """Backendless objectIds are upper-case UUIDs."""
    return str(uuid.uuid4()).upper()


def compact_object_id(object_id: str) -> int | str:
    """An objectId as a row keeps it: a canonical upper-case UUID as its 128-bit int
    (48 bytes instead of 85 for the string), anything else (a loaded export) as given."""
    if len(object_id) == 36 and object_id.isupper():
        try:
            value = uuid.UUID(object_id)
        except ValueError:
            return object_id
        if str(value).upper() == object_id:
            return value.int
    return object_id


class Registration:
    """One row: a device on one channel.

    Slots and a compact objectId: a million rows must fit in well under 500 MB
    (docs/performance.md); ``object_id`` still reads as the upper-case string.
    """

    __slots__ = ("_object_id", "channel", "expiration", "owner_id", "created", "updated")

    def __init__(
        self,
        object_id: str | int,
        channel: str,
        expiration: int | float | None,
        owner_id: str | None,
        created: int,
        updated: int,
    ) -> None:
        self._object_id = compact_object_id(object_id) if type(object_id) is str else object_id
        self.channel = channel
        self.expiration = expiration
        self.owner_id = owner_id
        self.created = created
        self.updated = updated

    @property
    def object_id(self) -> str:
        value = self._object_id
        if type(value) is str:
            return value
        hexed = "%032X" % value
        return f"{hexed[:8]}-{hexed[8:12]}-{hexed[12:16]}-{hexed[16:20]}-{hexed[20:]}"

    def expired(self, now_ms: float) -> bool:
        return self.expiration is not None and self.expiration <= now_ms


class Device:
    """What a deviceId holds: the shared properties and its rows by channel, oldest first.

    Most devices have one row, so ``_rows`` holds that Registration itself and becomes
    a dict by channel only from the second row on: a dict per device would cost more
    than the row it holds. Read the rows through ``registrations`` (a fresh dict) or
    ``rows()``; change them through ``row``, ``put`` and ``remove``.
    """

    __slots__ = ("device_id", "device_token", "os", "os_version", "_rows")

    def __init__(self, device_id: str, device_token: str, os: str, os_version: str) -> None:
        self.device_id = device_id
        self.device_token = device_token
        # Few distinct values among millions of devices: one string each.
        self.os = sys.intern(os)
        self.os_version = sys.intern(os_version)
        self._rows: Registration | dict[str, Registration] | None = None

    @property
    def registrations(self) -> dict[str, Registration]:
        """The rows by channel, oldest first (a copy: change them through put/remove)."""
        rows = self._rows
        if rows is None:
            return {}
        if type(rows) is Registration:
            return {rows.channel: rows}
        return dict(rows)  # type: ignore[arg-type]

    def rows(self) -> list[Registration]:
        rows = self._rows
        if rows is None:
            return []
        if type(rows) is Registration:
            return [rows]
        return list(rows.values())  # type: ignore[union-attr]

    def row(self, channel: str) -> Registration | None:
        rows = self._rows
        if type(rows) is Registration:
            return rows if rows.channel == channel else None
        return None if rows is None else rows.get(channel)  # type: ignore[union-attr]

    def put(self, row: Registration) -> None:
        """Add a row, or replace the one on its channel (keeping the channel's place)."""
        rows = self._rows
        if rows is None or (type(rows) is Registration and rows.channel == row.channel):
            self._rows = row
        elif type(rows) is Registration:
            self._rows = {rows.channel: rows, row.channel: row}
        else:
            rows[row.channel] = row  # type: ignore[index]

    def remove(self, channel: str) -> None:
        rows = self._rows
        if type(rows) is Registration:
            if rows.channel == channel:
                self._rows = None
            return
        if rows is not None:
            rows.pop(channel, None)  # type: ignore[union-attr]
            if len(rows) == 1:  # type: ignore[arg-type]
                self._rows = next(iter(rows.values()))  # type: ignore[union-attr]
            elif not rows:
                self._rows = None

    def retrieve_object(self) -> dict[str, Any]:
        """The object ``GET …/registrations/{deviceId}`` describes (profile ``docs``)."""
        rows = self.rows()
        expirations = [row.expiration for row in rows]
        return {
            "deviceToken": self.device_token,
            "deviceId": self.device_id,
            "os": self.os,
            "osVersion": self.os_version,
            "channels": [row.channel for row in rows],
            "expiration": None if None in expirations else max(expirations),
        }

    def first_object_id(self) -> str:
        return self.rows()[0].object_id

    def row_dicts(self) -> Iterator[dict[str, Any]]:
        for row in self.rows():
            yield {
                "objectId": row.object_id,
                "deviceId": self.device_id,
                "deviceToken": self.device_token,
                "os": self.os,
                "osVersion": self.os_version,
                "channel": row.channel,
                "expiration": row.expiration,
                "ownerId": row.owner_id,
                "created": row.created,
                "updated": row.updated,
            }
