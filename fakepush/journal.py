"""The request journal: what every emulated request asked and what the fake answered."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from typing import Any


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
            return iter(list(self._records))

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        with self._lock:
            return self._records[index]

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
            records = list(self._records)
        return [
            r
            for r in records
            if (provider is None or r["provider"] == provider)
            and (method is None or r["method"] == method.upper())
            and (status is None or r["status"] == int(status))
            and (path is None or path in r["path"])
            and (app_id is None or r["app_id"] == app_id)
        ]
