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


# -- export and load: pending messages are provider data ------------------------------

_INT_OR_NONE = ("next_due", "repeat_every_ms", "repeat_expires_at")
_COUNTS = ("mask", "deliveries", "successful", "failed", "sending_time", "dropped")
_TEXT_OR_NONE = ("text", "segment_query", "template_name")


def export_message(message: Message) -> dict[str, Any]:
    return {
        "message_id": message.message_id,
        "channel": message.channel,
        "text": message.text,
        "headers": dict(message.headers),
        "mask": message.mask,
        "singlecast": list(message.singlecast),
        "segment_query": message.segment_query,
        "next_due": message.next_due,
        "repeat_every_ms": message.repeat_every_ms,
        "repeat_expires_at": message.repeat_expires_at,
        "template_name": message.template_name,
        "deliveries": message.deliveries,
        "successful": message.successful,
        "failed": message.failed,
        "sending_time": message.sending_time,
        "dropped": message.dropped,
        "errors": list(message.errors),
    }


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def load_message(entry: Any) -> Message:
    """An exported message back; ValueError for one the API could never have made."""
    if not isinstance(entry, dict):
        raise ValueError("a message must be an object")
    message_id = entry.get("message_id")
    if not isinstance(message_id, str) or not message_id.startswith("message:"):
        raise ValueError(f"bad message_id {message_id!r}")
    if not isinstance(entry.get("channel"), str) or not entry["channel"]:
        raise ValueError(f"message {message_id}: bad channel")
    for name in _INT_OR_NONE:
        if entry.get(name) is not None and not _whole(entry[name]):
            raise ValueError(f"message {message_id}: bad {name}")
    for name in _COUNTS:
        if not _whole(entry.get(name, 0)) or entry.get(name, 0) < 0:
            raise ValueError(f"message {message_id}: bad {name}")
    for name in _TEXT_OR_NONE:
        if entry.get(name) is not None and not isinstance(entry[name], str):
            raise ValueError(f"message {message_id}: bad {name}")
    headers = entry.get("headers") or {}
    if not isinstance(headers, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
    ):
        raise ValueError(f"message {message_id}: bad headers")
    singlecast = entry.get("singlecast") or []
    errors = entry.get("errors") or []
    for name, values in (("singlecast", singlecast), ("errors", errors)):
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"message {message_id}: bad {name}")
    if entry.get("repeat_every_ms") is not None and entry["repeat_every_ms"] < 1:
        raise ValueError(f"message {message_id}: bad repeat_every_ms")
    return Message(
        message_id=message_id,
        channel=entry["channel"],
        text=entry.get("text"),
        headers=dict(headers),
        mask=entry.get("mask", 15),
        singlecast=tuple(singlecast),
        segment_query=entry.get("segment_query"),
        next_due=entry.get("next_due"),
        repeat_every_ms=entry.get("repeat_every_ms"),
        repeat_expires_at=entry.get("repeat_expires_at"),
        template_name=entry.get("template_name"),
        deliveries=entry.get("deliveries", 0),
        successful=entry.get("successful", 0),
        failed=entry.get("failed", 0),
        sending_time=entry.get("sending_time", 0),
        dropped=entry.get("dropped", 0),
        errors=list(errors),
    )
