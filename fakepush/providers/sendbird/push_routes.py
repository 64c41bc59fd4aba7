"""Sendbird Platform API v3 over HTTP: the user's push surface (user update, session
tokens, content template, push preferences, a channel's push preference, app push
settings), and the admin route that marks a user online.

The helpers (app by Host, Api-Token, body) are those of ``routes.py``; the rows below join
its table in ``provider.py``. Routes whose SDK 2.1.5 method may send an empty body (its
request model omitted) read an empty body as ``{}``.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from fakepush.errors import AdminError
from fakepush.providers.base import Route
from fakepush.providers.sendbird.errors import SendbirdError
from fakepush.providers.sendbird.routes import UNKNOWN_USER, _app, _json_body, _store
from fakepush.web.admin_input import admin_app, admin_object, optional_names
from fakepush.web.context import request_profile, this_request


def _optional_body() -> Any:
    if not this_request().get_data(cache=True).strip():
        return {}
    return _json_body()


def _sdk() -> bool:
    # The profile answering this request: profile auto picks sdk for the SDK's User-Agent.
    return request_profile() == "sdk"


def update_user(user_id: str) -> Response:
    """Change any of the user's fields; answers the full user resource."""
    app = _app()
    return jsonify(_store().update_user(app, user_id, _json_body()))


def issue_session_token(user_id: str) -> Response:
    """``{"token", "expires_at"}``; the body (``{"expires_at"}``) is optional."""
    app = _app()
    return jsonify(_store().issue_session_token(app, user_id, _optional_body()))


def revoke_session_tokens(user_id: str) -> Response:
    """Revoke every session token of the user; ``{}`` (the docs: an empty body)."""
    app = _app()
    _store().revoke_session_tokens(app, user_id)
    return jsonify({})


def view_push_template(user_id: str) -> Response:
    app = _app()
    return jsonify(_store().view_push_template(app, user_id))


def choose_push_template(user_id: str) -> Response:
    app = _app()
    return jsonify(_store().choose_push_template(app, user_id, _optional_body()))


def view_push_preference(user_id: str) -> Response:
    app = _app()
    return jsonify(_store().push_preference(app, user_id))


def update_push_preference(user_id: str) -> Response:
    """A partial update; answers the full, updated preferences."""
    app = _app()
    return jsonify(_store().update_push_preference(app, user_id, _optional_body()))


def reset_push_preference(user_id: str) -> Response:
    """``{}``: the docs say an empty body, which SDK 2.1.5 cannot decode."""
    app = _app()
    _store().reset_push_preference(app, user_id)
    return jsonify({})


def view_channel_push_preference(user_id: str, channel_url: str) -> Response:
    app = _app()
    return jsonify(
        _store().view_channel_push_preference(app, user_id, channel_url, sdk=_sdk())
    )


def update_channel_push_preference(user_id: str, channel_url: str) -> Response:
    app = _app()
    body = _optional_body()
    return jsonify(
        _store().update_channel_push_preference(app, user_id, channel_url, body, sdk=_sdk())
    )


def view_push_settings() -> Response:
    app = _app()
    return jsonify(_store().push_settings(app))


def update_push_settings() -> Response:
    app = _app()
    return jsonify(_store().update_push_settings(app, _json_body()))


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
    store = _store()
    app = admin_app(store, app_id)
    try:
        store.set_online(app, user_id, online)
    except SendbirdError:
        raise AdminError(f"no Sendbird user {user_id!r} in app {app.app_id!r}") from None
    return jsonify({"user_id": user_id, "online": online, "app_id": app.app_id})


CHANNEL = {"channel_url": "percent-decoded"}
MEMBER_OF_CHANNEL = {400201: "no such user or channel", 400108: "the user is not a member"}

ROUTES = (
    Route("/v3/users/<user_id>", "PUT", update_user, "Update a user",
          request="UpdateUserRequest", response="SendbirdUser", description="the user",
          refusals=UNKNOWN_USER),
    Route("/v3/users/<user_id>/token", "POST", issue_session_token, "Issue a session token",
          request="SessionTokenRequest", request_required=False,
          response="SessionTokenResponse", description="the token",
          refusals={**UNKNOWN_USER, 400111: "expires_at not after the fake's now"}),
    Route("/v3/users/<user_id>/token", "DELETE", revoke_session_tokens,
          "Revoke every session token of the user", response="Empty", description="{}",
          refusals=UNKNOWN_USER),
    Route("/v3/users/<user_id>/push/template", "GET", view_push_template,
          "View the user's push notification content template", response="PushTemplate",
          description="the template's name",
          refusals=UNKNOWN_USER),
    Route("/v3/users/<user_id>/push/template", "PUT", choose_push_template,
          "Choose the user's push notification content template", request="PushTemplate",
          response="PushTemplate", description="the chosen name",
          refusals=UNKNOWN_USER),
    Route("/v3/users/<user_id>/push_preference", "GET", view_push_preference,
          "View the user's push preferences", response="PushPreference",
          description="every field, defaults where never set",
          refusals=UNKNOWN_USER),
    Route("/v3/users/<user_id>/push_preference", "PUT", update_push_preference,
          "Update the user's push preferences (a partial update)",
          request="PushPreferenceUpdate", request_required=False, response="PushPreference",
          description="every field, after the update",
          refusals={**UNKNOWN_USER, 400111: "timezone is no IANA name zoneinfo knows, or a "
                    "DND window starts where it ends"}),
    Route("/v3/users/<user_id>/push_preference", "DELETE", reset_push_preference,
          "Reset DND, snooze, time zone, sound and schedules", response="Empty",
          description="{}",
          refusals=UNKNOWN_USER),
    Route("/v3/users/<user_id>/push_preference/<channel_url>", "GET",
          view_channel_push_preference, "View the user's push preference for a channel",
          response="ChannelPushPreference", description="the channel's preference",
          params=CHANNEL,
          refusals=MEMBER_OF_CHANNEL),
    Route("/v3/users/<user_id>/push_preference/<channel_url>", "PUT",
          update_channel_push_preference, "Update the user's push preference for a channel",
          request="ChannelPushPreferenceUpdate", response="ChannelPushPreference",
          description="the channel's preference", params=CHANNEL,
          refusals=MEMBER_OF_CHANNEL),
    Route("/v3/applications/push/settings", "GET", view_push_settings,
          "View the app's push setting", response="PushSettings", description="the setting"),
    Route("/v3/applications/push/settings", "PUT", update_push_settings,
          "Turn the app's push notifications on or off", request="PushSettings",
          response="PushSettings", description="the setting"),
)  # fmt: skip

ADMIN_ROUTES = (
    Route("/sendbird/online", "PUT", set_online, "Mark a Sendbird user online or offline",
          request="SendbirdOnline", response="SendbirdOnline", description="the flag",
          operation="sendbird_online",
          refusals={400: "no such app or user"}),
)  # fmt: skip
