"""The request journal: what every emulated request asked and what the fake answered."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from typing import Any

from fakepush.jsonbody import body_for_journal


class Record:
    """One request as the request cycle saw it: the raw pieces, worked out when read.

    Most records are never read, so working out the fields (and parsing both bodies) as
    every request finishes would be wasted work on the hot path; ``as_dict`` does it once.
    """

    __slots__ = (
        "request_id", "at", "method", "path", "provider", "operation", "app_id", "status",
        "error_is_json", "request_body", "response_body", "started", "finished",
    )  # fmt: skip

    def __init__(
        self,
        request_id: int,
        at: int,
        method: str,
        path: str,
        provider: str | None,
        operation: str | None,
        app_id: str | None,
        status: int,
        error_is_json: bool,
        request_body: bytes,
        response_body: bytes,
        started: float,
        finished: float,
    ) -> None:
        self.request_id = request_id
        self.at = at
        self.method = method
        self.path = path
        self.provider = provider
        self.operation = operation
        self.app_id = app_id
        self.status = status
        self.error_is_json = error_is_json
        self.request_body = request_body
        self.response_body = response_body
        self.started = started
        self.finished = finished

    def as_dict(self) -> dict[str, Any]:
        """The fields of ``GET /_fakepush/requests``."""
        return {
            "id": self.request_id,
            "at": self.at,
            "method": self.method,
            "path": self.path,
            "provider": self.provider,
            "operation": self.operation,
            "app_id": self.app_id,
            "status": self.status,
            "error_code": self._error_code(),
            "request": body_for_journal(self.request_body, None),
            "response": body_for_journal(self.response_body, None),
            "duration_ms": round((self.finished - self.started) * 1000, 3),
        }

    def _error_code(self) -> int | None:
        """An error answered as JSON: its provider code, if not the HTTP status."""
        if not self.error_is_json:
            return None
        try:
            payload = json.loads(self.response_body)
        except ValueError:
            return None
        if isinstance(payload, dict) and isinstance(payload.get("code"), int):
            return payload["code"] if payload["code"] != self.status else None
        return None


class Journal:
    """A list-like record of requests, oldest first, safe to append from many threads.

    Records read back are dicts with the fields of ``GET /_fakepush/requests``; each is
    kept as the ``Record`` it was appended as until someone reads it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: list[Any] = []
        self._worked_out = 0  # records before this index are dicts already
        self._ids = itertools.count(1)

    def next_id(self) -> int:
        return next(self._ids)

    def append(self, record: Record) -> None:
        with self._lock:
            self._records.append(record)

    def _resolved(self) -> list[dict[str, Any]]:
        """Every record as its dict, each worked out once (the caller holds the lock)."""
        records = self._records
        for i in range(self._worked_out, len(records)):
            records[i] = records[i].as_dict()
        self._worked_out = len(records)
        return records

    def clear(self) -> None:
        with self._lock:
            self._records = []
            self._worked_out = 0

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            return iter(list(self._resolved()))

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        with self._lock:
            return self._resolved()[index]

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
                r
                for r in self._resolved()
                if (provider is None or r["provider"] == provider)
                and (method is None or r["method"] == method.upper())
                and (status is None or r["status"] == int(status))
                and (path is None or path in r["path"])
                and (app_id is None or r["app_id"] == app_id)
            ]
