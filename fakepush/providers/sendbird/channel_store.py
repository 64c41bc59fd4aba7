"""The Sendbird store's group channels and messages: rules over ``channels.py``,
``messages.py`` and ``delivery.py``, with the store's lock, users, clock and outbox.

A message is stored, counts as unread for every member but its sender (unless silent),
and is delivered at once: its pushes are in the outbox before the HTTP answer is sent.
"""

from __future__ import annotations

from typing import Any

from fakepush.providers.sendbird.channels import (
    GroupChannel,
    GroupChannels,
    new_channel_url,
    parse_create,
    parse_user_ids,
)
from fakepush.providers.sendbird.delivery import Recipient, pushes_for, trigger_option
from fakepush.providers.sendbird.errors import SendbirdError
from fakepush.providers.sendbird.messages import DECISION_FIELDS, message_resource, parse_message

class GroupChannelRules:
    """Group channels and messages of every app; mixed into ``SendbirdStore``.

    Expects ``self.lock``, ``self.clock``, ``self.outbox`` and ``self._user`` of the store,
    and the push surface's reads (``push_store.py``): ``push_preference``,
    ``channel_push_preference``, ``is_online``, ``push_template``, ``push_enabled``. Each
    app carries a ``GroupChannels`` book as ``app.group_channels``.
    """

    lock: Any
    clock: Any
    outbox: Any
    _user: Any
    push_preference: Any
    channel_push_preference: Any
    is_online: Any
    push_template: Any
    push_enabled: Any

    def _book(self, app: Any) -> GroupChannels:
        return app.group_channels

    # -- resources --------------------------------------------------------------------

    def _member(self, app: Any, channel: GroupChannel, user_id: str) -> dict[str, Any]:
        user = app.users[user_id]
        return {
            "user_id": user_id,
            "nickname": user.nickname,
            "profile_url": user.profile_url,
            "metadata": dict(user.metadata),
            "is_online": bool(self.is_online(app, user_id)),
            "is_active": bool(user.is_active),
            "last_seen_at": 0,
            "state": "joined",
            "role": "operator" if user_id in channel.operator_ids else "",
            "require_auth_for_profile_image": False,
            "is_muted": False,
            "is_blocked_by_me": False,
            "is_blocking_me": False,
        }

    def _member_push_fields(
        self, app: Any, channel: GroupChannel, user_id: str, sdk: bool
    ) -> dict[str, Any]:
        """``include_push_preference``: the channel-level option (``default`` allowed), which
        profile ``sdk`` answers resolved, since SDK 2.1.5 cannot decode ``default``."""
        preference = self.push_preference(app, user_id)
        option = self.channel_push_preference(app, user_id, channel.channel_url).get(
            "push_trigger_option", "default"
        )
        if sdk or option == "false":
            option = trigger_option(preference, {"push_trigger_option": option})
        tokens = app.users[user_id].tokens
        return {
            "push_enabled": any(tokens.values()),
            "push_trigger_option": option,
            "do_not_disturb": bool(preference.get("do_not_disturb")),
        }

    def _channel_resource(
        self,
        app: Any,
        channel: GroupChannel,
        *,
        sdk: bool,
        show_member: bool = False,
        for_user: str | None = None,
    ) -> dict[str, Any]:
        count = len(channel.members)
        inner = {
            "name": channel.name,
            "member_count": count,
            "channel_url": channel.channel_url,
            "created_at": channel.created_at,
            "cover_url": channel.cover_url,
            "max_length_message": -1,
            "data": channel.data,
            "custom_type": channel.custom_type,
        }
        resource: dict[str, Any] = {
            **inner,
            "is_distinct": channel.is_distinct,
            "is_public": channel.is_public,
            "is_super": False,
            "is_ephemeral": channel.is_ephemeral,
            "is_broadcast": False,
            "is_discoverable": channel.is_public,
            "is_access_code_required": False,
            "freeze": False,
            "joined_member_count": count,
            "unread_message_count": 0,
            "unread_mention_count": 0,
            "message_survival_seconds": -1,
            "channel": inner,
        }
        if not sdk:
            # SDK 2.1.5 cannot decode a non-null last_message (docs/decisions.md).
            resource["last_message"] = dict(channel.messages[-1]) if channel.messages else None
        if show_member:
            resource["members"] = [self._member(app, channel, u) for u in channel.members]
        if for_user is not None:
            joined = for_user in channel.members
            resource["member_state"] = "joined" if joined else "none"
            resource["unread_message_count"] = channel.unread.get(for_user, 0)
            if joined:
                resource["count_preference"] = "all"
                if not sdk:
                    # SDK 2.1.5 decodes this field twice (allOf) into two objects that
                    # never compare equal, and raises whatever the value.
                    resource["push_trigger_option"] = self._member_push_fields(
                        app, channel, for_user, sdk
                    )["push_trigger_option"]
        return resource

    # -- channels ---------------------------------------------------------------------

    def create_group_channel(self, app: Any, body: Any, *, sdk: bool = False) -> dict[str, Any]:
        """Create a channel (or, distinct, answer the one with the same members)."""
        fields = parse_create(body)
        with self.lock:
            book = self._book(app)
            wanted = fields.pop("member_ids")
            known = [u for u in wanted if u in app.users]
            if fields.pop("strict", False) and len(known) != len(wanted):
                raise SendbirdError(400111, field="user_ids")
            url = fields.pop("channel_url", None)
            if url is not None and url in book.channels:
                raise SendbirdError(400202, resource="Channel")
            fields.pop("is_super", None)
            if fields.get("is_distinct"):
                existing = book.distinct_match(known, fields.get("custom_type", ""))
                if existing is not None:
                    return self._channel_resource(app, existing, sdk=sdk, show_member=True)
            while url is None or url in book.channels:
                url = new_channel_url()
            channel = GroupChannel(url, int(self.clock.now_ms() // 1000), **fields)
            book.add(channel)
            for user_id in known:
                book.join(channel, user_id)
            return self._channel_resource(app, channel, sdk=sdk, show_member=True)

    def view_group_channel(
        self,
        app: Any,
        channel_url: str,
        *,
        show_member: bool = False,
        user_id: str | None = None,
        sdk: bool = False,
    ) -> dict[str, Any]:
        with self.lock:
            channel = self._book(app).get(channel_url)
            return self._channel_resource(
                app, channel, sdk=sdk, show_member=show_member, for_user=user_id
            )

    def delete_group_channel(self, app: Any, channel_url: str) -> None:
        """Delete the channel; its members' push preferences for it go too (a new channel
        of the same URL starts from ``default``)."""
        with self.lock:
            self._book(app).delete(channel_url)
            app.push_surface.forget_channel(channel_url)

    def list_members(
        self,
        app: Any,
        channel_url: str,
        *,
        include_push_preference: bool = False,
        sdk: bool = False,
    ) -> dict[str, Any]:
        with self.lock:
            channel = self._book(app).get(channel_url)
            members = []
            for user_id in channel.members:
                member = self._member(app, channel, user_id)
                if include_push_preference:
                    member.update(self._member_push_fields(app, channel, user_id, sdk))
                members.append(member)
            return {"members": members, "next": ""}

    def invite(self, app: Any, channel_url: str, body: Any, *, sdk: bool = False) -> dict[str, Any]:
        """Add users as joined members (unknown users are left out); answers the channel."""
        user_ids = parse_user_ids(body)
        with self.lock:
            book = self._book(app)
            channel = book.get(channel_url)
            for user_id in user_ids:
                if user_id in app.users:
                    book.join(channel, user_id)
            return self._channel_resource(app, channel, sdk=sdk, show_member=True)

    def leave(self, app: Any, channel_url: str, body: Any) -> None:
        user_ids = parse_user_ids(body)
        with self.lock:
            book = self._book(app)
            channel = book.get(channel_url)
            for user_id in user_ids:
                book.leave(channel, user_id)

    def channel_member_check(self, app: Any, channel_url: str, user_id: str) -> None:
        """400201 for an unknown channel, 400108 for a user who is not a member."""
        with self.lock:
            channel = self._book(app).get(channel_url)
            if user_id not in channel.members:
                raise SendbirdError(400108)

    def _leave_all_channels(self, app: Any, user_id: str) -> None:
        """A user deactivated with ``leave_all_when_deactivated`` leaves every channel."""
        with self.lock:
            self._book(app).remove_user(user_id)

    # -- messages ---------------------------------------------------------------------

    def _basic(self, app: Any, user_id: str) -> dict[str, Any]:
        user = app.users[user_id]
        return {
            "user_id": user_id,
            "nickname": user.nickname,
            "profile_url": user.profile_url,
            "require_auth_for_profile_image": False,
            "metadata": dict(user.metadata),
        }

    def send_message(self, app: Any, channel_url: str, body: Any) -> dict[str, Any]:
        """Store the message, count it unread, deliver its pushes; answers the message."""
        fields = parse_message(body)
        with self.lock:
            book = self._book(app)
            channel = book.get(channel_url)
            sender_id = fields["user_id"]
            if sender_id is not None:
                self._user(app, sender_id)
                if sender_id not in channel.members:
                    raise SendbirdError(400108)
            now = int(self.clock.now_ms())
            mentioned = [
                self._basic(app, u) for u in fields["mentioned_user_ids"] if u in app.users
            ]
            resource = message_resource(
                fields,
                message_id=book.next_message_id(),
                channel_url=channel_url,
                created_at=now,
                user=self._basic(app, sender_id) if sender_id is not None else None,
                mentioned_users=mentioned,
            )
            channel.messages.append(resource)
            if not fields["is_silent"]:
                for user_id in channel.members:
                    if user_id != sender_id:
                        channel.unread[user_id] += 1
            decided = {**resource, **{k: fields[k] for k in DECISION_FIELDS}}
            self._deliver(app, channel, decided, now)
            return resource

    def _recipient(self, app: Any, channel: GroupChannel, user_id: str) -> Recipient:
        user = app.users[user_id]
        return Recipient(
            user_id=user_id,
            nickname=user.nickname,
            is_active=bool(user.is_active),
            online=bool(self.is_online(app, user_id)),
            tokens={t: list(tokens) for t, tokens in user.tokens.items()},
            preference=self.push_preference(app, user_id),
            channel_preference=self.channel_push_preference(app, user_id, channel.channel_url),
            template=self.push_template(app, user_id),
            unread_message_count=self._book(app).unread_total(user_id),
            channel_unread_message_count=channel.unread.get(user_id, 0),
        )

    def _deliver(self, app: Any, channel: GroupChannel, message: dict[str, Any], now: int) -> None:
        enabled = bool(self.push_enabled(app))
        if not enabled or not message["send_push"] or message["is_silent"]:
            return  # nobody gets a push: skip gathering every member's preferences
        sender = message.get("user")
        recipients = [
            self._recipient(app, channel, u)
            for u in channel.members
            if sender is None or u != sender["user_id"]
        ]
        channel_view = {
            "channel_url": channel.channel_url,
            "name": channel.name,
            "custom_type": channel.custom_type,
            "is_distinct": channel.is_distinct,
        }
        for recipient, service, token, payload in pushes_for(
            app.app_id, message, channel_view, recipients, push_enabled=enabled, now_ms=now
        ):
            self.outbox.record(
                at=now,
                provider="sendbird",
                app_id=app.app_id,
                message_id=str(message["message_id"]),
                channel=channel.channel_url,
                service=service,
                token=token,
                payload=payload,
                user_id=recipient.user_id,
            )

    # -- views for the handle ---------------------------------------------------------

    def group_channels(self, app: Any) -> list[dict[str, Any]]:
        with self.lock:
            return [
                self._channel_resource(app, c, sdk=False, show_member=True)
                for c in self._book(app).channels.values()
            ]

    def messages(self, app: Any, channel_url: str) -> list[dict[str, Any]]:
        with self.lock:
            channel = self._book(app).channels.get(channel_url)
            if channel is None:
                raise KeyError(f"no Sendbird group channel {channel_url!r} in app {app.app_id!r}")
            return [dict(m) for m in channel.messages]
