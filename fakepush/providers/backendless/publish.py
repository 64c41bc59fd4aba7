"""Backendless publish bodies: every field checked and normalised, with no HTTP in sight.

The fields are those of https://backendless.com/docs/rest/pubsub_general_publish_api.html
plus the legacy ``pushPolicy``/``pushBroadcast``/``pushSinglecast`` of the v3/v4 REST doc,
in every wire form an official SDK sends (the JS SDK a ``Date`` as an ISO string, Swift
``"FOR_IOS|FOR_ANDROID"``, flutter an int mask). Nothing is stored before every check has
passed; the rules for who receives what live in ``delivery.py``.
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fakepush.providers.backendless.errors import BackendlessError

MAX_LENGTH = 500
# Backendless DATETIME values end at year 9999.
MAX_DATE_MS = 253402300799999
_CONTROL_CHARACTERS = frozenset(chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)])

# The OS bits of ``pushBroadcast`` (ios-SDK DeliveryOptions.h, flutter push_broadcast_mask.dart).
OS_BITS = {"IOS": 1, "ANDROID": 2, "WP": 4, "OSX": 8}
ALL = 15
_POLICIES = {"PUSH": True, "PUBSUB": False, "BOTH": True}  # name -> pushes?
_LEGACY_POLICIES = {"ONLY": "PUSH", "ALSO": "BOTH"}
_NAME_SEPARATOR = re.compile(r"[|,]")


@dataclass(frozen=True)
class PublishRequest:
    """A publish body that passed every check; dates are ms on the fake's clock."""

    message: Any
    text: str | None  # what a push carries; None for PUBSUB (nothing is pushed)
    headers: dict[str, str] = field(default_factory=dict)
    publisher_id: str | None = None
    policy: str = "BOTH"
    mask: int = ALL
    singlecast: tuple[str, ...] = ()
    segment_query: str | None = None
    publish_at: int | None = None
    repeat_every: int | None = None  # seconds
    repeat_expires_at: int | None = None

    @property
    def pushes(self) -> bool:
        return self.text is not None


def _wrong(field_name: str, why: str) -> BackendlessError:
    return BackendlessError(8002, detail=f"'{field_name}' {why}")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_channel_name(name: str) -> str:
    """A channel name under the registration rules: 8000 when too long, 5044 when invalid."""
    if len(name) > MAX_LENGTH:
        raise BackendlessError(8000, detail=f"channel name is longer than {MAX_LENGTH} characters")
    if name == "" or "/" in name or not _CONTROL_CHARACTERS.isdisjoint(name):
        raise BackendlessError(5044)
    return sys.intern(name)


def parse_mask(value: Any, field_name: str = "pushBroadcast") -> int:
    """``pushBroadcast`` in any wire form as an OS bit mask; 0 and ``FOR_NONE`` mean ALL."""
    if value is None:
        return ALL
    if _is_number(value):
        if not (isinstance(value, int) or (math.isfinite(value) and value == int(value))):
            raise _wrong(field_name, "must be an integer mask or OS names")
        mask = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit():  # int() would take "٣" and fail on "²"
            mask = int(text)
        else:
            mask = 0
            for part in _NAME_SEPARATOR.split(text.upper()):
                name = part.strip()
                name = name[4:] if name.startswith("FOR_") else name
                if name == "ALL":
                    mask |= ALL
                elif name == "NONE":
                    continue
                elif name in OS_BITS:
                    mask |= OS_BITS[name]
                else:
                    raise _wrong(field_name, f"has an unknown value {part.strip()!r}")
    else:
        raise _wrong(field_name, "must be an integer mask or OS names")
    if not 0 <= mask <= ALL:
        raise _wrong(field_name, f"must be a mask between 0 and {ALL}")
    return mask or ALL


def os_in_mask(os: str, mask: int) -> bool:
    """Whether a row's ``os`` (any case) is one of the mask's; an os outside the four never is."""
    return bool(OS_BITS.get(os.upper(), 0) & mask)


def parse_date(value: Any, field_name: str) -> int:
    """Epoch ms, or an ISO-8601 string with an offset or ``Z`` (the JS SDK's ``Date``)."""
    if _is_number(value):
        if not math.isfinite(value) or not 0 <= value <= MAX_DATE_MS:
            raise _wrong(field_name, "is not a date")
        return int(value)
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise _wrong(field_name, "is not epoch milliseconds or an ISO-8601 date") from None
        if moment.tzinfo is None:
            raise _wrong(field_name, "needs an offset or 'Z'")
        return int(moment.timestamp() * 1000)
    raise _wrong(field_name, "must be epoch milliseconds or an ISO-8601 string")


def _policy(body: dict[str, Any]) -> str:
    """``publishPolicy`` (PUSH, PUBSUB, BOTH), else legacy ``pushPolicy`` (ONLY, ALSO), else BOTH."""
    for name, names in (("publishPolicy", _POLICIES), ("pushPolicy", _LEGACY_POLICIES)):
        value = body.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise _wrong(name, "must be a string")
        if value.upper() not in names:
            raise _wrong(name, f"has an unknown value {value!r}")
        return _LEGACY_POLICIES.get(value.upper(), value.upper())
    return "BOTH"


def message_text(message: Any) -> str | None:
    """What a push carries for ``message``: its text, or None when it cannot be a string."""
    if isinstance(message, str):
        return message
    if isinstance(message, (bool, int, float)):
        return json.dumps(message)  # true, 5, 1.5: the JSON text, as the value was sent
    return None


def _optional_string(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise _wrong(name, "must be a string")
    return value


def parse_publish(body: Any, now_ms: float) -> PublishRequest:
    """Check a publish body field by field; raises the Backendless error of the first failure."""
    if not isinstance(body, dict):
        raise BackendlessError(8002, detail="the body must be a JSON object")
    if body.get("message") is None:
        raise _wrong("message", "is required")
    headers = body.get("headers")
    if headers is None:
        headers = {}
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        raise _wrong("headers", "must be an object of strings")
    publisher_id = _optional_string(body, "publisherId")
    policy = _policy(body)
    mask = parse_mask(body.get("pushBroadcast"))
    singlecast = body.get("pushSinglecast")
    if singlecast is None:
        singlecast = []
    if not isinstance(singlecast, list) or not all(isinstance(d, str) for d in singlecast):
        raise _wrong("pushSinglecast", "must be a list of deviceIds")
    segment_query = _optional_string(body, "segmentQuery")
    publish_at = body.get("publishAt")
    publish_at = None if publish_at is None else parse_date(publish_at, "publishAt")
    repeat_every = body.get("repeatEvery")
    if repeat_every is not None:
        if not _is_number(repeat_every) or repeat_every != int(repeat_every) or repeat_every < 1:
            raise _wrong("repeatEvery", "must be a positive whole number of seconds")
        repeat_every = int(repeat_every)
    expires = body.get("repeatExpiresAt")
    expires = None if expires is None else parse_date(expires, "repeatExpiresAt")

    text = None
    if _POLICIES[policy]:
        text = message_text(body["message"])
        if text is None:
            raise BackendlessError(5041)
    if publish_at is not None and publish_at <= now_ms:
        raise BackendlessError(5030)
    first = publish_at if publish_at is not None else int(now_ms)
    if expires is not None and expires <= first:
        raise BackendlessError(5003)
    return PublishRequest(
        message=body["message"],
        text=text,
        headers=dict(headers),
        publisher_id=publisher_id,
        policy=policy,
        mask=mask,
        singlecast=tuple(dict.fromkeys(singlecast)),
        segment_query=segment_query,
        publish_at=publish_at,
        repeat_every=repeat_every,
        repeat_expires_at=expires,
    )
