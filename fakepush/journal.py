"""The request journal: what every emulated request asked and what the fake answered."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from typing import Any

from fakepush.jsonbody import body_for_journal

# The journal keeps the newest records only (docs/admin.md, "Journal"): a server left
# running must not grow without end.
DEFAULT_JOURNAL_LIMIT = 10_000
# A body past this is kept as the text of its first bytes, marked as cut.
MAX_KEPT_BODY_BYTES = 64 * 1024


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
        "request": _kept_body(request_body),
        "request_cut": len(request_body) > MAX_KEPT_BODY_BYTES,
        "response": _kept_body(response_body),
        "response_cut": len(response_body) > MAX_KEPT_BODY_BYTES,
        "duration_ms": round((finished - started) * 1000, 3),
    }


def _kept_body(data: bytes) -> Any:
    if len(data) > MAX_KEPT_BODY_BYTES:
        return data[:MAX_KEPT_BODY_BYTES].decode("utf-8", errors="ignore")
    return body_for_journal(data, None)


def cut_raw(raw: tuple[Any, ...]) -> tuple[Any, ...]:
    """The raw pieces with each body cut just past the bound (so memory stays bounded, and
    the record still knows the body was longer)."""
    request_body, response_body = raw[8], raw[9]
    limit = MAX_KEPT_BODY_BYTES + 1
    if len(request_body) <= limit and len(response_body) <= limit:
        return raw
    return (*raw[:8], request_body[:limit], response_body[:limit], *raw[10:])


class Journal:
    """A list-like record of requests, oldest first, safe to append from many threads.

    Records are dicts with the fields of ``GET /_fakepush/requests``; each is kept as
    the tuple of raw pieces it was appended as until someone reads it.
    """

    def __init__(self, limit: int = DEFAULT_JOURNAL_LIMIT) -> None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"journal_limit must be a positive integer, not {limit!r}")
        self.limit = limit
        self._lock = threading.Lock()
        self._records: list[dict[str, Any]] = []
        self._worked_out = 0  # records before this index are dicts already
        self._ids = itertools.count(1)

    def next_id(self) -> int:
        return next(self._ids)

    def append(self, raw: tuple[Any, ...]) -> None:
        raw = cut_raw(raw)
        with self._lock:
            records = self._records
            records.append(raw)
            # Dropped in batches of a tenth of the limit: one list shift per batch keeps
            # the append amortised O(1); readers see only the newest ``limit``.
            if len(records) > self.limit + max(1, self.limit // 10):
                excess = len(records) - self.limit
                del records[:excess]
                self._worked_out = max(0, self._worked_out - excess)

    def _resolved(self, newest: int | None = None) -> list[dict[str, Any]]:
        """The kept records as dicts, each worked out once (the caller holds the lock);
        only the newest ``newest`` of them when given."""
        records = self._records
        if len(records) > self.limit:
            excess = len(records) - self.limit
            del records[:excess]
            self._worked_out = max(0, self._worked_out - excess)
        start = self._worked_out if newest is None else max(0, len(records) - newest)
        for i in range(start, len(records)):
            if type(records[i]) is tuple:
                records[i] = _record(records[i])  # type: ignore[arg-type]
        if start <= self._worked_out:
            self._worked_out = len(records)
        return records if newest is None else records[start:]

    def clear(self) -> None:
        with self._lock:
            self._records = []
            self._worked_out = 0

    def __len__(self) -> int:
        return min(len(self._records), self.limit)

    def newest(self, count: int) -> list[dict[str, Any]]:
        """The newest ``count`` records, oldest first, working out only those."""
        with self._lock:
            return list(self._resolved(newest=count))

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
