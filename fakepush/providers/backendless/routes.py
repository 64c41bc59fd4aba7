"""Backendless Messaging over HTTP: both URL forms, turned into store calls and back into JSON.

Path form: ``/{app_id}/{api_key}/...`` (what the JS SDK builds from ``serverURL``).
Domain form: ``/api/...`` with the app chosen by the ``Host`` header (``initApp(domain)``).
Every route exists in both forms: its row names the rule once, under ``FORMS``.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Response
from werkzeug.exceptions import MethodNotAllowed

from fakepush.jsonbody import InvalidJSON, parse_json
from fakepush.providers.backendless.admin import delete_template, login, put_template
from fakepush.providers.backendless.errors import BackendlessError
from fakepush.providers.backendless.openapi import CHANNEL_NAME
from fakepush.providers.backendless.store import BackendlessApp, BackendlessStore
from fakepush.providers.base import Route, prefixed
from fakepush.providers.schema import one_of_words
from fakepush.web.context import fake_state, jsonify, request_info, request_profile, this_request

PATH_FORM = "/<app_id>/<api_key>"
DOMAIN_FORM = "/api"
PREFIXES = (DOMAIN_FORM, PATH_FORM)
# The operationId suffix of each form: the path form's has none.
FORM_SUFFIXES = ("_domain", "")


def both_forms(rule: str) -> tuple[str, ...]:
    """A route's rule in the domain form and in the path form."""
    return prefixed(PREFIXES, rule)


def _store() -> BackendlessStore:
    return fake_state().stores["backendless"]


def _app(app_id: str | None, api_key: str | None) -> BackendlessApp:
    store = _store()
    if app_id is None or api_key is None:
        app = store.app_by_host(this_request().host)
    else:
        app = store.app_by_credentials(app_id, api_key)
    info = request_info()
    if info is not None:
        info.app_id = app.app_id
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
    store = _store()
    token = _user_token()
    store.owner_of(app, token)  # auth before the body (docs/decisions.md, order of checks)
    registration_id = store.register(app, _json_body(), token)
    return jsonify({"registrationId": registration_id})


def retrieve(device_id: str, app_id: str | None = None, api_key: str | None = None) -> Response:
    """The device's registration: one object (``docs``) or a list of one with its id (``sdk``)."""
    app = _app(app_id, api_key)
    described = fake_state().stores["backendless"].retrieve(app, device_id, _user_token())
    if request_profile() == "sdk":
        return jsonify([described])
    del described["id"]
    return jsonify(described)


def cancel(device_id: str, app_id: str | None = None, api_key: str | None = None) -> Response:
    """Cancel every channel registration of the device."""
    app = _app(app_id, api_key)
    _store().cancel(app, device_id, _user_token())
    return jsonify({"result": True})


# -- delivery ----------------------------------------------------------------------------

# Fixed segments win over the {channel} and {message_id} catch-alls: a method they do not
# take is 405, never a publish to a channel named "pushtemplates" (Werkzeug would fall
# through to the catch-all when only the method differs).
FIXED_SEGMENTS = {
    "registrations": ("POST",),
    "pushtemplates": ("GET",),
    "push": (),
    "channels": (),
}


# The catch-alls' parameters are never a fixed segment (OpenAPI).
NOT_FIXED = {"enum": list(FIXED_SEGMENTS)}


def _not_fixed(segment: str) -> None:
    if segment in FIXED_SEGMENTS:
        raise MethodNotAllowed(valid_methods=list(FIXED_SEGMENTS[segment]))


def publish(channel: str, app_id: str | None = None, api_key: str | None = None) -> Response:
    """Publish to a channel: delivered at once, or at ``publishAt``, repeating if asked."""
    _not_fixed(channel)
    app = _app(app_id, api_key)
    store, token = _store(), _user_token()
    store.owner_of(app, token)  # auth before the body
    return jsonify(store.messaging.publish(app, channel, _json_body(), token))


def _about_message(method: str, name: str, doc: str) -> Callable[..., Response]:
    """A view on one message by its id: reading its status and cancelling it differ only
    in the call to ``store.messaging``."""

    def view(message_id: str, app_id: str | None = None, api_key: str | None = None) -> Response:
        _not_fixed(message_id)
        app = _app(app_id, api_key)
        return jsonify(getattr(_store().messaging, method)(app, message_id, _user_token()))

    view.__name__ = view.__qualname__ = name
    view.__doc__ = doc
    return view


message_status = _about_message(
    "status", "message_status",
    "A message's status and counts; ``unknown`` for an id the app never issued.",
)  # fmt: skip
cancel_message = _about_message(
    "cancel", "cancel_message",
    "Cancel a scheduled message; 5040 for one delivered, cancelled or unknown.",
)  # fmt: skip


def push_templates(
    device_type: str | None = None, app_id: str | None = None, api_key: str | None = None
) -> Response:
    """The templates a device of this type shows, keyed by name (iOS without a type)."""
    app = _app(app_id, api_key)
    return jsonify(_store().messaging.templates_for(app, device_type, _user_token()))


def push_with_template(
    template_name: str, app_id: str | None = None, api_key: str | None = None
) -> Response:
    """Push a template's message, placeholders filled from the body's values."""
    app = _app(app_id, api_key)
    store, token = _store(), _user_token()
    store.owner_of(app, token)
    # The body may be absent: the JS SDK sends {} and Swift the wrapper, but it is optional.
    body = _json_body() if this_request().get_data(cache=True).strip() else None
    return jsonify(store.messaging.push_template(app, template_name, body, token))


def delete_channel(channel: str, app_id: str | None = None, api_key: str | None = None) -> Response:
    """Delete a channel with its rows; its pending messages are cancelled."""
    app = _app(app_id, api_key)
    _store().messaging.delete_channel(app, channel, _user_token())
    return jsonify({"result": True})


CHANNEL = "any name but registrations, pushtemplates, push and channels"
MESSAGE_ID = "message:<UUID>, as publish answered"
DEVICE_ID = (
    "everything after registrations/, percent-decoded; may contain '/' (the JS SDK does "
    "not escape it)"
)

# Dates are judged on the fake's clock, and a segmentQuery's grammar is more than a schema
# can say (docs/backendless.md).
PUBLISH_REFUSALS = {
    5030: "publishAt not after the fake's now",
    5003: "repeatExpiresAt not after the first delivery",
    1017: "segmentQuery is not a where clause",
}

# The JS SDK does not escape "/" in device ids, so everything after "registrations/" is
# the id: ``<path:device_id>``.
ROUTES = (
    Route(
        both_forms("/info"), "GET", info, "App info; the fake answers {}",
        response="Empty", description="the app exists", forms=FORM_SUFFIXES,
    ),
    Route(
        both_forms("/messaging/registrations"), "POST", register,
        "Register a device on its channels", request="RegistrationRequest",
        response="RegisterResponse", description="registered", forms=FORM_SUFFIXES,
        refusals={5004: "expiration not after the fake's now"},
    ),
    Route(
        both_forms("/messaging/registrations/<path:device_id>"), "GET", retrieve,
        "The device's registration",
        response={"oneOf": [{"$ref": "#/components/schemas/DeviceRegistration"},
                            {"$ref": "#/components/schemas/DeviceRegistrationSdk"}]},
        description="one object (profile docs) or a list of one (profile sdk)",
        params={"device_id": DEVICE_ID}, forms=FORM_SUFFIXES,
        refusals={5000: "unknown or expired device"},
    ),
    Route(
        both_forms("/messaging/registrations/<path:device_id>"), "DELETE", cancel,
        "Cancel every channel registration of the device", response="CancelResponse",
        description="cancelled", params={"device_id": DEVICE_ID}, forms=FORM_SUFFIXES,
        refusals={5001: "unknown or expired device"},
    ),
    Route(
        both_forms("/messaging/<channel>"), "POST", publish,
        "Publish to a channel (created if unknown)", request="PublishRequest",
        response="PublishResponse", params={"channel": CHANNEL},
        param_schemas={"channel": {**CHANNEL_NAME, "not": NOT_FIXED}},
        description="accepted; an immediate message's pushes are in the outbox",
        forms=FORM_SUFFIXES, refusals=PUBLISH_REFUSALS,
    ),
    Route(
        both_forms("/messaging/<message_id>"), "GET", message_status,
        "A message's status and counts", response="MessageStatus",
        description="the status (unknown for an id never issued)",
        params={"message_id": MESSAGE_ID}, forms=FORM_SUFFIXES,
        param_schemas={"message_id": {"type": "string", "not": NOT_FIXED}},
    ),
    Route(
        both_forms("/messaging/<message_id>"), "DELETE", cancel_message,
        "Cancel a scheduled message (5040 otherwise)", response="CancelMessageResponse",
        description="cancelled", params={"message_id": MESSAGE_ID}, forms=FORM_SUFFIXES,
        refusals={5040: "not a scheduled message of this app (delivered, cancelled, unknown)"},
        param_schemas={"message_id": {"type": "string", "not": NOT_FIXED}},
    ),
    Route(
        both_forms("/messaging/pushtemplates"), "GET", push_templates,
        "Push templates of iOS devices", response="DevicePushTemplates",
        description="keyed by template name", forms=FORM_SUFFIXES,
        operation="push_templates_ios",
    ),
    Route(
        both_forms("/messaging/pushtemplates/<device_type>"), "GET", push_templates,
        "Push templates of a device type", response="DevicePushTemplates",
        description="keyed by template name", params={"device_type": "android or ios, any case"},
        forms=FORM_SUFFIXES, param_schemas={"device_type": one_of_words("android", "ios")},
    ),
    Route(
        both_forms("/messaging/push/<template_name>"), "POST", push_with_template,
        "Push with a template, placeholders filled", request="PushWithTemplateRequest",
        request_required=False, response="PublishResponse", description="accepted",
        forms=FORM_SUFFIXES, refusals={5070: "unknown template"},
    ),
    Route(
        both_forms("/messaging/channels/<channel>"), "DELETE", delete_channel,
        "Delete a channel, its rows and its pending messages", response="ResultTrue",
        description="deleted", forms=FORM_SUFFIXES, refusals={5010: "unknown channel"},
        param_schemas={"channel": CHANNEL_NAME},
    ),
)  # fmt: skip


# Admin errors carry no code: their refusals are named by HTTP status.
UNKNOWN_APP = {400: "no Backendless app with that app_id"}

# Routes of the admin API (under /_fakepush) that only Backendless has.
ADMIN_ROUTES = (
    Route(
        "/backendless/users", "POST", login, "Issue a Backendless user-token",
        request="UserTokenRequest", request_required=False, response="UserToken",
        description="the user and token", operation="backendless_login",
        refusals=UNKNOWN_APP,
    ),
    Route(
        "/backendless/templates/<name>", "PUT", put_template,
        "Add or replace a Backendless push template (?app_id=, default app otherwise)",
        request="BackendlessPushTemplateRequest", response="BackendlessPushTemplate",
        description="the template",
        query={"app_id": "a Backendless app id"}, operation="put_backendless_template",
        refusals=UNKNOWN_APP,
    ),
    Route(
        "/backendless/templates/<name>", "DELETE", delete_template,
        "Remove a Backendless push template", response="Deleted", description="removed",
        query={"app_id": "a Backendless app id"}, operation="delete_backendless_template",
        refusals={**UNKNOWN_APP, 404: "no template with that name"},
    ),
)  # fmt: skip
