"""Sendbird Platform API v3 over HTTP: the user's push surface (user update, session
tokens, content template, push preferences, a channel's push preference, app push
settings), and the admin route that marks a user online.

The views are made by ``views.store_call``; the rows below join the table of ``routes.py``
in ``provider.py``. Routes whose SDK 2.1.5 method may send an empty body (its request model
omitted) read an empty body as ``{}`` (``views.optional_body``).
"""

from __future__ import annotations

from flask import Response, jsonify

from fakepush.errors import AdminError
from fakepush.providers.base import Route
from fakepush.providers.sendbird.errors import SendbirdError
from fakepush.providers.sendbird.routes import UNKNOWN_USER
from fakepush.providers.sendbird.views import json_body, optional_body, store, store_call
from fakepush.web.admin_input import admin_app, admin_object, optional_names


def set_online() -> Response:
    """Admin: ``{"user_id", "online", "app_id"?}`` marks a user online or offline (the fake
    has no websockets, so every user is offline until a test says otherwise)."""
    body = admin_object(("user_id", "online", "app_id"))
    user_id, online, app_id = body.get("user_id"), body.get("online"), body.get("app_id")
    if not isinstance(user_id, str) or not user_id:
        raise AdminError("user_id must be a non-empty string")
    if not isinstance(online, bool):
        raise AdminError("online must be true or false")
    optional_names(body, "app_id")
    sendbird = store()
    app = admin_app(sendbird, app_id)
    try:
        sendbird.set_online(app, user_id, online)
    except SendbirdError:
        raise AdminError(f"no Sendbird user {user_id!r} in app {app.app_id!r}") from None
    return jsonify({"user_id": user_id, "online": online, "app_id": app.app_id})


CHANNEL = {"channel_url": "percent-decoded"}
MEMBER_OF_CHANNEL = {400201: "no such user or channel", 400108: "the user is not a member"}

USER = "/v3/users/<user_id>"
PREFERENCE = f"{USER}/push_preference"
SETTINGS = "/v3/applications/push/settings"
ROUTES = (
    Route(USER, "PUT", store_call("update_user", body=json_body), "Update a user",
          request="UpdateUserRequest", response="SendbirdUser", description="the user",
          refusals=UNKNOWN_USER),
    Route(f"{USER}/token", "POST", store_call("issue_session_token", body=optional_body),
          "Issue a session token", request="SessionTokenRequest", request_required=False,
          response="SessionTokenResponse", description="the token",
          refusals={**UNKNOWN_USER, 400111: "expires_at not after the fake's now"}),
    Route(f"{USER}/token", "DELETE", store_call("revoke_session_tokens", empty=True),
          "Revoke every session token of the user", response="Empty", description="{}",
          refusals=UNKNOWN_USER),
    Route(f"{USER}/push/template", "GET", store_call("view_push_template"),
          "View the user's push notification content template", response="PushTemplate",
          description="the template's name", refusals=UNKNOWN_USER),
    Route(f"{USER}/push/template", "PUT", store_call("choose_push_template", body=optional_body),
          "Choose the user's push notification content template", request="PushTemplate",
          response="PushTemplate", description="the chosen name", refusals=UNKNOWN_USER),
    Route(PREFERENCE, "GET", store_call("push_preference", name="view_push_preference"),
          "View the user's push preferences", response="PushPreference",
          description="every field, defaults where never set", refusals=UNKNOWN_USER),
    Route(PREFERENCE, "PUT", store_call("update_push_preference", body=optional_body),
          "Update the user's push preferences (a partial update)",
          request="PushPreferenceUpdate", request_required=False, response="PushPreference",
          description="every field, after the update",
          refusals={**UNKNOWN_USER, 400111: "timezone is no IANA name zoneinfo knows, or a "
                    "DND window starts where it ends"}),
    Route(PREFERENCE, "DELETE", store_call("reset_push_preference", empty=True),
          "Reset DND, snooze, time zone, sound and schedules", response="Empty",
          description="{}", refusals=UNKNOWN_USER),
    Route(f"{PREFERENCE}/<channel_url>", "GET",
          store_call("view_channel_push_preference", profile=True),
          "View the user's push preference for a channel", response="ChannelPushPreference",
          description="the channel's preference", params=CHANNEL, refusals=MEMBER_OF_CHANNEL),
    Route(f"{PREFERENCE}/<channel_url>", "PUT",
          store_call("update_channel_push_preference", body=optional_body, profile=True),
          "Update the user's push preference for a channel",
          request="ChannelPushPreferenceUpdate", response="ChannelPushPreference",
          description="the channel's preference", params=CHANNEL, refusals=MEMBER_OF_CHANNEL),
    Route(SETTINGS, "GET", store_call("push_settings", name="view_push_settings"),
          "View the app's push setting", response="PushSettings", description="the setting"),
    Route(SETTINGS, "PUT", store_call("update_push_settings", body=json_body),
          "Turn the app's push notifications on or off", request="PushSettings",
          response="PushSettings", description="the setting"),
)  # fmt: skip

ADMIN_ROUTES = (
    Route("/sendbird/online", "PUT", set_online, "Mark a Sendbird user online or offline",
          request="SendbirdOnline", response="SendbirdOnline", description="the flag",
          operation="sendbird_online",
          refusals={400: "no such app or user"}),
)  # fmt: skip
