"""Backendless Messaging over HTTP: both URL forms, turned into store calls and back into JSON.

Path form: ``/{app_id}/{api_key}/...`` (what the JS SDK builds from ``serverURL``).
Domain form: ``/api/...`` with the app chosen by the ``Host`` header (``initApp(domain)``).
"""

from __future__ import annotations

from flask import Blueprint, Response, g, request
from werkzeug.exceptions import MethodNotAllowed

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
    store.deliver_due()  # scheduled messages are delivered lazily, before the request runs
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


# Fixed segments win over the {channel} and {message_id} catch-alls: a method they do not
# take is 405, never a publish to a channel called "pushtemplates".
FIXED_SEGMENTS = {
    "registrations": ("POST",),
    "pushtemplates": ("GET",),
    "push": (),
    "channels": (),
}


def _not_fixed(segment: str) -> None:
    if segment in FIXED_SEGMENTS:
        raise MethodNotAllowed(valid_methods=list(FIXED_SEGMENTS[segment]))


def _optional_json_body() -> object:
    """A body that may be absent (push with a template): None when there is none."""
    if not this_request().get_data(cache=True).strip():
        return None
    return _json_body()


def publish(channel: str, app_id: str | None = None, api_key: str | None = None) -> Response:
    """Publish to a channel: delivered at once, or at ``publishAt``, repeating if asked."""
    _not_fixed(channel)
    app = _app(app_id, api_key)
    messaging = fake_state().backendless.messaging
    token = _user_token()
    fake_state().backendless.owner_of(app, token)
    return jsonify(messaging.publish(app, channel, _json_body(), token))


def message_status(message_id: str, app_id: str | None = None, api_key: str | None = None) -> Response:
    _not_fixed(message_id)
    app = _app(app_id, api_key)
    return jsonify(fake_state().backendless.messaging.status(app, message_id, _user_token()))


def cancel_message(message_id: str, app_id: str | None = None, api_key: str | None = None) -> Response:
    _not_fixed(message_id)
    app = _app(app_id, api_key)
    return jsonify(fake_state().backendless.messaging.cancel(app, message_id, _user_token()))


def push_templates(
    device_type: str | None = None, app_id: str | None = None, api_key: str | None = None
) -> Response:
    """The templates a device of this type shows, keyed by name (iOS without a type)."""
    app = _app(app_id, api_key)
    messaging = fake_state().backendless.messaging
    return jsonify(messaging.templates_for(app, device_type, _user_token()))


def push_with_template(
    template_name: str, app_id: str | None = None, api_key: str | None = None
) -> Response:
    app = _app(app_id, api_key)
    store = fake_state().backendless
    token = _user_token()
    store.owner_of(app, token)
    return jsonify(store.messaging.push_template(app, template_name, _optional_json_body(), token))


def delete_channel(channel: str, app_id: str | None = None, api_key: str | None = None) -> Response:
    """Delete a channel with its rows; its pending messages are cancelled."""
    app = _app(app_id, api_key)
    fake_state().backendless.messaging.delete_channel(app, channel, _user_token())
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
    bp.add_url_rule(f"{prefix}/messaging/pushtemplates", view_func=push_templates, methods=["GET"])
    bp.add_url_rule(
        f"{prefix}/messaging/pushtemplates/<device_type>", view_func=push_templates, methods=["GET"]
    )
    bp.add_url_rule(
        f"{prefix}/messaging/push/<template_name>", view_func=push_with_template, methods=["POST"]
    )
    bp.add_url_rule(
        f"{prefix}/messaging/channels/<channel>", view_func=delete_channel, methods=["DELETE"]
    )
    bp.add_url_rule(f"{prefix}/messaging/<channel>", view_func=publish, methods=["POST"])
    bp.add_url_rule(f"{prefix}/messaging/<message_id>", view_func=message_status, methods=["GET"])
    bp.add_url_rule(
        f"{prefix}/messaging/<message_id>", view_func=cancel_message, methods=["DELETE"]
    )
