"""Backendless through the admin API: user-tokens (a real app gets one from a login) and
push templates (the real ones are made in the Console).

Rows of ``ADMIN_ROUTES`` in ``routes.py``: served under ``/_fakepush`` so the admin token
applies, with admin errors (``{"message"}``, ``fakepush/web/admin_input.py``).
"""

from __future__ import annotations

from flask import Response

from fakepush.errors import AdminError
from fakepush.providers.backendless.store import BackendlessApp, BackendlessStore
from fakepush.web.admin_input import admin_app, admin_object, optional_names
from fakepush.web.context import fake_state, jsonify, this_request

TEMPLATE_FIELDS = ("message", "channel", "platforms", "segment_query", "android", "ios")


def _store() -> BackendlessStore:
    return fake_state().stores["backendless"]


def _app() -> BackendlessApp:
    return admin_app(_store(), this_request().args.get("app_id"))


def login() -> Response:
    """Issue a user-token, as a Backendless login would, for the ``user-token`` header."""
    body = admin_object(("user_id", "app_id"), required=False)
    optional_names(body, "user_id", "app_id")
    store = _store()
    return jsonify(store.login(admin_app(store, body.get("app_id")), body.get("user_id")))


def put_template(name: str) -> Response:
    """Add or replace a push template of the app (``?app_id=``, default app otherwise)."""
    app = _app()
    body = admin_object(TEMPLATE_FIELDS)
    options = {k: body[k] for k in TEMPLATE_FIELDS[1:] if k in body}
    try:
        template = _store().messaging.add_template(app, name, body.get("message"), **options)
    except ValueError as exc:
        raise AdminError(str(exc)) from None
    return jsonify(template)


def delete_template(name: str) -> Response:
    """Remove a push template; 404 if the app has none of that name."""
    app = _app()
    if not _store().messaging.remove_template(app, name):
        raise AdminError(f"no push template {name!r}", status=404)
    return jsonify({"deleted": 1})
