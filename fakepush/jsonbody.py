"""Reading a request body as JSON the strict way, so every provider reports the parser's reason."""

from __future__ import annotations

import json
from typing import Any


class InvalidJSON(ValueError):
    """The body is empty, not UTF-8, or not JSON; ``reason`` says why, in the parser's words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON (RFC 8259), though Python's parser accepts them.
    raise ValueError(f"{name} is not valid JSON")


def parse_json(data: bytes) -> Any:
    """Parse raw body bytes as strict JSON (UTF-8, no NaN or Infinity)."""
    if not data.strip():
        raise InvalidJSON("request body is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidJSON(f"request body is not valid UTF-8 ({exc.reason} at byte {exc.start})")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise InvalidJSON("request body is nested too deeply") from None
    except ValueError as exc:
        raise InvalidJSON(str(exc)) from None


def body_for_journal(data: bytes, content_type: str | None) -> Any:
    """What the journal keeps of a body: parsed JSON where it is JSON, else text, else None."""
    if not data:
        return None
    try:
        return parse_json(data)
    except InvalidJSON:
        return data.decode("utf-8", errors="replace")
