"""Fault rules: answer the next matching requests with a status, a delay or a dropped connection."""

from __future__ import annotations

import itertools
import math
import threading
from typing import Any

from fakepush.jsonbody import is_finite_json, whole_number
from fakepush.pattern import compile_path

# A delay past an hour is a mistake, not a test (and time.sleep overflows on huge ones).
MAX_DELAY_MS = 3_600_000

class Faults:
    """The fault rules of one fake, oldest first.

    The oldest matching rule wins and spends one of its ``times``; a rule whose ``times``
    is used up disappears. Rules never match the admin API (the app checks that).
    """

    def __init__(self, providers: tuple[str, ...] = ()) -> None:
        self.providers = providers  # the names a rule's ``provider`` may take
        self._lock = threading.Lock()
        self._rules: list[dict[str, Any]] = []
        self._patterns: dict[int, Any] = {}  # rule id -> its compiled path
        self._ids = itertools.count(1)

    def add(
        self,
        provider: str | None = None,
        method: str | None = None,
        path: str | None = None,
        times: int | None = 1,
        status: int | None = None,
        body: Any = None,
        delay_ms: int | float = 0,
        drop: bool = False,
    ) -> int:
        """Add a rule; returns its id. ``path`` is a regular expression searched in the raw path."""
        if provider is not None and provider not in self.providers:
            raise ValueError(f"provider must be one of {self.providers} or null")
        if method is not None and (not isinstance(method, str) or not method):
            raise ValueError("method must be a non-empty string or null")
        if path is not None:
            if not isinstance(path, str):
                raise ValueError("path must be a regular expression (a string) or null")
            compiled = compile_path(path)  # linear-time matching: fakepush/pattern.py
        # 3.0 is 3: JSON has one kind of number (and JSON Schema's integer takes it).
        if times is not None:
            times = whole_number(times)
            if times is None or times < 1:
                raise ValueError("times must be a positive integer or null (always)")
        if status is not None:
            number = whole_number(status)
            # A 1xx answer is not a final response: a client waits for another one forever.
            if number is None or not 200 <= number <= 599:
                raise ValueError("status must be a final HTTP status (200-599) or null")
            status = number
        if (
            isinstance(delay_ms, bool)
            or not isinstance(delay_ms, (int, float))
            or not (isinstance(delay_ms, int) or math.isfinite(delay_ms))
            or not 0 <= delay_ms <= MAX_DELAY_MS
        ):
            raise ValueError(f"delay_ms must be a number of milliseconds in 0..{MAX_DELAY_MS}")
        if not is_finite_json(body):
            raise ValueError("body must be JSON with finite numbers (no NaN or Infinity)")
        if not isinstance(drop, bool):
            raise ValueError("drop must be a boolean")
        if status is None and not drop and not delay_ms:
            raise ValueError("a fault needs a status, a delay_ms or drop")
        with self._lock:
            rule_id = next(self._ids)
            if path is not None:
                self._patterns[rule_id] = compiled
            self._rules.append(
                {
                    "id": rule_id,
                    "provider": provider,
                    "method": method.upper() if method else None,
                    "path": path,
                    "times": times,
                    "status": status,
                    "body": body,
                    "delay_ms": delay_ms,
                    "drop": drop,
                    "remaining": times,
                }
            )
            return rule_id

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(rule) for rule in self._rules]

    def clear(self) -> int:
        """Remove every rule; returns how many there were."""
        with self._lock:
            count = len(self._rules)
            self._rules = []
            self._patterns = {}
        return count

    def __len__(self) -> int:
        return len(self._rules)

    def take(self, provider: str | None, method: str, raw_path: str) -> dict[str, Any] | None:
        """The oldest rule matching this request, with one of its ``times`` spent."""
        if not self._rules:
            return None
        with self._lock:
            for rule in self._rules:
                if rule["provider"] is not None and rule["provider"] != provider:
                    continue
                if rule["method"] is not None and rule["method"] != method.upper():
                    continue
                if rule["path"] is not None and not self._patterns[rule["id"]].search(raw_path):
                    continue
                if rule["remaining"] is not None:
                    rule["remaining"] -= 1
                    if rule["remaining"] == 0:
                        self._rules.remove(rule)
                        self._patterns.pop(rule["id"], None)
                return dict(rule)
            return None
