"""Fault rules: answer the next matching requests with a status, a delay or a dropped connection."""

from __future__ import annotations

import itertools
import re
import threading
from typing import Any


class Faults:
    """The fault rules of one fake, oldest first.

    The oldest matching rule wins and spends one of its ``times``; a rule whose ``times``
    is used up disappears. Rules never match the admin API (the app checks that).
    """

    def __init__(self, providers: tuple[str, ...] = ()) -> None:
        self.providers = providers  # the names a rule's ``provider`` may take
        self._lock = threading.Lock()
        self._rules: list[dict[str, Any]] = []
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
            try:
                re.compile(path)
            except re.error as exc:
                raise ValueError(f"path is not a valid regular expression: {exc}") from None
        if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
            raise ValueError("times must be a positive integer or null (always)")
        if status is not None and (
            isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599
        ):
            raise ValueError("status must be an HTTP status (100-599) or null")
        if isinstance(delay_ms, bool) or not isinstance(delay_ms, (int, float)) or delay_ms < 0:
            raise ValueError("delay_ms must be a number >= 0")
        if not isinstance(drop, bool):
            raise ValueError("drop must be a boolean")
        if status is None and not drop and not delay_ms:
            raise ValueError("a fault needs a status, a delay_ms or drop")
        with self._lock:
            rule_id = next(self._ids)
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

    def clear(self) -> None:
        with self._lock:
            self._rules = []

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
                if rule["path"] is not None and not re.search(rule["path"], raw_path):
                    continue
                if rule["remaining"] is not None:
                    rule["remaining"] -= 1
                    if rule["remaining"] == 0:
                        self._rules.remove(rule)
                return dict(rule)
            return None
