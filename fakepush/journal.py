"""The request journal: what every emulated request asked and what the fake answered."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from typing import Any

from fakepush.jsonbody import body_for_journal


def _record(raw: tuple[Any, ...]) -> dict[str, Any]:
    """The record's fields, from the raw pieces ``app._finish_request`` appends.

    Most records are never read, so working out the fields (and parsing both bodies) as
    every request finishes would be wasted work on the hot path; it happens here, once.
    """
    (request_id, at, method, path, endpoint, app_id, status, error_is_json,
     request_body, response_body, started, finished) = raw  # fmt: skip
    blueprint = endpoint.rpartition(".")[0] if endpoint and "." in endpoint else None
    if blueprint in ("backendless", "sendbird"):
        provider, operation = blueprint, endpoint
    else:
        from fakepush.app import provider_of_path

        provider, operation = provider_of_path(path), None
    error_code = None
    if error_is_json:  # an error answered as JSON: its provider code, if not the status
        try:
            payload = json.loads(response_body)
        except ValueError:
            payload = None
        if isinstance(payload, dict) and isinstance(payload.get("code"), int):
            error_code = payload["code"] if payload["code"] != status else None
    return {
        "id": request_id,
        "at": at,
        "method": method,
        "path": path,
        "provider": provider,
        "operation": operation,
        "app_id": app_id,
        "status": status,
        "error_code": error_code,
        "request": body_for_journal(request_body, None),
        "response": body_for_journal(response_body, None),
        "duration_ms": round((finished - started) * 1000, 3),
    }


class Journal:
    """A list-like record of requests, oldest first, safe to append from many threads.

    Records are dicts with the fields of ``GET /_fakepush/requests``; each is kept as
    the tuple of raw pieces it was appended as until someone reads it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: list[dict[str, Any]] = []
        self._worked_out = 0  # records before this index are dicts already
        self._ids = itertools.count(1)

    def next_id(self) -> int:
        return next(self._ids)

    def append(self, raw: tuple[Any, ...]) -> None:
        with self._lock:
            self._records.append(raw)

    def _resolved(self) -> list[dict[str, Any]]:
        """Every record as its dict, each worked out once (the caller holds the lock)."""
        records = self._records
        for i in range(self._worked_out, len(records)):
            records[i] = _record(records[i])  # type: ignore[arg-type]
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
