"""Backendless Messaging over HTTP: both URL forms, turned into store calls and back into JSON.

Path form: ``/{app_id}/{api_key}/...`` (what the JS SDK builds from ``serverURL``).
Domain form: ``/api/...`` with the app chosen by the ``Host`` header (``initApp(domain)``).
Every route exists in both forms: its row names the rule once, under ``FORMS``.
"""

from __future__ import annotations

from flask import Response

from fakepush.errors import AdminError
from fakepush.jsonbody import InvalidJSON, parse_json
from fakepush.providers.backendless.errors import BackendlessError
from fakepush.providers.backendless.store import BackendlessApp, BackendlessStore
from fakepush.providers.base import Route, prefixed
from fakepush.web.context import fake_state, jsonify, request_info, this_request

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
    state = fake_state()
    described = state.stores["backendless"].retrieve(app, device_id, _user_token())
    if state.profile == "sdk":
        return jsonify([described])
    del described["id"]
    return jsonify(described)


def cancel(device_id: str, app_id: str | None = None, api_key: str | None = None) -> Response:
    """Cancel every channel registration of the device."""
    app = _app(app_id, api_key)
    _store().cancel(app, device_id, _user_token())
    return jsonify({"result": True})


DEVICE_ID = (
    "everything after registrations/, percent-decoded; may contain '/' (the JS SDK does "
    "not escape it)"
)

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
    ),
    Route(
        both_forms("/messaging/registrations/<path:device_id>"), "GET", retrieve,
        "The device's registration",
        response={"oneOf": [{"$ref": "#/components/schemas/DeviceRegistration"},
                            {"$ref": "#/components/schemas/DeviceRegistrationSdk"}]},
        description="one object (profile docs) or a list of one (profile sdk)",
        params={"device_id": DEVICE_ID}, forms=FORM_SUFFIXES,
    ),
    Route(
        both_forms("/messaging/registrations/<path:device_id>"), "DELETE", cancel,
        "Cancel every channel registration of the device", response="CancelResponse",
        description="cancelled", params={"device_id": DEVICE_ID}, forms=FORM_SUFFIXES,
    ),
)  # fmt: skip


def login() -> Response:
    """Issue a user-token, as a Backendless login would, for the ``user-token`` header."""
    data = this_request().get_data(cache=True)
    try:
        body = parse_json(data) if data.strip() else {}
    except InvalidJSON as exc:
        raise AdminError(f"the body must be JSON: {exc.reason}") from None
    if not isinstance(body, dict):
        raise AdminError("the body must be a JSON object")
    unknown = sorted(set(body) - {"user_id", "app_id"})
    if unknown:
        raise AdminError(f"unknown field(s) {unknown}; allowed: ['user_id', 'app_id']")
    user_id, app_id = body.get("user_id"), body.get("app_id")
    for name, value in (("user_id", user_id), ("app_id", app_id)):
        if value is not None and (not isinstance(value, str) or not value):
            raise AdminError(f"{name} must be a non-empty string")
    store = _store()
    try:
        app = store.app_by_id(app_id)
    except KeyError:
        raise AdminError(f"no Backendless app {app_id!r}") from None
    return jsonify(store.login(app, user_id))


# Routes of the admin API (under /_fakepush) that only Backendless has.
ADMIN_ROUTES = (
    Route(
        "/backendless/users", "POST", login, "Issue a Backendless user-token",
        request="UserTokenRequest", request_required=False, response="UserToken",
        description="the user and token", operation="backendless_login",
    ),
)  # fmt: skip
