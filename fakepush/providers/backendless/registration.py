"""The checks of a Backendless register body, in the documented order (docs/backendless.md).

``parse_registration`` raises the Backendless error the first failing check calls for and
answers the body normalised; the store stores nothing before it has passed.
``is_channel_name`` is the same channel rule for a loaded export.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

from fakepush.clock import MAX_DATE_MS
from fakepush.jsonbody import is_number
from fakepush.providers.backendless.errors import BackendlessError

DEFAULT_CHANNEL = "default"
MAX_LENGTH = 500
MAX_EXPIRATION_MS = MAX_DATE_MS  # a later expiration cannot be a Backendless date
_CONTROL_CHARACTERS = frozenset(chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)])


@dataclass(frozen=True)
class RegistrationRequest:
    """A register body that passed every check."""

    device_id: str
    device_token: str
    os: str
    os_version: str
    channels: tuple[str, ...]
    expiration: int | float | None


def parse_registration(body: Any, now_ms: float) -> RegistrationRequest:
    """Check a register body in the documented order of checks (docs/backendless.md) and return it normalised.

    Raises the Backendless error the first failing check calls for; nothing is stored
    before every check has passed.
    """
    if not isinstance(body, dict):
        raise BackendlessError(5006)
    device_id = body.get("deviceId")
    if device_id is None or device_id == "":
        raise BackendlessError(5011)
    if not isinstance(device_id, str):
        raise BackendlessError(5005, detail="'deviceId' must be a string")
    for field in ("deviceToken", "os", "osVersion"):
        if not isinstance(body.get(field), str):
            raise BackendlessError(5005, detail=f"'{field}' must be a string")
    if body["os"] == "":
        raise BackendlessError(5005, detail="'os' must not be empty")
    channels = body.get("channels")
    if channels is None:
        channels = []
    if not isinstance(channels, list) or not all(isinstance(c, str) for c in channels):
        raise BackendlessError(5005, detail="'channels' must be a list of strings")
    expiration = body.get("expiration")
    if expiration is not None and not is_number(expiration):
        raise BackendlessError(5005, detail="'expiration' must be a number")

    for field in ("deviceId", "deviceToken", "os", "osVersion"):
        if len(body[field]) > MAX_LENGTH:
            raise BackendlessError(8000, detail=f"'{field}' is longer than {MAX_LENGTH} characters")
    for channel in channels:
        if len(channel) > MAX_LENGTH:
            raise BackendlessError(
                8000, detail=f"'channels' has a name longer than {MAX_LENGTH} characters"
            )
    for channel in channels:
        if channel == "" or "/" in channel or not _CONTROL_CHARACTERS.isdisjoint(channel):
            raise BackendlessError(5044)

    # A JSON number too large for a float (1e400) parses as infinity: a date, too late.
    if expiration is not None and not (now_ms < expiration <= MAX_EXPIRATION_MS):
        raise BackendlessError(5004)

    # Channels absent or [] mean "default"; a name given twice is one row.
    # Interned: a million rows share a few channel names.
    unique = tuple(sys.intern(c) for c in dict.fromkeys(channels)) or (DEFAULT_CHANNEL,)
    return RegistrationRequest(
        device_id=device_id,
        device_token=body["deviceToken"],
        os=body["os"],
        os_version=body["osVersion"],
        channels=unique,
        expiration=expiration,
    )


def is_channel_name(name: str) -> bool:
    """What register accepts as a channel name (5044 / 8000 otherwise)."""
    return (
        name != ""
        and len(name) <= MAX_LENGTH
        and "/" not in name
        and _CONTROL_CHARACTERS.isdisjoint(name)
    )
