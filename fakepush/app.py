"""``create_app``: the one Flask app that the fixtures, the CLI and the tests all use."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from flask import Blueprint, Flask, Response, g
from flask.globals import request_ctx
from flask.json.provider import DefaultJSONProvider
from flask.signals import request_tearing_down
from werkzeug.routing import PathConverter

from fakepush.admin.routes import bp as admin_bp
from fakepush.providers import ALL
from fakepush.providers.base import Provider, add_rules
from fakepush.state import DEFAULT_PROFILE, FakeState
from fakepush.web.client import FakepushClient
from fakepush.web.cycle import finish_request, start_request
from fakepush.web.errors import ADMIN_PREFIX, MAX_BODY_BYTES, register_error_handlers


def create_app(
    state: FakeState | None = None,
    providers: Sequence[Provider] | None = None,
    *,
    profile: str = DEFAULT_PROFILE,
    admin_token: str | None = None,
    **apps: list[dict[str, Any]] | None,
) -> Flask:
    """A Flask app serving the emulated providers and the admin API over one ``FakeState``.

    Pass ``state`` to serve an existing fake (the Python handle does, so its live server
    and its test client see the same data; its providers are served); otherwise a new
    state is made from ``providers`` (default: every provider), ``profile`` and the
    ``<provider>_apps`` lists.
    """
    if state is None:
        state = FakeState(ALL if providers is None else providers, profile=profile, **apps)
    elif providers is not None and tuple(providers) != state.providers:
        raise ValueError("create_app: the state was made for other providers")
    if admin_token is not None:
        state.admin_token = admin_token

    app = FakepushFlask("fakepush")
    app.fakepush_state = state
    # Flask takes DEBUG from FLASK_DEBUG in the environment; the fake is never in debug
    # mode (debug traps some 400s into 500s and changes error messages).
    app.debug = False
    app.config["TRAP_BAD_REQUEST_ERRORS"] = False
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    # Errors are answered as JSON by our handlers in every mode, tests included.
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.config["TRAP_HTTP_EXCEPTIONS"] = False
    # OPTIONS is answered by start_request (CORS preflight), as JSON like everything else.
    app.config["PROVIDE_AUTOMATIC_OPTIONS"] = False
    app.extensions["fakepush"] = state
    app.url_map.strict_slashes = False
    # "//" is data in a device id or a token (the JS SDK does not escape "/"), never a
    # redirect to a merged path (which Werkzeug answers with an HTML page).
    app.url_map.merge_slashes = False
    app.url_map.converters["path"] = EverythingConverter

    for provider in state.providers:
        app.register_blueprint(provider_blueprint(provider))
    app.register_blueprint(admin_bp)
    for provider in state.providers:
        if provider.admin_routes:
            app.register_blueprint(admin_blueprint(provider))
    register_error_handlers(app)
    return app


def provider_blueprint(provider: Provider) -> Blueprint:
    """One Flask rule per rule of every row of the provider's route table."""
    bp = Blueprint(provider.name, __name__)
    add_rules(bp, provider.routes)
    if provider.setup_blueprint is not None:
        provider.setup_blueprint(bp, provider.endpoints)
    return bp


def admin_blueprint(provider: Provider) -> Blueprint:
    """The provider's own admin routes, under ``/_fakepush`` (so the admin token applies)."""
    bp = Blueprint(f"{provider.name}_admin", __name__, url_prefix=ADMIN_PREFIX)
    add_rules(bp, provider.admin_routes)
    return bp


class EverythingConverter(PathConverter):
    """``<path:...>`` that takes everything after its prefix: a leading "/" and newlines
    too (Werkzeug's own stops at a newline, so such a device id answered 404)."""

    regex = "(?s:.+?)"
    part_isolating = False  # Werkzeug would infer True from a regex without "/"


class _JSONProvider(DefaultJSONProvider):
    """Flask's JSON, compact and in insertion order, with one encoder made once.

    ``jsonify`` builds a ``json.JSONEncoder`` per call (its options differ from
    ``json.dumps``'s defaults) and a response through ``mimetype``; every answer of the
    fake is JSON, so this does the same work once. The bytes are Flask's: compact
    separators, ASCII escapes, a trailing newline.
    """

    sort_keys = False
    compact = True

    def __init__(self, app: Flask) -> None:
        super().__init__(app)
        # allow_nan=False: NaN and Infinity are not JSON; the routes refuse every input that
        # would make one, and this makes sure no answer can ever hold one anyway.
        self._encode = json.JSONEncoder(
            separators=(",", ":"), default=self.default, allow_nan=False
        ).encode

    def response(self, *args: Any, **kwargs: Any) -> Response:
        if self.compact is not True or self.sort_keys or not self.ensure_ascii:
            return super().response(*args, **kwargs)  # someone changed the options
        body = self._encode(self._prepare_response_obj(args, kwargs)) + "\n"
        return self._app.response_class(body.encode("ascii"), content_type=self.mimetype)


class FakepushFlask(Flask):
    """Flask that calls the fake's request start and finish itself, not as hooks.

    Every request passes through both; Flask's generic hook dispatch (a walk over the
    blueprint names, ``ensure_sync`` per function) cost more than the work. Hooks anyone
    else registers (the CLI's access log) still run in Flask's order: other before-request
    functions after ``start_request``, every after-request function before
    ``finish_request``, as if they had been registered after these two.
    """

    json_provider_class = _JSONProvider
    test_client_class = FakepushClient  # Flask's, without cookie matching for an empty jar
    fakepush_state: FakeState

    def preprocess_request(self) -> Any:
        req = request_ctx._get_current_object().request  # type: ignore[attr-defined]
        rv = start_request(self.fakepush_state, req, g._get_current_object())  # type: ignore[attr-defined]
        if rv is not None:
            return rv
        before = self.before_request_funcs
        if any(self.url_value_preprocessors.values()) or any(k is not None for k in before):
            return super().preprocess_request()  # blueprint-level functions: Flask's walk
        # Only app-wide functions (a provider's raw-path match): Flask would run them first,
        # in order, and no blueprint name needs working out.
        for before_func in before.get(None, ()):
            rv = self.ensure_sync(before_func)()
            if rv is not None:
                return rv
        return None

    def dispatch_request(self) -> Any:
        # Flask.dispatch_request, with the request taken once rather than through the
        # ``request_ctx`` proxy's attribute lookup.
        req = request_ctx._get_current_object().request  # type: ignore[attr-defined]
        if req.routing_exception is not None:
            self.raise_routing_exception(req)
        rule = req.url_rule
        if getattr(rule, "provide_automatic_options", False) and req.method == "OPTIONS":
            return self.make_default_options_response()
        return self.ensure_sync(self.view_functions[rule.endpoint])(**req.view_args)

    def process_response(self, response: Response) -> Response:
        ctx = request_ctx._get_current_object()  # type: ignore[attr-defined]
        if (
            ctx._after_request_functions
            or any(self.after_request_funcs.values())
            or self.secret_key is not None  # a session to save
        ):
            response = super().process_response(response)
        real_g = g._get_current_object()  # type: ignore[attr-defined]
        return finish_request(self.fakepush_state, ctx.request, real_g, response)

    def do_teardown_request(self, *args: Any) -> None:
        if args and not any(self.teardown_request_funcs.values()):
            # Nothing registered to tear down: only the signal Flask would send, if heard.
            if request_tearing_down.receivers:
                request_tearing_down.send(self, _async_wrapper=self.ensure_sync, exc=args[0])
            return
        super().do_teardown_request(*args)
