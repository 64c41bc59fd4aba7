"""Who gets a push for a Sendbird group-channel message, and what it looks like.

Pure functions over plain data (the message and channel resources, the recipient's
preference dicts, an online flag, the app's setting, now in ms): the store gathers the
data under its lock and records what ``pushes_for`` answers in the outbox.

The order of the checks is the one Sendbird documents for offline notifications
(https://sendbird.com/docs/chat/v3/platform-api/message/messaging-basics/send-a-message,
https://docs.sendbird.com/docs/chat/sdk/v3/ios/guides/push-notifications, and the "DND
evaluation priority" of the notification-preferences pages): the app's push setting;
``send_push`` and ``is_silent``; an active, offline recipient other than the sender; the
trigger option (the channel's, unless ``default``, then the user's) and mentions; snooze;
weekly DND schedules, else the daily DND window, in the user's time zone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Token types as stored (the path segment of the token routes) and the push service each
# reaches.
SERVICES: dict[str, str] = {"gcm": "FCM", "huawei": "HMS", "apns": "APNS"}

# The two built-in push notification content templates
# (https://docs.sendbird.com/docs/chat/platform-api/v3/push-notifications/
# list-push-notification-content-templates).
TEMPLATES: dict[str, dict[str, str]] = {
    "default": {"MESG": "{sender_name}: {message}", "FILE": "{filename}", "ADMM": "{message}"},
    "alternative": {
        "MESG": "New message arrived!",
        "FILE": "New file delivered!",
        "ADMM": "New announcement!",
    },
}
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_VARIABLE = re.compile(r"\{([a-z_]+)\}")


@dataclass
class Recipient:
    """One member a message might push to, with everything the decision reads."""

    user_id: str
    nickname: str = ""
    is_active: bool = True
    online: bool = False
    # token type ("gcm", "huawei", "apns") -> tokens, oldest first
    tokens: dict[str, list[str]] = field(default_factory=dict)
    preference: dict[str, Any] = field(default_factory=dict)
    channel_preference: dict[str, Any] = field(default_factory=dict)
    template: str = "default"
    unread_message_count: int = 0
    channel_unread_message_count: int = 0


def trigger_option(preference: dict[str, Any], channel_preference: dict[str, Any]) -> str:
    """The channel's option unless it is ``default``, then the user's (``all`` if unset)."""
    channel_option = channel_preference.get("push_trigger_option", "default")
    if channel_option == "false":  # what SDK 2.1.5 sends for "off" (docs/decisions.md)
        return "off"
    if channel_option != "default":
        return str(channel_option)
    return str(preference.get("push_trigger_option", "all"))


def is_mentioned(message: dict[str, Any], user_id: str) -> bool:
    if message.get("mention_type") == "channel":
        return True
    return user_id in message.get("mentioned_user_ids", ())


def is_snoozed(preference: dict[str, Any], now_ms: int) -> bool:
    """Snooze is a span of epoch ms, start included, end excluded."""
    if not preference.get("snooze_enabled"):
        return False
    return int(preference.get("snooze_start_ts", 0)) <= now_ms < int(
        preference.get("snooze_end_ts", 0)
    )


@lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(now_ms: int, timezone: str) -> datetime:
    """Now as a wall-clock time in ``timezone``; ``zoneinfo`` handles daylight saving."""
    return datetime.fromtimestamp(now_ms / 1000, tz=_zone(timezone or "UTC"))


def _minutes(hour: Any, minute: Any) -> int:
    return int(hour) * 60 + int(minute)


def _window_holds(start: int, end: int, minute_of_day: int, end_of_day: bool = False) -> bool:
    """[start, end) in minutes of the day; a start after the end wraps midnight.

    ``end_of_day`` makes an end of 23:59 reach midnight: that is how a window split at
    midnight is written back (``22:00-23:59`` plus ``00:00-06:00``).
    """
    if end_of_day and end == 23 * 60 + 59:
        end = 24 * 60
    if start <= end:
        return start <= minute_of_day < end
    return minute_of_day >= start or minute_of_day < end


def in_dnd(preference: dict[str, Any], now_ms: int) -> bool:
    """Inside a weekly DND schedule window, or (without schedules) the daily DND window."""
    local = local_time(now_ms, str(preference.get("timezone") or "UTC"))
    minute_of_day = local.hour * 60 + local.minute
    schedules = preference.get("dnd_schedules") or []
    if schedules:
        today = DAYS[local.weekday()]
        yesterday = DAYS[(local.weekday() - 1) % 7]
        for schedule in schedules:
            day = schedule.get("day_of_week")
            for window in schedule.get("time_windows", ()):
                start = _minutes(window.get("start_hour", 0), window.get("start_min", 0))
                end = _minutes(window.get("end_hour", 0), window.get("end_min", 0))
                if day == today:
                    if start <= end and _window_holds(start, end, minute_of_day, True):
                        return True
                    if start > end and minute_of_day >= start:
                        return True  # the evening part of a window wrapping midnight
                if day == yesterday and start > end and minute_of_day < end:
                    return True  # yesterday's window wrapping past midnight
        return False
    if not preference.get("do_not_disturb"):
        return False
    start = _minutes(preference.get("start_hour", 0), preference.get("start_min", 0))
    end = _minutes(preference.get("end_hour", 0), preference.get("end_min", 0))
    if start == end:
        return False  # an empty window (docs/decisions.md)
    return _window_holds(start, end, minute_of_day)


def why_not(
    message: dict[str, Any],
    sender_id: str | None,
    recipient: Recipient,
    *,
    push_enabled: bool,
    now_ms: int,
) -> str | None:
    """The first rule that stops a push to ``recipient``, or None when it goes out."""
    if not push_enabled:
        return "app push disabled"
    if not message.get("send_push") or message.get("is_silent"):
        return "message asks for no push"
    if recipient.user_id == sender_id:
        return "sender"
    if not recipient.is_active:
        return "inactive"
    if recipient.online:
        return "online"
    if recipient.channel_preference.get("enable") is False:
        return "channel push disabled"
    option = trigger_option(recipient.preference, recipient.channel_preference)
    if option == "off":
        return "trigger option off"
    if option == "mention_only" and not is_mentioned(message, recipient.user_id):
        return "not mentioned"
    if is_snoozed(recipient.preference, now_ms):
        return "snoozed"
    if in_dnd(recipient.preference, now_ms):
        return "do not disturb"
    return None


# -- what the push says -----------------------------------------------------------------


def _fill(text: str, variables: dict[str, str]) -> str:
    # Unknown {names} stay as written, so a typo shows in the push instead of vanishing.
    return _VARIABLE.sub(lambda m: variables.get(m.group(1), m.group(0)), text)


def _file_type_friendly(file_type: str) -> str:
    kind = file_type.split("/", 1)[0].lower()
    return {"image": "Image", "audio": "Audio", "video": "Video"}.get(kind, "File")


def render(
    message: dict[str, Any],
    channel_name: str,
    sender_name: str,
    recipient_template: str,
) -> tuple[str | None, str]:
    """``(title, text)`` of the push: the message's ``push_message_template`` wins over the
    recipient's template; a custom ``{title, body}`` takes the same variables plus
    ``{channel_name}``, and without a body falls back to the recipient's template."""
    kind = message["type"]
    file = message.get("file") or {}
    variables = {
        "sender_name": sender_name,
        "message": message.get("message", ""),
        "filename": file.get("name", ""),
        "channel_name": channel_name,
        "file_type_friendly": _file_type_friendly(file.get("type", "")),
    }
    chosen = message.get("push_message_template")
    title: str | None = None
    if isinstance(chosen, dict):
        if chosen.get("title"):
            title = _fill(chosen["title"], variables)
        body = chosen.get("body") or TEMPLATES.get(recipient_template, TEMPLATES["default"])[kind]
        return title, _fill(body, variables)
    name = chosen if chosen in TEMPLATES else recipient_template
    return title, _fill(TEMPLATES.get(name, TEMPLATES["default"])[kind], variables)


def push_sound(recipient: Recipient) -> str:
    """The channel's sound when it has one, else the user's (``default``)."""
    return str(
        recipient.channel_preference.get("push_sound")
        or recipient.preference.get("push_sound")
        or "default"
    )


def sendbird_object(
    app_id: str,
    message: dict[str, Any],
    channel: dict[str, Any],
    recipient: Recipient,
    title: str | None,
) -> dict[str, Any]:
    """The ``sendbird`` object of an offline notification, field for field as the UIKit's
    ``SendbirdDataPayload`` type names them
    (https://docs.sendbird.com/docs/chat/uikit/v2/react-native/ref/interfaces/
    _sendbird_uikit_utils.SendbirdDataPayload.html)."""
    file = message.get("file") or {}
    files = []
    if message["type"] == "FILE":
        files.append(
            {
                "type": file.get("type", ""),
                "url": file.get("url", ""),
                "name": file.get("name", ""),
                "size": file.get("size", 0),
                "require_auth": False,
            }
        )
    body: dict[str, Any] = {
        "category": "messaging:offline_notification",
        "type": message["type"],
        "message": message.get("message", ""),
        "custom_type": message.get("custom_type", ""),
        "message_id": message["message_id"],
        "created_at": message["created_at"],
        "app_id": app_id,
        "unread_message_count": recipient.unread_message_count,
        "channel": {
            "channel_url": channel["channel_url"],
            "name": channel["name"],
            "custom_type": channel.get("custom_type", ""),
            "channel_unread_message_count": recipient.channel_unread_message_count,
        },
        "channel_type": "messaging" if channel.get("is_distinct") else "group_messaging",
    }
    user = message.get("user")
    if user is not None:
        body["sender"] = {
            "id": user["user_id"],
            "name": user.get("nickname", ""),
            "profile_url": user.get("profile_url", ""),
            "require_auth_for_profile_image": False,
        }
    body.update(
        {
            "recipient": {
                "id": recipient.user_id,
                "name": recipient.nickname,
                "push_template": recipient.template,
            },
            "files": files,
            "translations": {},
            "mentioned_users": [dict(u) for u in message.get("mentioned_users", ())],
            "push_title": title,
            "push_sound": push_sound(recipient),
            "audience_type": "only",
        }
    )
    return body


def payloads(
    app_id: str, message: dict[str, Any], channel: dict[str, Any], recipient: Recipient
) -> dict[str, dict[str, Any]]:
    """What each service receives for this recipient: ``{"FCM"|"HMS"|"APNS": payload}``.

    FCM and HMS get a data message (every value a string, ``sendbird`` as JSON text);
    APNs gets a visible alert, since Sendbird sends no silent APNs notifications.
    """
    sender = message.get("user") or {}
    title, text = render(message, channel["name"], sender.get("nickname", ""), recipient.template)
    detail = sendbird_object(app_id, message, channel, recipient, title)
    data = {"message": text, "sendbird": json.dumps(detail, separators=(",", ":"))}
    alert: Any = text if title is None else {"title": title, "body": text}
    apns = {
        "aps": {
            "alert": alert,
            "badge": recipient.unread_message_count,
            "sound": detail["push_sound"],
        },
        "sendbird": detail,
    }
    return {"FCM": data, "HMS": data, "APNS": apns}


def pushes_for(
    app_id: str,
    message: dict[str, Any],
    channel: dict[str, Any],
    recipients: list[Recipient],
    *,
    push_enabled: bool,
    now_ms: int,
) -> list[tuple[Recipient, str, str, dict[str, Any]]]:
    """Every push the message causes: ``(recipient, service, token, payload)``, members in
    channel order, then token types gcm, huawei, apns, each oldest token first."""
    sender = message.get("user")
    sender_id = sender["user_id"] if sender else None
    out: list[tuple[Recipient, str, str, dict[str, Any]]] = []
    for recipient in recipients:
        if why_not(message, sender_id, recipient, push_enabled=push_enabled, now_ms=now_ms):
            continue
        if not any(recipient.tokens.get(t) for t in SERVICES):
            continue
        by_service = payloads(app_id, message, channel, recipient)
        for token_type, service in SERVICES.items():
            for token in recipient.tokens.get(token_type, ()):
                out.append((recipient, service, token, by_service[service]))
    return out
