"""Sendbird Platform API v3 over HTTP: users and push tokens, turned into store calls and back.

The host is ``api-{app_id}.sendbird.com`` (or anything else, for the default app); every
path starts with ``/v3``. Tokens may hold ``/`` and ``:``, which the SDK sends as ``%2F``
and ``%3A``; Werkzeug decodes ``%2F`` before routing, so these routes are matched again
on the raw path (``_route_on_raw_path``) and each segment is percent-decoded on its own.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from flask import Blueprint, Response, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import RequestRedirect

from fakepush.app import fake_state, raw_path, this_request
from fakepush.jsonbody import InvalidJSON, parse_json
from fakepush.sendbird.channels import query_flag
from fakepush.sendbird.errors import SendbirdError
from fakepush.sendbird.store import SendbirdApp, SendbirdStore, check_token_type

bp = Blueprint("sendbird", __name__)


def _store() -> SendbirdStore:
    return fake_state().sendbird


def _app() -> SendbirdApp:
    """The app the Host header selects, then its Api-Token (product.md: app before auth)."""
    store = _store()
    app = store.app_by_host(request.host)
    g.fakepush_app_id = app.app_id
    store.authenticate(app, request.headers.get("Api-Token"))
    return app


def _json_body() -> Any:
    # The SDK sends Content-Type only on POST and sends an empty body when the request
    # model is omitted (sendbird-sources.md §1), so the body is read whatever its type.
    try:
        return parse_json(request.get_data(cache=True))
    except InvalidJSON:
        raise SendbirdError(400403) from None


def create_user() -> Response:
    """Create a user; answers the full user resource."""
    app = _app()
    return jsonify(_store().create_user(app, _json_body()))


def view_user(user_id: str) -> Response:
    """The full user resource."""
    app = _app()
    return jsonify(_store().view_user(app, user_id))


def delete_user(user_id: str) -> Response:
    """Delete a user and their tokens; ``{}`` (SDK 2.1.5 cannot decode an empty body)."""
    app = _app()
    _store().delete_user(app, user_id)
    return jsonify({})


def add_token(user_id: str, token_type: str) -> Response:
    """Register a push token for a user."""
    app = _app()
    check_token_type(token_type)  # the path before the body
    return jsonify(_store().add_token(app, user_id, token_type, _json_body()))


def list_tokens(user_id: str, token_type: str) -> Response:
    """A user's tokens of one type, oldest first."""
    app = _app()
    return jsonify(_store().list_tokens(app, user_id, token_type))


def remove_token(user_id: str, token_type: str, token: str) -> Response:
    """Remove one token: ``token`` is a list in the docs, a string in SDK 2.1.5."""
    app = _app()
    user = _store().remove_token(app, user_id, token_type, token)
    removed: Any = token if fake_state().profile == "sdk" else [token]
    return jsonify({"token": removed, "user": user})


def remove_all_tokens(user_id: str) -> Response:
    """Remove every token of every type from a user."""
    app = _app()
    return jsonify(_store().remove_all_tokens(app, user_id))


def _owners_response(owners: list[str]) -> Response:
    # D-owner shows one object (the most recent owner); SDK 2.1.5 decodes a list of them.
    if fake_state().profile == "sdk":
        return jsonify([{"user_id": owner} for owner in owners])
    return jsonify({"user_id": owners[0]})


def view_token_owners(token_type: str, token: str) -> Response:
    """Who holds a token."""
    app = _app()
    return _owners_response(_store().token_owners(app, token_type, token))


def remove_token_from_owners(token_type: str, token: str) -> Response:
    """Take a token from every user holding it; answers who held it."""
    app = _app()
    return _owners_response(_store().remove_token_from_owners(app, token_type, token))


def _sdk() -> bool:
    return fake_state().profile == "sdk"


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


_ROUTES: list[tuple[str, Any, str]] = [
    ("/v3/users", create_user, "POST"),
    ("/v3/users/<user_id>", view_user, "GET"),
    ("/v3/users/<user_id>", delete_user, "DELETE"),
    ("/v3/users/<user_id>/push/<token_type>", add_token, "POST"),
    ("/v3/users/<user_id>/push/<token_type>", list_tokens, "GET"),
    ("/v3/users/<user_id>/push/<token_type>/<token>", remove_token, "DELETE"),
    ("/v3/users/<user_id>/push", remove_all_tokens, "DELETE"),
    ("/v3/push/device_tokens/<token_type>/<token>", view_token_owners, "GET"),
    ("/v3/push/device_tokens/<token_type>/<token>", remove_token_from_owners, "DELETE"),
    ("/v3/group_channels", create_group_channel, "POST"),
    ("/v3/group_channels/<channel_url>", view_group_channel, "GET"),
    ("/v3/group_channels/<channel_url>", delete_group_channel, "DELETE"),
    ("/v3/group_channels/<channel_url>/members", list_group_channel_members, "GET"),
    ("/v3/group_channels/<channel_url>/invite", invite_group_channel_members, "POST"),
    ("/v3/group_channels/<channel_url>/leave", leave_group_channel, "PUT"),
    ("/v3/group_channels/<channel_url>/messages", send_group_channel_message, "POST"),
]
for rule, view, method in _ROUTES:
    bp.add_url_rule(rule, view_func=view, methods=[method])

ENDPOINTS = frozenset(f"{bp.name}.{view.__name__}" for _, view, _ in _ROUTES)


@bp.before_app_request
def _route_on_raw_path() -> None:
    """Match ``/v3`` requests again on the raw path, so ``%2F`` stays inside its segment.

    Flask matched the decoded path, where ``/v3/users/a%2Fpush`` looks like the push
    route of user ``a``. Matching the raw path with the same rules finds the right view;
    its arguments are then percent-decoded one by one. Errors go into
    ``routing_exception``, which Flask raises at dispatch as it would its own.
    """
    if not this_request().path.startswith("/v3"):  # every request passes here: no proxy
        return
    flask_endpoint = request.url_rule.endpoint if request.url_rule is not None else None
    adapter = current_app.create_url_adapter(request)
    if adapter is None:
        return
    try:
        rule, args = adapter.match(raw_path(), method=request.method, return_rule=True)
    except RequestRedirect:  # merged slashes: an empty segment names nothing here
        rule, args, error = None, {}, NotFound()
    except HTTPException as exc:
        rule, args, error = None, {}, exc
    else:
        error = None
    ours = rule.endpoint in ENDPOINTS if rule is not None else flask_endpoint is None
    if not ours and flask_endpoint not in ENDPOINTS:
        return  # another provider's route (a Backendless app called "v3"): leave it alone
    request.url_rule = rule
    request.view_args = {name: unquote(value) for name, value in args.items()}
    request.routing_exception = error
