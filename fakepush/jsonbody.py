"""Reading a request body as JSON the strict way, so every provider reports the parser's reason."""

from __future__ import annotations

import json
import math
import re
from typing import Any

# A \uD800-\uDFFF escape; only bodies holding one need the walk in _refuse_lone_surrogates.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class InvalidJSON(ValueError):
    """The body is empty, not UTF-8, or not JSON; ``reason`` says why, in the parser's words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON (RFC 8259), though Python's parser accepts them.
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"the number {text[:40]} is too large for a double (it would be Infinity)")
    return value


# Decoders made once: json.loads with any option builds a JSONDecoder per call.
_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
_FINITE_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite_float)


def parse_json(data: bytes, *, finite: bool = False) -> Any:
    """Parse raw body bytes as strict JSON (UTF-8, no NaN or Infinity).

    A number too large for a double (``1e400``) parses as infinity, which no JSON output
    can hold; ``finite`` refuses it instead. The emulated routes keep it (Backendless
    answers such an ``expiration`` with its own error), everything the fake stores or
    echoes as JSON asks for ``finite``.
    """
    if not data.strip():
        raise InvalidJSON("request body is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidJSON(f"request body is not valid UTF-8 ({exc.reason} at byte {exc.start})")
    try:
        value = (_FINITE_DECODER if finite else _DECODER).decode(text)
    except RecursionError:
        raise InvalidJSON("request body is nested too deeply") from None
    except ValueError as exc:
        raise InvalidJSON(str(exc)) from None
    if _SURROGATE_ESCAPE.search(text):
        _refuse_lone_surrogates(value)
    return value


def _refuse_lone_surrogates(value: Any) -> None:
    """A lone ``\\ud800`` is valid JSON syntax but not Unicode: stored, it would break
    every later UTF-8 encoding of the state (state file, dashboard, logs). Invalid UTF-8
    bytes are refused; so is their escaped twin."""
    pending = [value]
    while pending:  # iterative: the body may be nested nearly to the recursion limit
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise InvalidJSON(
                    "request body holds a lone UTF-16 surrogate escape, which is not Unicode"
                ) from None


def body_for_journal(data: bytes, content_type: str | None) -> Any:
    """What the journal keeps of a body: parsed JSON where it is JSON, else text, else None."""
    if not data:
        return None
    try:
        return parse_json(data, finite=True)
    except InvalidJSON:
        return data.decode("utf-8", errors="replace")


def is_finite_json(value: Any) -> bool:
    """Whether ``value`` holds no NaN or infinite float anywhere (JSON cannot carry them)."""
    pending = [value]
    while pending:  # iterative: a body may be nested nearly to the recursion limit
        item = pending.pop()
        if isinstance(item, float):
            if not math.isfinite(item):
                return False
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, (list, tuple)):
            pending.extend(item)
    return True


def is_number(value: Any) -> bool:
    """A JSON number: an int or a float, not a bool (which Python counts as an int)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def whole_number(value: Any) -> int | None:
    """A JSON number with no fraction as an int (``5`` and ``5.0``, both JSON Schema
    integers: https://json-schema.org/draft/2020-12/json-schema-core#section-6.3); None for
    anything else (a bool, a fraction, infinity, a string)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None
