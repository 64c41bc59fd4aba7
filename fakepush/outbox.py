"""The outbox: every push the fake would have handed to a push service (FCM, APNS, HMS, WNS).

Provider-neutral: a provider's delivery rules decide who gets what and call
``Outbox.record`` once per token; tests and the admin API read the records back. Like the
journal it keeps only the newest records, as many as the journal keeps (one setting,
``journal_limit``: 10,000 by default), so a long-running stand-in server cannot grow
without bound, and it is not part of an export.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from fakepush.journal import DEFAULT_JOURNAL_LIMIT

SERVICES = ("FCM", "APNS", "HMS", "WNS")
FILTERS = (
    "provider",
    "app_id",
    "token",
    "device_id",
    "user_id",
    "channel",
    "service",
    "message_id",
)


@dataclass(slots=True, eq=False, kw_only=True)
class Push:
    """One push. Slots, and a payload object shared by every push of one fan-out, keep a
    record small: a publish to 100,000 rows keeps 100,000 of these.

    The fields are those of ``GET /_fakepush/pushes`` (``status`` is worked out from
    ``error``); ``Outbox.record`` takes them by name.
    """

    id: int
    at: int
    provider: str
    app_id: str
    message_id: str
    channel: str
    service: str
    token: str
    device_id: str | None = None
    user_id: str | None = None
    payload: dict[str, Any]
    error: str | None = None

    @property
    def status(self) -> str:
        return "sent" if self.error is None else "failed"

    def as_dict(self) -> dict[str, Any]:
        """The record as ``GET /_fakepush/pushes`` shows it (the payload is a copy)."""
        record = {name: getattr(self, name) for name in _SHOWN}
        record["payload"] = _copy(self.payload)
        return record

    def matches(self, filters: dict[str, Any]) -> bool:
        return all(getattr(self, name) == value for name, value in filters.items())


# The fields in the order the admin API shows them: ``status`` just before ``error``.
_SHOWN = (*Push.__slots__[:-1], "status", "error")


def _copy(value: Any) -> Any:
    # Payloads are JSON data; a reader that changes its copy must not change the record.
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


class Outbox:
    """List-like (oldest first) record of pushes, safe to use from many threads.

    ``before_read``, when set, runs before every read: the fake delivers scheduled
    messages lazily, so whatever is due on the fake's clock must reach the outbox before
    anyone looks at it.
    """

    def __init__(self, limit: int = DEFAULT_JOURNAL_LIMIT) -> None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"the outbox limit must be a positive int, not {limit!r}")
        self._lock = threading.Lock()
        self._limit = limit
        self._pushes: deque[Push] = deque(maxlen=limit)
        self._ids = itertools.count(1)
        self._rejected: dict[str, str] = {}
        self.before_read: Callable[[], None] | None = None

    @property
    def limit(self) -> int:
        return self._limit

    # -- writing (the providers' delivery rules) ---------------------------------------

    def record(self, *, service: str, token: str, **fields: Any) -> Push:
        """Record one push (``fields``: the others of ``Push`` but ``id`` and ``error``); a
        push to a rejected token is recorded as failed with its error."""
        if service not in SERVICES:
            raise ValueError(f"service must be one of {SERVICES}, not {service!r}")
        push = Push(id=0, service=service, token=token, **fields)
        with self._lock:
            push.id = next(self._ids)
            push.error = self._rejected.get(token)
            self._pushes.append(push)
        return push

    # -- rejected tokens (what FCM calls UNREGISTERED, APNs 410) -----------------------

    def reject_token(self, token: str, error: str = "UNREGISTERED") -> None:
        """Pushes to ``token`` from now on fail with ``error``; nothing is unregistered."""
        if not isinstance(token, str) or not token:
            raise ValueError("token must be a non-empty string")
        if not isinstance(error, str) or not error:
            raise ValueError("error must be a non-empty string")
        with self._lock:
            self._rejected[token] = error

    def accept_token(self, token: str) -> bool:
        """Pushes to ``token`` succeed again; False if it was not rejected."""
        with self._lock:
            return self._rejected.pop(token, None) is not None

    def rejected_tokens(self) -> dict[str, str]:
        """``{token: error}`` of every rejected token."""
        with self._lock:
            return dict(self._rejected)

    def clear_rejected_tokens(self) -> int:
        with self._lock:
            count = len(self._rejected)
            self._rejected = {}
            return count

    # -- reading -----------------------------------------------------------------------

    def _deliver_due(self) -> None:
        hook = self.before_read
        if hook is not None:
            hook()

    def filter(self, **filters: Any) -> list[dict[str, Any]]:
        """Pushes that match every filter given (``None`` means any), oldest first."""
        unknown = set(filters) - set(FILTERS)
        if unknown:
            raise TypeError(f"unknown outbox filter(s): {', '.join(sorted(unknown))}")
        wanted = {k: v for k, v in filters.items() if v is not None}
        self._deliver_due()
        with self._lock:
            return [p.as_dict() for p in self._pushes if p.matches(wanted)]

    def clear(self) -> int:
        """Forget every push (not the rejected tokens); answers how many there were."""
        with self._lock:
            count = len(self._pushes)
            self._pushes.clear()
            return count

    def reset(self) -> None:
        """What ``POST /_fakepush/reset`` clears: the pushes, the ids and the rejected tokens."""
        with self._lock:
            self._pushes.clear()
            self._ids = itertools.count(1)
            self._rejected = {}

    def __len__(self) -> int:
        self._deliver_due()
        return len(self._pushes)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.filter())

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        self._deliver_due()
        with self._lock:
            pushes = list(self._pushes)
        if isinstance(index, slice):
            return [p.as_dict() for p in pushes[index]]
        return pushes[index].as_dict()

    def __repr__(self) -> str:
        return f"<Outbox of {len(self._pushes)} pushes>"
