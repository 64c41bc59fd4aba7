"""The DeviceRegistration data table: find, count, find one, delete one.

Backendless keeps registrations in an ordinary data table that apps query with a where
clause (https://backendless.com/docs/rest/push_managing_registrations.html). The fake's
rows live on their devices (store.py); this module shows them as table rows and finds
them through indexes, so a find on ``deviceToken``, ``user.objectId``, ``deviceId`` or
``objectId`` reads the few rows it names, never the whole app.

The indexes only grow on a write (``note``) and are checked on every read: an entry
whose device has gone, or whose value has changed, is pruned when it is read. So the
rules that remove rows (cancel, expiry, delete, load) need not know about them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Callable

from fakepush.providers.backendless.errors import BackendlessError
from fakepush.providers.backendless.query import order_and_page, parse_query
from fakepush.providers.backendless.where import Where, compile_where

TABLE = "DeviceRegistration"


def row_object(device: Any, row: Any) -> dict[str, Any]:
    """One row as the table answers it: the columns of the Swift SDK's
    adaptToDeviceRegistration (https://github.com/Backendless/Swift-SDK, file
    Sources/SwiftSDK/Response/ProcessResponse.swift)."""
    return {
        "___class": TABLE,
        "objectId": row.object_id,
        "deviceId": device.device_id,
        "deviceToken": device.device_token,
        "operatingSystemName": device.os,
        "operatingSystemVersion": device.os_version,
        "channelName": row.channel,
        "expiration": row.expiration,
        "created": row.created,
        "updated": row.updated,
        "ownerId": row.owner_id,
    }


def segment_test(clause: str) -> Callable[[Mapping[str, Any]], bool]:
    """A publish or template ``segmentQuery``: the same clause as a find's ``where``."""
    return compile_where(clause).matches


class RowIndex:
    """One app's lookups: device ids by token and by owner, and device id by objectId.

    Each is built on the first find that wants it, then kept up by ``note``: an app that
    never queries the table spends no memory on them (a million rows stay within the
    store's memory budget, docs/performance.md), and one that does pays one scan once.
    A value is one device id (the usual case) or a dict of them.
    """

    def __init__(self) -> None:
        self.by_token: dict[str, Any] | None = None
        self.by_owner: dict[str, Any] | None = None
        self.by_object_id: dict[Any, str] | None = None

    def clear(self) -> None:
        self.by_token = self.by_owner = self.by_object_id = None

    def note(self, device: Any, row: Any) -> None:
        """Called for every row written (register, load): what finds will look it up by."""
        if self.by_token is not None:
            _add(self.by_token, device.device_token, device.device_id)
        if self.by_owner is not None and row.owner_id is not None:
            _add(self.by_owner, row.owner_id, device.device_id)
        if self.by_object_id is not None:
            self.by_object_id[row._object_id] = device.device_id

    def tokens(self, devices: dict[str, Any]) -> dict[str, Any]:
        if self.by_token is None:
            self.by_token = {}
            for device in devices.values():
                _add(self.by_token, device.device_token, device.device_id)
        return self.by_token

    def owners(self, devices: dict[str, Any]) -> dict[str, Any]:
        if self.by_owner is None:
            self.by_owner = {}
            for device in devices.values():
                for row in device.rows():
                    if row.owner_id is not None:
                        _add(self.by_owner, row.owner_id, device.device_id)
        return self.by_owner

    def object_ids(self, devices: dict[str, Any]) -> dict[Any, str]:
        if self.by_object_id is None:
            self.by_object_id = {
                row._object_id: device.device_id
                for device in devices.values()
                for row in device.rows()
            }
        return self.by_object_id


def _add(index: dict[str, Any], key: str, device_id: str) -> None:
    held = index.get(key)
    if held is None or held == device_id:
        index[key] = device_id
    elif type(held) is str:
        index[key] = {held: None, device_id: None}
    else:
        held[device_id] = None


class DeviceRegistrationTable:
    """The table's four operations over a BackendlessStore; each takes the store's lock.

    ``compact`` turns an objectId string into the key its row keeps (store.py).
    """

    def __init__(self, store: Any, compact: Callable[[str], Any]) -> None:
        self.store = store
        self.compact = compact

    # -- candidates ---------------------------------------------------------------------

    def _device_ids(self, app: Any, where: Where) -> Iterable[str]:
        """The devices that can hold a matching row: the smallest index set the clause's
        top-level equalities name, or every device when it names none."""
        hints = where.equalities
        choices: list[list[str]] = []
        if "deviceId" in hints:
            choices.append([d for d in hints["deviceId"] if isinstance(d, str)])
        if "deviceToken" in hints:
            choices.append(_lookup(app.rows.tokens(app.devices), hints["deviceToken"]))
        if "ownerId" in hints:
            choices.append(_lookup(app.rows.owners(app.devices), hints["ownerId"]))
        members = getattr(getattr(app, "mail", None), "members", None)
        if "channelName" in hints and members is not None:
            # The per-channel index of deliveries (delivery.py).
            choices.append([d for c in hints["channelName"] for d in members.get(c, ())])
        if not choices:
            return list(app.devices)
        # Index entries may be stale (a device gone, a token changed): the full clause,
        # tested on each live row, decides.
        return dict.fromkeys(min(choices, key=len))

    def _rows(self, app: Any, where: Where) -> Iterator[dict[str, Any]]:
        now = self.store.clock.now_ms()
        for device_id in self._device_ids(app, where):
            device = self.store._live_device(app, device_id, now)  # drops expired rows
            if device is None:
                continue
            for row in device.rows():
                shown = row_object(device, row)
                if where.matches(shown):
                    yield shown

    # -- the operations -----------------------------------------------------------------

    def find(
        self, app: Any, options: Mapping[str, Any], user_token: str | None
    ) -> list[dict[str, Any]]:
        """The page of rows the options ask for (where, pageSize, offset, sortBy, props)."""
        with self.store.lock:
            self.store.owner_of(app, user_token)
            query = parse_query(options)
            return order_and_page(self._rows(app, query.where), query)

    def count(self, app: Any, where: Any, user_token: str | None) -> int:
        with self.store.lock:
            self.store.owner_of(app, user_token)
            compiled = compile_where(where)
            return sum(1 for _ in self._rows(app, compiled))

    def _locate(self, app: Any, object_id: str) -> tuple[Any, Any]:
        """(device, row) of a live row; 1000 when there is none."""
        index = app.rows.object_ids(app.devices)
        key = self.compact(object_id)
        device_id = index.get(key)
        if device_id is not None:
            device = self.store._live_device(app, device_id, self.store.clock.now_ms())
            for row in device.rows() if device is not None else ():
                if row._object_id == key:
                    return device, row
            del index[key]
        raise BackendlessError(1000, object_id=object_id)

    def find_one(self, app: Any, object_id: str, user_token: str | None) -> dict[str, Any]:
        with self.store.lock:
            self.store.owner_of(app, user_token)
            return row_object(*self._locate(app, object_id))

    def delete_one(self, app: Any, object_id: str, user_token: str | None) -> int:
        """Delete the row; its device goes with its last row. Returns the deletion time."""
        with self.store.lock:
            self.store.owner_of(app, user_token)
            device, row = self._locate(app, object_id)
            device.remove(row.channel)
            if not device.rows():
                del app.devices[device.device_id]
            return int(self.store.clock.now_ms())


def _lookup(index: dict[str, Any], values: Iterable[Any]) -> list[str]:
    found: list[str] = []
    for value in values:
        held = index.get(value) if isinstance(value, str) else None
        if type(held) is str:
            found.append(held)
        elif held is not None:
            found.extend(held)
    return found
