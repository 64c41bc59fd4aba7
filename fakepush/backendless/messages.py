"""Backendless messages: what was published, when it is due, and the status it reads.

A message is due at ``publishAt`` (or at once), then every ``repeatEvery`` seconds while
not after ``repeatExpiresAt``. Nothing runs on a timer: whoever touches the app first asks
``due_times(now)`` and delivers each due time in order. Statuses and counters follow
https://backendless.com/docs/js/push_get_message_status_2.html (``sendingTimeInMillis``,
``successfulSendsAmount``, ``failedSendsAmount``), in lower case.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

# At most this many deliveries of one message are caught up at once; the rest are dropped.
CATCH_UP_LIMIT = 10_000


def new_message_id() -> str:
    """``message:<UPPER-UUID>``, as https://backendless.com/docs/js/pubsub_get_message_status.html shows."""
    return "message:" + str(uuid.uuid4()).upper()


@dataclass
class Message:
    """One published message and its delivery bookkeeping.

    ``text`` None means nothing is pushed (PUBSUB). ``next_due`` None means no delivery
    is left (delivered, expired or cancelled).
    """

    message_id: str
    channel: str
    text: str | None
    headers: dict[str, str]
    mask: int
    singlecast: tuple[str, ...]
    segment_query: str | None
    next_due: int | None
    repeat_every_ms: int | None = None
    repeat_expires_at: int | None = None
    template_name: str | None = None
    cancelled: bool = False
    deliveries: int = 0
    successful: int = 0
    failed: int = 0
    sending_time: int = 0
    dropped: int = 0
    errors: list[str] = field(default_factory=list)

    # -- time -----------------------------------------------------------------------------

    def due_times(self, now_ms: float) -> list[int]:
        """The due times not after ``now_ms``, in order, at most ``CATCH_UP_LIMIT``; moves
        ``next_due`` past them and counts the deliveries dropped beyond the limit."""
        due = self.next_due
        if due is None or due > now_ms or self.cancelled:
            return []
        period = self.repeat_every_ms
        if period is None:
            self.next_due = None
            return [due]
        last = now_ms if self.repeat_expires_at is None else min(now_ms, self.repeat_expires_at)
        count = int((last - due) // period) + 1 if last >= due else 0
        kept = min(count, CATCH_UP_LIMIT)
        times = [due + i * period for i in range(kept)]
        if count > kept:
            self.dropped += count - kept
        following = due + count * period
        expired = self.repeat_expires_at is not None and following > self.repeat_expires_at
        self.next_due = None if expired else following
        return times

    # -- what the status routes answer ----------------------------------------------------

    @property
    def status(self) -> str:
        if self.cancelled:
            return "cancelled"
        if self.next_due is not None:
            return "scheduled"
        if self.failed and not self.successful:
            return "failed"
        return "published"

    def error_message(self) -> str | None:
        # Push failures explain a failed message; a published one answers null for them.
        notes = list(self.errors) if self.status == "failed" else []
        if self.dropped:
            notes.append(
                f"{self.dropped} deliveries were dropped: at most {CATCH_UP_LIMIT} "
                "deliveries of one message are caught up at once"
            )
        return "; ".join(notes) or None

    def status_object(self) -> dict[str, Any]:
        return {
            "messageId": self.message_id,
            "status": self.status,
            "errorMessage": self.error_message(),
            "sendingTimeInMillis": self.sending_time,
            "successfulSendsAmount": self.successful,
            "failedSendsAmount": self.failed,
        }

    def note_delivery(self, at: int, sent: int, failed: int, errors: set[str]) -> None:
        self.deliveries += 1
        self.sending_time = at
        self.successful += sent
        self.failed += failed
        for error in sorted(errors):
            note = f"push failed: {error}"
            if note not in self.errors:
                self.errors.append(note)


def unknown_status(message_id: str) -> dict[str, Any]:
    """The status of an id the app never issued (answered 200, as a lookup that found nothing)."""
    return {
        "messageId": message_id,
        "status": "unknown",
        "errorMessage": None,
        "sendingTimeInMillis": 0,
        "successfulSendsAmount": 0,
        "failedSendsAmount": 0,
    }
