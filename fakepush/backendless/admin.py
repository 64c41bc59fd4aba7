"""Backendless push templates through the admin API (the real ones are made in the Console)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from fakepush.admin.routes import _object
from fakepush.app import fake_state
from fakepush.backendless.store import BackendlessApp
from fakepush.errors import AdminError

bp = Blueprint("backendless_admin", __name__, url_prefix="/_fakepush/backendless")
TEMPLATE_FIELDS = ("message", "channel", "platforms", "segment_query", "android", "ios")


def _app() -> BackendlessApp:
    store = fake_state().backendless
    app_id = request.args.get("app_id")
    try:
        return store.app_by_id(app_id)
    except KeyError:
        raise AdminError(f"no Backendless app {app_id!r}") from None


@bp.put("/templates/<name>")
def put_template(name: str) -> Response:
    """Add or replace a push template of the app (``?app_id=``, default app otherwise)."""
    app = _app()
    body = _object(allowed=TEMPLATE_FIELDS)
    options = {k: body[k] for k in TEMPLATE_FIELDS[1:] if k in body}
    try:
        template = fake_state().backendless.messaging.add_template(
            app, name, body.get("message"), **options
        )
    except ValueError as exc:
        raise AdminError(str(exc)) from None
    return jsonify(template)


@bp.delete("/templates/<name>")
def delete_template(name: str) -> Response:
    app = _app()
    if not fake_state().backendless.messaging.remove_template(app, name):
        raise AdminError(f"no push template {name!r}", status=404)
    return jsonify({"deleted": 1})
