"""Backendless Messaging over HTTP: both URL forms, turned into store calls and back into JSON.

Path form: ``/{app_id}/{api_key}/...`` (what the JS SDK builds from ``serverURL``).
Domain form: ``/api/...`` with the app chosen by the ``Host`` header (``initApp(domain)``).
"""

from __future__ import annotations

from flask import Blueprint, Response, g, request

from fakepush.app import fake_state, jsonify, this_request
from fakepush.backendless.errors import BackendlessError
from fakepush.backendless.store import BackendlessApp
from fakepush.jsonbody import InvalidJSON, parse_json

bp = Blueprint("backendless", __name__)

PATH_FORM = "/<app_id>/<api_key>"
DOMAIN_FORM = "/api"


def _app(app_id: str | None, api_key: str | None) -> BackendlessApp:
    store = fake_state().backendless
    if app_id is None or api_key is None:
        app = store.app_by_host(request.host)
    else:
        app = store.app_by_credentials(app_id, api_key)
    g._get_current_object().fakepush_app_id = app.app_id  # the real g: no proxy lookup
    return app


def _user_token() -> str | None:
    # Straight from the environ: the same value as request.headers.get("user-token"),
    # without a scan of every header on each request.
    return this_request().environ.get("HTTP_USER_TOKEN")


def _json_body() -> object:
    # The JS SDK sends Content-Type only on POST; Backendless parses the body as JSON.
    req = this_request()
    if not req.is_json:
        raise BackendlessError(8002, detail="Content-Type must be application/json")
    try:
        return parse_json(req.get_data(cache=True))
    except InvalidJSON as exc:
        raise BackendlessError(8002, detail=exc.reason) from None


def info(app_id: str | None = None, api_key: str | None = None) -> Response:
    """App info, which ``Backendless.initApp`` fetches at once; the fake has nothing to tell."""
    _app(app_id, api_key)
    return jsonify({})


def register(app_id: str | None = None, api_key: str | None = None) -> Response:
    """Register a device on its channels (``default`` when none are named)."""
    app = _app(app_id, api_key)
    store = fake_state().backendless
    token = _user_token()
    store.owner_of(app, token)  # auth comes before the body (product.md, order of checks)
    registration_id = store.register(app, _json_body(), token)
    return jsonify({"registrationId": registration_id})


def retrieve(device_id: str, app_id: str | None = None, api_key: str | None = None) -> Response:
    """The device's registration: one object (``docs``) or a list of one with its id (``sdk``)."""
    app = _app(app_id, api_key)
    state = fake_state()
    described = state.backendless.retrieve(app, device_id, _user_token())
    if state.profile == "sdk":
        return jsonify([described])
    del described["id"]
    return jsonify(described)


def cancel(device_id: str, app_id: str | None = None, api_key: str | None = None) -> Response:
    """Cancel every channel registration of the device."""
    app = _app(app_id, api_key)
    fake_state().backendless.cancel(app, device_id, _user_token())
    return jsonify({"result": True})


for prefix in (DOMAIN_FORM, PATH_FORM):
    # The JS SDK does not escape "/" in device ids, so everything after
    # "registrations/" is the id (backendless-sources.md 1.4).
    bp.add_url_rule(f"{prefix}/info", view_func=info, methods=["GET"])
    bp.add_url_rule(f"{prefix}/messaging/registrations", view_func=register, methods=["POST"])
    bp.add_url_rule(
        f"{prefix}/messaging/registrations/<path:device_id>", view_func=retrieve, methods=["GET"]
    )
    bp.add_url_rule(
        f"{prefix}/messaging/registrations/<path:device_id>",
        view_func=cancel,
        methods=["DELETE"],
    )
