"""Sendbird Platform API v3 over HTTP: users and push tokens, turned into store calls and back.

The host is ``api-{app_id}.sendbird.com`` (or anything else, for the default app); every
path starts with ``/v3``. Tokens may hold ``/`` and ``:``, which the SDK sends as ``%2F``
and ``%3A``; Werkzeug decodes ``%2F`` before routing, so these routes are matched again
on the raw path (``route_on_raw_path``) and each segment is percent-decoded on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from fakepush.providers.base import Route
from fakepush.providers.sendbird.store import check_token_type
from fakepush.providers.sendbird.views import app, json_body, sdk, store, store_call
from fakepush.web.context import raw_path, this_request


def add_token(user_id: str, token_type: str) -> Response:
    """Register a push token for a user."""
    chosen = app()
    if token_type == "template":  # GET and PUT push/template are their own routes
        raise MethodNotAllowed(valid_methods=["GET", "PUT"])
    check_token_type(token_type)  # the path before the body
    return jsonify(store().add_token(chosen, user_id, token_type, json_body()))


def remove_token(user_id: str, token_type: str, token: str) -> Response:
    """Remove one token: ``token`` is a list in the docs, a string in SDK 2.1.5."""
    user = store().remove_token(app(), user_id, token_type, token)
    removed: Any = token if sdk() else [token]
    return jsonify({"token": removed, "user": user})


def _owners(method: str, name: str | None = None) -> Callable[..., Response]:
    """A view answering the owners ``method`` returns, most recent first: the docs show one
    object (the most recent owner); SDK 2.1.5 decodes a list of them."""

    def view(token_type: str, token: str) -> Response:
        owners = getattr(store(), method)(app(), token_type, token)
        if sdk():
            return jsonify([{"user_id": owner} for owner in owners])
        return jsonify({"user_id": owners[0]})

    view.__name__ = view.__qualname__ = name or method
    return view


TOKEN = {"token": "percent-decoded; may contain '/' and ':'"}
# What a well-formed request may still meet (Route.refusals, fakepush/providers/base.py).
UNKNOWN_USER = {400201: "no user with that user_id"}
UNKNOWN_TOKEN = {400201: "no user has the token"}
OWNERS = "/v3/push/device_tokens/<token_type>/<token>"

ROUTES = (
    Route("/v3/users", "POST", store_call("create_user", body=json_body), "Create a user",
          request="CreateUserRequest", response="SendbirdUser", description="the user",
          refusals={400202: "the user_id is taken"}),
    Route("/v3/users/<user_id>", "GET", store_call("view_user"), "View a user",
          response="SendbirdUser", description="the user", refusals=UNKNOWN_USER),
    Route("/v3/users/<user_id>", "DELETE", store_call("delete_user", empty=True),
          "Delete a user and their tokens", response="Empty", description="{}",
          refusals=UNKNOWN_USER),
    Route("/v3/users/<user_id>/push/<token_type>", "POST", add_token, "Add a push token",
          request="AddTokenRequest", response="AddTokenResponse", description="the token",
          refusals={**UNKNOWN_USER,
                    400105: "the body has no token field of the path's token_type"}),
    Route("/v3/users/<user_id>/push/<token_type>", "GET", store_call("list_tokens"),
          "List a user's tokens of one type, oldest first", response="ListTokensResponse",
          description="the tokens", refusals=UNKNOWN_USER),
    Route("/v3/users/<user_id>/push/<token_type>/<token>", "DELETE", remove_token,
          "Remove one token (idempotent)", response="RemoveTokenResponse",
          description="removed", params=TOKEN, refusals=UNKNOWN_USER),
    Route("/v3/users/<user_id>/push", "DELETE", store_call("remove_all_tokens"),
          "Remove all the user's tokens, every type", response="RemoveAllTokensResponse",
          description="removed", refusals=UNKNOWN_USER),
    Route(OWNERS, "GET", _owners("token_owners", "view_token_owners"), "The owners of a token",
          response="TokenOwners", description="the owners", params=TOKEN,
          refusals=UNKNOWN_TOKEN),
    Route(OWNERS, "DELETE", _owners("remove_token_from_owners"),
          "Remove a token from its owners", response="TokenOwners",
          description="the former owners", params=TOKEN, refusals=UNKNOWN_TOKEN),
)  # fmt: skip


def setup_blueprint(bp: Blueprint, endpoints: frozenset[str]) -> None:
    """Match every ``/v3`` request again on its raw path (see ``route_on_raw_path``)."""
    bp.before_app_request(lambda: route_on_raw_path(endpoints))


def route_on_raw_path(endpoints: frozenset[str]) -> None:
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
    ours = rule.endpoint in endpoints if rule is not None else flask_endpoint is None
    if not ours and flask_endpoint not in endpoints:
        return  # another provider's route (a Backendless app called "v3"): leave it alone
    request.url_rule = rule
    request.view_args = {name: unquote(value) for name, value in args.items()}
    request.routing_exception = error
