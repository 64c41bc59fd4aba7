"""Sendbird group channels and messages over HTTP: the rows of the route table for them.

The views turn requests into ``channel_store.py`` calls; the Host, Api-Token and body
rules are the user routes' own (``routes.py``). Profile ``sdk`` shapes a few answers for
SDK 2.1.5 (``docs/decisions.md``).
"""

from __future__ import annotations

from flask import Response, jsonify, request

from fakepush.providers.base import Route
from fakepush.providers.sendbird.channels import MAX_USERS, query_flag
from fakepush.providers.sendbird.routes import _app, _json_body, _store
from fakepush.web.context import request_profile


def _sdk() -> bool:
    # The profile answering this request: profile auto picks sdk for the SDK's User-Agent.
    return request_profile() == "sdk"


def _flag(name: str) -> bool:
    return query_flag(request.args.get(name))


def create_group_channel() -> Response:
    """Create a group channel; answers the channel with its members."""
    app = _app()
    return jsonify(_store().create_group_channel(app, _json_body(), sdk=_sdk()))


def view_group_channel(channel_url: str) -> Response:
    """A group channel; ``show_member`` adds its members, ``user_id`` that user's view."""
    app = _app()
    return jsonify(
        _store().view_group_channel(
            app,
            channel_url,
            show_member=_flag("show_member"),
            user_id=request.args.get("user_id") or None,
            sdk=_sdk(),
        )
    )


def delete_group_channel(channel_url: str) -> Response:
    """Delete a group channel and its messages; ``{}``."""
    app = _app()
    _store().delete_group_channel(app, channel_url)
    return jsonify({})


def list_group_channel_members(channel_url: str) -> Response:
    """Every member of a group channel, in join order."""
    app = _app()
    members = _store().list_members(
        app, channel_url, include_push_preference=_flag("include_push_preference"), sdk=_sdk()
    )
    return jsonify(members)


def invite_group_channel_members(channel_url: str) -> Response:
    """Add users to a group channel; answers the channel."""
    app = _app()
    return jsonify(_store().invite(app, channel_url, _json_body(), sdk=_sdk()))


def leave_group_channel(channel_url: str) -> Response:
    """Members leave a group channel; ``{}``."""
    app = _app()
    _store().leave(app, channel_url, _json_body())
    return jsonify({})


def send_group_channel_message(channel_url: str) -> Response:
    """Send a message; its pushes are in the outbox before this answer."""
    app = _app()
    return jsonify(_store().send_message(app, channel_url, _json_body()))


CHANNEL = "/v3/group_channels/<channel_url>"
UNKNOWN_CHANNEL = {400201: "no channel with that channel_url"}
CHANNEL_ROUTES = (
    Route("/v3/group_channels", "POST", create_group_channel, "Create a group channel",
          request="CreateGroupChannelRequest", response="SendbirdGroupChannel",
          description="the channel with its members",
          refusals={
              400202: "the channel_url is taken",
              400111: "strict, and a user is unknown; or user_ids and users name more than "
              f"{MAX_USERS} members together",
          }),
    Route(CHANNEL, "GET", view_group_channel, "View a group channel",
          response="SendbirdGroupChannel", description="the channel",
          query={"show_member": "true (any case) adds the members",
                 "user_id": "adds member_state, unread_message_count, push_trigger_option"},
          refusals=UNKNOWN_CHANNEL),
    Route(CHANNEL, "DELETE", delete_group_channel, "Delete a group channel and its messages",
          response="Empty", description="{}",
          refusals=UNKNOWN_CHANNEL),
    Route(f"{CHANNEL}/members", "GET", list_group_channel_members,
          "The members of a group channel, in join order", response="GroupChannelMembers",
          description="the members",
          query={"include_push_preference": "true (any case) adds push_enabled, "
                 "push_trigger_option, do_not_disturb"},
          refusals=UNKNOWN_CHANNEL),
    Route(f"{CHANNEL}/invite", "POST", invite_group_channel_members,
          "Add users to a group channel", request="UserIdsRequest",
          response="SendbirdGroupChannel", description="the channel",
          refusals=UNKNOWN_CHANNEL),
    Route(f"{CHANNEL}/leave", "PUT", leave_group_channel, "Members leave a group channel",
          request="UserIdsRequest", response="Empty", description="{}",
          refusals=UNKNOWN_CHANNEL),
    Route(f"{CHANNEL}/messages", "POST", send_group_channel_message,
          "Send a message (MESG, FILE, ADMM); its pushes go to the outbox",
          request="SendMessageRequest", response="SendbirdMessage", description="the message",
          refusals={**UNKNOWN_CHANNEL, 400108: "the sender is not a member"}),
)  # fmt: skip
