"""The request journal: what every emulated request asked and what the fake answered."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fakepush.jsonbody import body_for_journal

# The journal keeps the newest records only (docs/admin.md, "Journal"): a server left
# running must not grow without end.
DEFAULT_JOURNAL_LIMIT = 10_000
# A body past this is kept as the text of its first bytes, marked as cut.
MAX_KEPT_BODY_BYTES = 64 * 1024


@dataclass(slots=True, eq=False)
class Record:
    """One request as the request cycle saw it: the raw pieces, worked out when read.

    Most records are never read, so working out the fields (and parsing both bodies) as
    every request finishes would be wasted work on the hot path; ``as_dict`` does it once.
    """

    request_id: int
    at: int
    method: str
    path: str
    provider: str | None
    operation: str | None
    app_id: str | None
    status: int
    error_is_json: bool
    request_body: bytes
    response_body: bytes
    started: float
    finished: float
    profile: str | None = None  # the profile that answered (profile auto picks one per request)
    fault: int | None = None  # the id of the fault rule that made the answer, if one did

    def __post_init__(self) -> None:
        # Cut just past the bound: memory stays bounded, and the record knows it was longer.
        self.request_body = self.request_body[: MAX_KEPT_BODY_BYTES + 1]
        self.response_body = self.response_body[: MAX_KEPT_BODY_BYTES + 1]

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
            "request": _kept_body(self.request_body),
            "request_cut": len(self.request_body) > MAX_KEPT_BODY_BYTES,
            "response": _kept_body(self.response_body),
            "response_cut": len(self.response_body) > MAX_KEPT_BODY_BYTES,
            "duration_ms": round((self.finished - self.started) * 1000, 3),
            "profile": self.profile,
            "fault": self.fault,
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


def _kept_body(data: bytes) -> Any:
    """A body over the bound is kept as the text of its first bytes (cut JSON is not JSON)."""
    if len(data) > MAX_KEPT_BODY_BYTES:
        return data[:MAX_KEPT_BODY_BYTES].decode("utf-8", errors="ignore")
    return body_for_journal(data, None)


class Journal:
    """A list-like record of requests, oldest first, safe to append from many threads.

    Records read back are dicts with the fields of ``GET /_fakepush/requests``; each is
    kept as the ``Record`` it was appended as until someone reads it.
    """

    def __init__(self, limit: int = DEFAULT_JOURNAL_LIMIT) -> None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"journal_limit must be a positive integer, not {limit!r}")
        self.limit = limit
        self._lock = threading.Lock()
        self._records: list[Any] = []
        self._worked_out = 0  # records before this index are dicts already
        self._ids = itertools.count(1)

    def next_id(self) -> int:
        return next(self._ids)

    def append(self, record: Record) -> None:
        with self._lock:
            records = self._records
            records.append(record)
            # Dropped in batches of a tenth of the limit: one list shift per batch keeps
            # the append amortised O(1); readers see only the newest ``limit``.
            if len(records) > self.limit + max(1, self.limit // 10):
                self._drop_oldest()

    def _drop_oldest(self) -> None:
        excess = len(self._records) - self.limit
        if excess > 0:
            del self._records[:excess]
            self._worked_out = max(0, self._worked_out - excess)

    def _resolved(self, newest: int | None = None) -> list[dict[str, Any]]:
        """The kept records as dicts, each worked out once (the caller holds the lock);
        only the newest ``newest`` of them when given."""
        self._drop_oldest()
        records = self._records
        start = self._worked_out if newest is None else max(0, len(records) - newest)
        for i in range(start, len(records)):
            if type(records[i]) is Record:
                records[i] = records[i].as_dict()
        if start <= self._worked_out:
            self._worked_out = len(records)
        return records if newest is None else records[start:]

    def newest(self, count: int) -> list[dict[str, Any]]:
        """The newest ``count`` records, oldest first, working out only those."""
        with self._lock:
            return list(self._resolved(newest=count))

    def clear(self) -> int:
        """Forget every record; returns how many there were."""
        with self._lock:
            count = min(len(self._records), self.limit)
            self._records = []
            self._worked_out = 0
        return count

    def __len__(self) -> int:
        return min(len(self._records), self.limit)

    def unroutable(self) -> list[dict[str, Any]]:
        """Requests the fake could not route (404 with no operation, 405) or answered with a
        500, fault rules' answers aside: what strict mode fails a test for.

        Reads the raw records' status and operation only, so records nobody reads are
        not worked out (bodies parsed) just to be checked.
        """
        found = []
        with self._lock:
            for item in self._records:
                if isinstance(item, dict):
                    status, operation, fault = item["status"], item["operation"], item["fault"]
                else:
                    status, operation, fault = item.status, item.operation, item.fault
                if fault is None and (
                    status == 405 or status == 500 or (status == 404 and operation is None)
                ):
                    found.append(item if isinstance(item, dict) else item.as_dict())
        return found

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
