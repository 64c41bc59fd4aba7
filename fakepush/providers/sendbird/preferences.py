"""A Sendbird user's push preferences, per user and per channel: fields, checks, updates.

Plain rules over plain dicts; the store keeps the dicts and takes the lock. The fields and
defaults are those of the notification-preference pages
(https://sendbird.com/docs/chat/v3/platform-api/user/configuring-notification-preferences/get-push-notification-preferences
and its ``update`` and ``reset`` siblings) and of the models of sendbird-platform-sdk 2.1.5
(``model/update_push_preferences_request.py``, ``..._dnd_schedules_inner.py``).

A bad value is 400111 ``Invalid value: "<field>".`` naming the top-level field, and a
request that fails changes nothing: a body is checked whole before anything is applied.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from fakepush.jsonbody import whole_number
from fakepush.providers.sendbird.errors import SendbirdError

TRIGGER_OPTIONS = ("all", "mention_only", "off")
# A channel may also say "default" (use the user's option). SDK 2.1.5's request model can
# only send "false" for "off" (``model/update_push_preferences_for_a_channel_request.py``,
# the YAML 1.1 reading of an unquoted ``off``), so "false" is taken as "off".
CHANNEL_TRIGGER_OPTIONS = ("default", "all", "mention_only", "off")
CHANNEL_OFF_ALIASES = ("false",)
TEMPLATE_NAMES = ("default", "alternative")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
LAST_MINUTE = (23, 59)  # how a window split at midnight ends its first day

_FLAGS = ("do_not_disturb", "snooze_enabled", "block_push_from_bots", "enable_push_for_replies")
_HOURS = ("start_hour", "end_hour")
_MINUTES = ("start_min", "end_min")
_TIMESTAMPS = ("snooze_start_ts", "snooze_end_ts")

# What DELETE puts back; the trigger option and the bot fields are kept (D-reset names
# only these).
_RESET_FIELDS = (
    "do_not_disturb",
    *_HOURS,
    *_MINUTES,
    "snooze_enabled",
    *_TIMESTAMPS,
    "timezone",
    "push_sound",
    "dnd_schedules",
)


def default_preference() -> dict[str, Any]:
    """A new user's preferences: the documented defaults, and the bot and reply fields of
    the SDK's model set to off (a fresh copy each call)."""
    return {
        "push_trigger_option": "all",
        "do_not_disturb": False,
        "start_hour": 0,
        "start_min": 0,
        "end_hour": 0,
        "end_min": 0,
        "snooze_enabled": False,
        "snooze_start_ts": 0,
        "snooze_end_ts": 0,
        "timezone": "UTC",
        "push_sound": "default",
        "dnd_schedules": [],
        "block_push_from_bots": False,
        "push_blocked_bot_ids": [],
        "enable_push_for_replies": False,
    }


def copy_preference(preference: dict[str, Any]) -> dict[str, Any]:
    """A deep enough copy: the lists and the schedules' windows are new objects."""
    copied = dict(preference)
    copied["push_blocked_bot_ids"] = list(preference["push_blocked_bot_ids"])
    copied["dnd_schedules"] = [
        {"day_of_week": s["day_of_week"], "time_windows": [dict(w) for w in s["time_windows"]]}
        for s in preference["dnd_schedules"]
    ]
    return copied


def _invalid(field: str) -> SendbirdError:
    return SendbirdError(400111, field=field)


def _int_in(value: Any, field: str, low: int, high: int) -> int:
    number = whole_number(value)  # 5.0 too: JSON has one kind of number
    if number is None or not low <= number <= high:
        raise _invalid(field)
    return number


def _timestamp(value: Any, field: str) -> int:
    """Unix ms. The older SDK types these as strings (sendbird-platform-sdk 1.0.9
    ``docs/ViewPushPreferencesResponse.md``), so a string of digits is read as the number;
    the answer always holds an int."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    number = whole_number(value)
    if number is None or number < 0:
        raise _invalid(field)
    return number


@lru_cache(maxsize=256)
def is_time_zone(name: str) -> bool:
    """An IANA time zone name that ``zoneinfo`` knows ("UTC", "Asia/Seoul")."""
    try:
        ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return True


def _window(value: Any) -> tuple[int, int, int, int]:
    if not isinstance(value, dict):
        raise _invalid("dnd_schedules")
    parts = []
    for name, high in (("start_hour", 23), ("start_min", 59), ("end_hour", 23), ("end_min", 59)):
        part = whole_number(value.get(name, 0))
        if part is None or not 0 <= part <= high:
            raise _invalid("dnd_schedules")
        parts.append(part)
    start_hour, start_min, end_hour, end_min = parts
    if (start_hour, start_min) == (end_hour, end_min):
        raise _invalid("dnd_schedules")  # an empty window means nothing (docs/decisions.md)
    return start_hour, start_min, end_hour, end_min


def _as_window(start: tuple[int, int], end: tuple[int, int]) -> dict[str, int]:
    return {"start_hour": start[0], "start_min": start[1], "end_hour": end[0], "end_min": end[1]}


def parse_dnd_schedules(value: Any) -> list[dict[str, Any]]:
    """Weekly DND windows, each day once, Monday first, windows in start order.

    A window that crosses midnight (Monday 22:00-06:00) is split in two, Monday
    22:00-23:59 and Tuesday 00:00-06:00, as the staging notification-preference page
    shows (sbdocs-staging.sendbird.com/docs/chat/platform-api/v3/user/
    configuring-notification-preferences/update-push-notification-preferences). Day names
    are read case-insensitively and answered lowercase (SDK 2.1.5 decodes only those).
    """
    if not isinstance(value, list):
        raise _invalid("dnd_schedules")
    by_day: dict[str, list[tuple[int, int, int, int]]] = {day: [] for day in DAYS}
    for schedule in value:
        if not isinstance(schedule, dict):
            raise _invalid("dnd_schedules")
        day = schedule.get("day_of_week")
        if not isinstance(day, str) or day.lower() not in DAYS:
            raise _invalid("dnd_schedules")
        index = DAYS.index(day.lower())
        windows = schedule.get("time_windows", [])
        if not isinstance(windows, list):
            raise _invalid("dnd_schedules")
        for raw in windows:
            start_hour, start_min, end_hour, end_min = _window(raw)
            if (start_hour, start_min) < (end_hour, end_min):
                by_day[DAYS[index]].append((start_hour, start_min, end_hour, end_min))
                continue
            by_day[DAYS[index]].append((start_hour, start_min, *LAST_MINUTE))
            if (end_hour, end_min) != (0, 0):
                by_day[DAYS[(index + 1) % 7]].append((0, 0, end_hour, end_min))
    return [
        {
            "day_of_week": day,
            "time_windows": [
                _as_window((w[0], w[1]), (w[2], w[3])) for w in sorted(set(windows))
            ],
        }
        for day, windows in by_day.items()
        if windows
    ]


def parse_preference_update(body: Any) -> dict[str, Any]:
    """The fields a ``PUT push_preference`` body sets, checked and normalised.

    Unknown keys are ignored, as the SDK's models ignore them; ``None`` for a field is a
    bad value (the SDK raises on a null in every one of them).
    """
    if not isinstance(body, dict):
        raise SendbirdError(400403)
    changes: dict[str, Any] = {}
    for field, value in body.items():
        if field == "push_trigger_option":
            if value not in TRIGGER_OPTIONS:
                raise _invalid(field)
        elif field in _FLAGS:
            if not isinstance(value, bool):
                raise _invalid(field)
        elif field in _HOURS:
            value = _int_in(value, field, 0, 23)
        elif field in _MINUTES:
            value = _int_in(value, field, 0, 59)
        elif field in _TIMESTAMPS:
            value = _timestamp(value, field)
        elif field == "timezone":
            if not isinstance(value, str) or not is_time_zone(value):
                raise _invalid(field)
        elif field == "push_sound":
            if not isinstance(value, str):
                raise _invalid(field)
        elif field == "push_blocked_bot_ids":
            if not isinstance(value, list) or not all(isinstance(b, str) for b in value):
                raise _invalid(field)
            value = list(dict.fromkeys(value))
        elif field == "dnd_schedules":
            value = parse_dnd_schedules(value)
        else:
            continue
        changes[field] = value
    return changes


def apply_preference_update(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The preferences after a partial update: every field not named is kept.

    Setting weekly schedules "automatically disables legacy DND" (the staging update
    page): non-empty ``dnd_schedules`` turn ``do_not_disturb`` off.
    """
    updated = copy_preference(current)
    updated.update(changes)
    if changes.get("dnd_schedules"):
        updated["do_not_disturb"] = False
    return updated


def reset_preference(current: dict[str, Any]) -> dict[str, Any]:
    """``DELETE push_preference``: DND, snooze, time zone, sound and schedules go back to
    their defaults; the trigger option and the bot and reply fields stay."""
    defaults = default_preference()
    reset = copy_preference(current)
    for field in _RESET_FIELDS:
        reset[field] = defaults[field]
    return reset


# -- one channel ----------------------------------------------------------------------


def default_channel_preference() -> dict[str, Any]:
    """A channel the user never set: use the user's option (D-get-...-for-a-channel)."""
    return {"push_trigger_option": "default", "push_sound": "", "enable": True}


def parse_channel_preference_update(body: Any) -> dict[str, Any]:
    """``PUT push_preference/{channel_url}``: ``push_trigger_option`` is required (the
    update-for-a-channel page), ``push_sound`` and the deprecated ``enable`` optional."""
    if not isinstance(body, dict):
        raise SendbirdError(400403)
    option = body.get("push_trigger_option")
    if option is None:
        raise SendbirdError(400105, field="push_trigger_option")
    if option in CHANNEL_OFF_ALIASES:
        option = "off"
    if option not in CHANNEL_TRIGGER_OPTIONS:
        raise _invalid("push_trigger_option")
    changes: dict[str, Any] = {"push_trigger_option": option}
    if "push_sound" in body:
        if not isinstance(body["push_sound"], str):
            raise _invalid("push_sound")
        changes["push_sound"] = body["push_sound"]
    if "enable" in body:
        if not isinstance(body["enable"], bool):
            raise _invalid("enable")
        changes["enable"] = body["enable"]
    return changes


def resolved_channel_option(preference: dict[str, Any], channel_preference: dict[str, Any]) -> str:
    """The option that decides a channel's pushes: the channel's, or the user's for
    ``default``."""
    option = channel_preference["push_trigger_option"]
    return preference["push_trigger_option"] if option == "default" else option


# -- the push notification content template -------------------------------------------


def parse_template_choice(body: Any) -> str:
    """``PUT push/template {"name"}``: ``default`` or ``alternative``
    (https://sendbird.com/docs/chat/v3/platform-api/user/configuring-notification-preferences/choose-a-push-notification-content-template)."""
    if not isinstance(body, dict):
        raise SendbirdError(400403)
    name = body.get("name")
    if name is None:
        raise SendbirdError(400105, field="name")
    if name not in TEMPLATE_NAMES:
        raise _invalid("name")
    return name


def parse_push_settings(body: Any) -> bool:
    """``PUT /v3/applications/push/settings {"push_enabled": bool}``."""
    if not isinstance(body, dict):
        raise SendbirdError(400403)
    enabled = body.get("push_enabled")
    if enabled is None:
        raise SendbirdError(400105, field="push_enabled")
    if not isinstance(enabled, bool):
        raise _invalid("push_enabled")
    return enabled
