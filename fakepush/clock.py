"""The fake's one time seam: wall-clock UTC read at call time, plus a controllable layer."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

# 9999-12-31T23:59:59.999Z: Backendless DATETIME values end at year 9999, so neither an
# expiration nor the fake's clock can go past it.
MAX_DATE_MS = 253402300799999


def _to_ms(value: datetime | int | float) -> float:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            # A naive datetime is taken as UTC (product.md, "Smaller points").
            value = value.replace(tzinfo=timezone.utc)
        return value.timestamp() * 1000
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a datetime or epoch milliseconds, got {value!r}")
    return float(value)


def _delta_ms(delta: timedelta | int | float) -> float:
    if isinstance(delta, timedelta):
        return delta.total_seconds() * 1000
    if isinstance(delta, bool) or not isinstance(delta, (int, float)):
        raise TypeError(f"expected a timedelta or milliseconds, got {delta!r}")
    return float(delta)


class Clock:
    """Epoch milliseconds on the fake's clock.

    The system time is read through ``time.time`` at every call (never cached, never
    monotonic), so ``freezegun.freeze_time`` and ``time_machine.travel`` move the fake in
    whichever thread serves the request. On top sits a layer a test or the admin API
    controls: frozen at an instant, or shifted by an offset.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frozen_at_ms: float | None = None
        self._offset_ms: float = 0.0

    def now_ms(self) -> float:
        frozen = self._frozen_at_ms
        if frozen is not None:
            return frozen
        return time.time() * 1000 + self._offset_ms

    def now(self) -> datetime:
        """Now on the fake's clock, as an aware UTC datetime."""
        return datetime.fromtimestamp(self.now_ms() / 1000, tz=timezone.utc)

    @property
    def frozen(self) -> bool:
        return self._frozen_at_ms is not None

    @property
    def offset_ms(self) -> int:
        return int(self._offset_ms)

    def freeze(self, at: datetime | int | float | None = None) -> None:
        """Stop the fake's clock at ``at`` (default: now); any offset is dropped."""
        with self._lock:
            instant = self.now_ms() if at is None else _to_ms(at)
            self._offset_ms = 0.0
            self._frozen_at_ms = instant

    def advance(self, delta: timedelta | int | float) -> None:
        """Move the fake's clock forward (or back, with a negative delta), frozen or not."""
        ms = _delta_ms(delta)
        with self._lock:
            if self._frozen_at_ms is not None:
                self._frozen_at_ms += ms
            else:
                self._offset_ms += ms

    def unfreeze(self) -> None:
        """Back to the system clock, offsets dropped."""
        with self._lock:
            self._frozen_at_ms = None
            self._offset_ms = 0.0

    reset = unfreeze

    def describe(self) -> dict:
        """What ``GET /_fakepush/clock`` answers."""
        return {"now": int(self.now_ms()), "frozen": self.frozen, "offset_ms": self.offset_ms}
