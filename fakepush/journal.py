"""The request journal: what every emulated request asked and what the fake answered."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from typing import Any

from fakepush.jsonbody import body_for_journal


class RawBody:
    """A request or response body as sent, parsed only when someone reads the journal.

    Most records are never read, so parsing both bodies of every request as it
    finishes would be wasted work on the hot path.
    """

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data


def _resolve(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its bodies parsed (in place, once; the caller holds the lock)."""
    for key in ("request", "response"):
        value = record.get(key)
        if type(value) is RawBody:
            record[key] = body_for_journal(value.data, None)
    return record


class Journal:
    """A list-like record of requests, oldest first, safe to append from many threads.

    Records are dicts with the fields of ``GET /_fakepush/requests``.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: list[dict[str, Any]] = []
        self._ids = itertools.count(1)

    def next_id(self) -> int:
        return next(self._ids)

    def append(self, record: dict[str, Any]) -> None:
        with self._lock:
            self._records.append(record)

    def clear(self) -> None:
        with self._lock:
            self._records = []

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            return iter([_resolve(r) for r in self._records])

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        with self._lock:
            found = self._records[index]
            if isinstance(index, slice):
                return [_resolve(r) for r in found]
            return _resolve(found)

    def __repr__(self) -> str:
        return f"<Journal of {len(self)} requests>"

    def filter(
        self,
        provider: str | None = None,
        method: str | None = None,
        status: int | None = None,
        path: str | None = None,
        app_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """Records that match every filter given; ``path`` is a substring match."""
        with self._lock:
            return [
                _resolve(r)
                for r in self._records
                if (provider is None or r["provider"] == provider)
                and (method is None or r["method"] == method.upper())
                and (status is None or r["status"] == int(status))
                and (path is None or path in r["path"])
                and (app_id is None or r["app_id"] == app_id)
            ]
