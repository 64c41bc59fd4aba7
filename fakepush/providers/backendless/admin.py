"""Backendless push templates through the admin API (the real ones are made in the Console).

Rows of ``ADMIN_ROUTES`` in ``routes.py``: served under ``/_fakepush`` so the admin token
applies, with admin errors (``{"message"}``).
"""

from __future__ import annotations

from typing import Any

from flask import Response

from fakepush.errors import AdminError
from fakepush.jsonbody import InvalidJSON, parse_json
from fakepush.providers.backendless.store import BackendlessApp, BackendlessStore
from fakepush.web.context import fake_state, jsonify, this_request

TEMPLATE_FIELDS = ("message", "channel", "platforms", "segment_query", "android", "ios")


def _store() -> BackendlessStore:
    return fake_state().stores["backendless"]


def admin_body(allowed: tuple[str, ...]) -> dict[str, Any]:
    """An admin body: a JSON object with only the ``allowed`` keys (else AdminError)."""
    try:
        body = parse_json(this_request().get_data(cache=True))
    except InvalidJSON as exc:
        raise AdminError(f"the body must be JSON: {exc.reason}") from None
    if not isinstance(body, dict):
        raise AdminError("the body must be a JSON object")
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise AdminError(f"unknown field(s) {unknown}; allowed: {list(allowed)}")
    return body


def _app() -> BackendlessApp:
    app_id = this_request().args.get("app_id")
    try:
        return _store().app_by_id(app_id)
    except KeyError:
        raise AdminError(f"no Backendless app {app_id!r}") from None


def put_template(name: str) -> Response:
    """Add or replace a push template of the app (``?app_id=``, default app otherwise)."""
    app = _app()
    body = admin_body(TEMPLATE_FIELDS)
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
