"""Sendbird group channels: a minimal, exact model whose purpose is the push decision.

A channel keeps its members in join order, each member's unread count, and its
messages. One ``GroupChannels`` book per app also keeps, per user, the channels they are
in, so deleting a user or totalling their unread count reads only their channels, never
every user of the app. Fields and defaults follow
https://sendbird.com/docs/chat/v3/platform-api/channel/creating-a-channel/create-a-group-channel
and the SDK 2.1.5 models (``sendbird_group_channel_detail.py``).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from fakepush.providers.sendbird.errors import SendbirdError

CHANNEL_URL = re.compile(r"[A-Za-z0-9_-]{4,100}")
MAX_NAME = 191
MAX_CUSTOM_TYPE = 128
MAX_USERS = 100
DEFAULT_NAME = "group channel"
_STRINGS = ("name", "cover_url", "custom_type", "data")
_FLAGS = ("is_distinct", "is_public", "is_super", "is_ephemeral", "strict")


# A channel's settings, as a create body gives them, with Sendbird's defaults.
SETTINGS: dict[str, Any] = {
    "name": DEFAULT_NAME,
    "cover_url": "",
    "custom_type": "",
    "data": "",
    "is_distinct": False,
    "is_public": False,
    "is_ephemeral": False,
    "operator_ids": (),
}


class GroupChannel:
    """One group channel: its settings (attributes named as in ``SETTINGS``), members
    (join order), unread counts, messages."""

    def __init__(self, channel_url: str, created_at: int, **fields: Any) -> None:
        self.channel_url = channel_url
        self.created_at = created_at  # seconds, as Sendbird answers it
        for name, default in SETTINGS.items():
            setattr(self, name, fields.get(name, default))
        self.operator_ids: list[str] = list(self.operator_ids)
        self.members: dict[str, None] = {}
        self.unread: dict[str, int] = {}
        self.messages: list[dict[str, Any]] = []

    def settings(self) -> dict[str, Any]:
        settings = {name: getattr(self, name) for name in SETTINGS}
        settings["operator_ids"] = list(self.operator_ids)
        return settings

    def export(self) -> dict[str, Any]:
        return {
            "channel_url": self.channel_url,
            "created_at": self.created_at,
            **self.settings(),
            "members": list(self.members),
            "unread": dict(self.unread),
            "messages": [dict(m) for m in self.messages],
        }


class GroupChannels:
    """Every group channel of one app, who is in which, and the app's message id counter."""

    def __init__(self) -> None:
        self.channels: dict[str, GroupChannel] = {}
        self.channels_of: dict[str, dict[str, None]] = {}
        self.last_message_id = 0

    def clear(self) -> None:
        self.channels.clear()
        self.channels_of.clear()
        self.last_message_id = 0

    def get(self, channel_url: str) -> GroupChannel:
        channel = self.channels.get(channel_url)
        if channel is None:
            raise SendbirdError(400201, resource="Channel")
        return channel

    def add(self, channel: GroupChannel) -> None:
        self.channels[channel.channel_url] = channel

    def join(self, channel: GroupChannel, user_id: str) -> None:
        if user_id in channel.members:
            return
        channel.members[user_id] = None
        channel.unread.setdefault(user_id, 0)
        self.channels_of.setdefault(user_id, {})[channel.channel_url] = None

    def leave(self, channel: GroupChannel, user_id: str) -> None:
        """A member who leaves loses the channel's unread count; the channel stays."""
        if user_id not in channel.members:
            return
        del channel.members[user_id]
        channel.unread.pop(user_id, None)
        mine = self.channels_of.get(user_id)
        if mine is not None:
            mine.pop(channel.channel_url, None)
            if not mine:
                del self.channels_of[user_id]

    def delete(self, channel_url: str) -> None:
        channel = self.get(channel_url)
        for user_id in list(channel.members):
            self.leave(channel, user_id)
        del self.channels[channel_url]

    def remove_user(self, user_id: str) -> None:
        """Deleting a user takes them out of every channel they are in."""
        for channel_url in list(self.channels_of.get(user_id, {})):
            self.leave(self.channels[channel_url], user_id)

    def distinct_match(self, member_ids: list[str], custom_type: str) -> GroupChannel | None:
        """The distinct channel with exactly these members and this custom type, if any."""
        wanted = set(member_ids)
        for channel in self.channels.values():
            if (
                channel.is_distinct
                and channel.custom_type == custom_type
                and set(channel.members) == wanted
            ):
                return channel
        return None

    def unread_total(self, user_id: str) -> int:
        """The user's unread count over every channel they are in."""
        mine = self.channels_of.get(user_id, {})
        return sum(self.channels[url].unread.get(user_id, 0) for url in mine)

    def next_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id

    def export(self) -> dict[str, Any]:
        return {
            "group_channels": [channel.export() for channel in self.channels.values()],
            "last_message_id": self.last_message_id,
        }


def load_channels(book: GroupChannels, entry: dict[str, Any], users: Any) -> None:
    """Fill ``book`` from an app's export; members must be users of the app."""
    book.clear()
    book.last_message_id = int(entry.get("last_message_id", 0))
    for row in entry.get("group_channels", []):
        url = str(row["channel_url"])
        if not CHANNEL_URL.fullmatch(url) or url in book.channels:
            raise ValueError(f"group channel url {url!r} is invalid or appears twice")
        settings = {k: row[k] for k in SETTINGS if k in row}
        for name in _STRINGS:
            if name in settings and not isinstance(settings[name], str):
                raise ValueError(f"group channel {url!r}: {name} must be a string")
        channel = GroupChannel(url, int(row.get("created_at", 0)), **settings)
        book.add(channel)
        unread = row.get("unread") or {}
        for user_id in row.get("members", []):
            if user_id not in users:
                raise ValueError(f"group channel {url!r}: member {user_id!r} is no user")
            book.join(channel, user_id)
            channel.unread[user_id] = int(unread.get(user_id, 0))
        messages = row.get("messages") or []
        if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
            raise ValueError(f"group channel {url!r}: messages must be a list of objects")
        channel.messages = [dict(m) for m in messages]


def new_channel_url() -> str:
    """``sendbird_group_channel_<digits>_<hex>``, the shape Sendbird generates."""
    digits = secrets.randbelow(900_000_000) + 100_000_000
    return f"sendbird_group_channel_{digits}_{secrets.token_hex(20)}"


def _string_list(body: dict[str, Any], field: str) -> list[str]:
    value = body.get(field)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SendbirdError(400111, field=field)
    return value


def check_object(body: Any) -> dict[str, Any]:
    # A JSON value that is not an object carries no parameters Sendbird could read.
    if not isinstance(body, dict):
        raise SendbirdError(400403)
    return body


def optional_flag(body: dict[str, Any], field: str, default: bool = False) -> bool:
    """A boolean field: absent or null means ``default``; anything but a bool is 400111."""
    value = body.get(field)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise SendbirdError(400111, field=field)
    return value


def parse_create(body: Any) -> dict[str, Any]:
    """Check a create-group-channel body; ``member_ids`` is the union of ``user_ids`` and
    ``users[].user_id`` in order (SDK 2.1.5 always sends ``"users": []`` beside them)."""
    body = check_object(body)
    user_ids = _string_list(body, "user_ids")
    users = body.get("users")
    if users is None:
        users = []
    if not isinstance(users, list) or not all(
        isinstance(u, dict) and isinstance(u.get("user_id"), str) for u in users
    ):
        raise SendbirdError(400111, field="users")
    member_ids = list(dict.fromkeys([*user_ids, *(u["user_id"] for u in users)]))
    if len(member_ids) > MAX_USERS:
        raise SendbirdError(400111, field="user_ids")
    fields: dict[str, Any] = {"member_ids": member_ids}
    for name in _STRINGS:
        value = body.get(name)
        if value is None:
            continue  # null means unset: cover_url is never null in an answer
        if not isinstance(value, str):
            raise SendbirdError(400111, field=name)
        fields[name] = value
    if len(fields.get("name", "")) > MAX_NAME:
        raise SendbirdError(400111, field="name")
    if len(fields.get("custom_type", "")) > MAX_CUSTOM_TYPE:
        raise SendbirdError(400111, field="custom_type")
    url = body.get("channel_url")
    if url is not None and url != "":
        if not isinstance(url, str) or not CHANNEL_URL.fullmatch(url):
            raise SendbirdError(400111, field="channel_url")
        fields["channel_url"] = url
    for name in _FLAGS:
        if body.get(name) is not None:
            fields[name] = optional_flag(body, name)
    fields["operator_ids"] = _string_list(body, "operator_ids")
    return fields


def parse_user_ids(body: Any) -> list[str]:
    """The ``user_ids`` list of invite and leave (required, strings)."""
    body = check_object(body)
    if body.get("user_ids") is None:
        raise SendbirdError(400105, field="user_ids")
    return list(dict.fromkeys(_string_list(body, "user_ids")))


def query_flag(value: str | None) -> bool:
    """A query boolean: SDK 2.1.5 sends Python's ``True``, so any case of ``true`` counts."""
    return value is not None and value.strip().lower() == "true"
