"""Sendbird group channels and messages over HTTP: the rows of the route table for them.

The views turn requests into ``channel_store.py`` calls (most are made by
``views.store_call``); the Host, Api-Token and body rules are every Sendbird route's own
(``views.py``). Profile ``sdk`` shapes a few answers for
SDK 2.1.5 (``docs/decisions.md``).
"""

from __future__ import annotations

from flask import Response, jsonify, request

from fakepush.providers.base import Route
from fakepush.providers.sendbird.channels import MAX_USERS, query_flag
from fakepush.providers.sendbird.views import app, json_body, sdk, store, store_call


def _flag(name: str) -> bool:
    return query_flag(request.args.get(name))


def view_group_channel(channel_url: str) -> Response:
    """A group channel; ``show_member`` adds its members, ``user_id`` that user's view."""
    chosen = app()
    return jsonify(
        store().view_group_channel(
            chosen,
            channel_url,
            show_member=_flag("show_member"),
            user_id=request.args.get("user_id") or None,
            sdk=sdk(),
        )
    )


def list_group_channel_members(channel_url: str) -> Response:
    """Every member of a group channel, in join order."""
    chosen = app()
    members = store().list_members(
        chosen, channel_url, include_push_preference=_flag("include_push_preference"), sdk=sdk()
    )
    return jsonify(members)


CHANNEL = "/v3/group_channels/<channel_url>"
UNKNOWN_CHANNEL = {400201: "no channel with that channel_url"}
CHANNEL_ROUTES = (
    Route("/v3/group_channels", "POST",
          store_call("create_group_channel", body=json_body, profile=True),
          "Create a group channel",
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
    Route(CHANNEL, "DELETE", store_call("delete_group_channel", empty=True),
          "Delete a group channel and its messages", response="Empty", description="{}",
          refusals=UNKNOWN_CHANNEL),
    Route(f"{CHANNEL}/members", "GET", list_group_channel_members,
          "The members of a group channel, in join order", response="GroupChannelMembers",
          description="the members",
          query={"include_push_preference": "true (any case) adds push_enabled, "
                 "push_trigger_option, do_not_disturb"},
          refusals=UNKNOWN_CHANNEL),
    Route(f"{CHANNEL}/invite", "POST",
          store_call("invite", name="invite_group_channel_members", body=json_body, profile=True),
          "Add users to a group channel", request="UserIdsRequest",
          response="SendbirdGroupChannel", description="the channel",
          refusals=UNKNOWN_CHANNEL),
    Route(f"{CHANNEL}/leave", "PUT",
          store_call("leave", name="leave_group_channel", body=json_body, empty=True),
          "Members leave a group channel", request="UserIdsRequest", response="Empty",
          description="{}",
          refusals=UNKNOWN_CHANNEL),
    Route(f"{CHANNEL}/messages", "POST",
          store_call("send_message", name="send_group_channel_message", body=json_body),
          "Send a message (MESG, FILE, ADMM); its pushes go to the outbox",
          request="SendMessageRequest", response="SendbirdMessage", description="the message",
          refusals={**UNKNOWN_CHANNEL, 400108: "the sender is not a member"}),
)  # fmt: skip
