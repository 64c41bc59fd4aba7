"""``create_app``: the one Flask app that the fixtures, the CLI and the tests all use."""

from __future__ import annotations

import hmac
import json
import logging
import time
import uuid
from typing import Any
from urllib.parse import quote

from flask import Flask, Response, current_app, g, request
from flask.globals import request_ctx
from flask.json.provider import DefaultJSONProvider
from flask.signals import request_tearing_down
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.routing import PathConverter

from fakepush.errors import AdminError, ProviderError
from fakepush.siteguard import READ_METHODS, host_refusal, write_refusal
from fakepush.state import FakeState

MAX_BODY_BYTES = 1024 * 1024
ADMIN_PREFIX = "/_fakepush"
log = logging.getLogger("fakepush")


def create_app(
    state: FakeState | None = None,
    *,
    profile: str = "docs",
    backendless_apps: list[dict[str, Any]] | None = None,
    sendbird_apps: list[dict[str, Any]] | None = None,
    admin_token: str | None = None,
) -> Flask:
    """A Flask app serving both emulated providers and the admin API over one ``FakeState``.

    Pass ``state`` to serve an existing fake (the Python handle does, so its live server
    and its test client see the same data); otherwise a new state is made from the rest.
    """
    if state is None:
        state = FakeState(
            profile=profile, backendless_apps=backendless_apps, sendbird_apps=sendbird_apps
        )
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
    # OPTIONS is answered by _start_request (CORS preflight), as JSON like everything else.
    app.config["PROVIDE_AUTOMATIC_OPTIONS"] = False
    app.extensions["fakepush"] = state
    app.url_map.strict_slashes = False
    # "//" is data in a device id or a token (the JS SDK does not escape "/"), never a
    # redirect to a merged path (which Werkzeug answers with an HTML page).
    app.url_map.merge_slashes = False
    app.url_map.converters["path"] = EverythingConverter

    # Imported here: the blueprints import this module (fake_state, raw_path).
    from fakepush.admin.routes import bp as admin_bp
    from fakepush.backendless.routes import bp as backendless_bp
    from fakepush.sendbird.routes import bp as sendbird_bp

    app.register_blueprint(backendless_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(sendbird_bp)

    app.register_error_handler(ProviderError, _render_provider_error)
    app.register_error_handler(AdminError, _render_admin_error)
    app.register_error_handler(HTTPException, _render_http_error)
    app.register_error_handler(Exception, _render_unexpected_error)
    return app


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
    functions after ``_start_request``, every after-request function before
    ``_finish_request``, as if they had been registered after these two.
    """

    json_provider_class = _JSONProvider
    fakepush_state: FakeState

    def preprocess_request(self) -> Any:
        rv = _start_request(self)
        if rv is not None:
            return rv
        before = self.before_request_funcs
        if any(self.url_value_preprocessors.values()) or any(k is not None for k in before):
            return super().preprocess_request()  # blueprint-level functions: Flask's walk
        # Only app-wide functions (the Sendbird raw-path match): Flask would run them first,
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
        return _finish_request(self, ctx.request, response)

    def do_teardown_request(self, *args: Any) -> None:
        if args and not any(self.teardown_request_funcs.values()):
            # Nothing registered to tear down: only the signal Flask would send, if heard.
            if request_tearing_down.receivers:
                request_tearing_down.send(self, _async_wrapper=self.ensure_sync, exc=args[0])
            return
        super().do_teardown_request(*args)



def fake_state() -> FakeState:
    """The state of the app serving the current request."""
    # The real app once, not an attribute lookup through the ``current_app`` proxy.
    return current_app._get_current_object().extensions["fakepush"]  # type: ignore[attr-defined]


def jsonify(*args: Any, **kwargs: Any) -> Response:
    """``flask.jsonify``, with the app taken once rather than through ``current_app``."""
    return current_app._get_current_object().json.response(*args, **kwargs)  # type: ignore[attr-defined]


def this_request() -> Any:
    """The request being served, as the object itself.

    Every attribute read through Flask's ``request`` proxy repeats a context lookup
    (about 0.8 us); views on the hot path read several, so they take the request once.
    """
    return request_ctx._get_current_object().request  # type: ignore[attr-defined]


def raw_path() -> str:
    """The request path as the client sent it, before percent-decoding."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if raw:
        if "://" in raw.split("?", 1)[0]:  # an absolute-form request target
            raw = "/" + raw.split("://", 1)[1].split("/", 1)[-1]
        return raw.split("?", 1)[0]
    return quote(request.path, safe="/:@!$&'()*+,;=~-._")


def provider_of_path(path: str) -> str | None:
    """Which emulated provider a path belongs to, judged by its shape (for unmatched routes)."""
    if path.startswith(ADMIN_PREFIX):
        return None
    if path.startswith("/v3/") or path == "/v3":
        return "sendbird"
    parts = path.strip("/").split("/")
    if parts[0] == "api" or (len(parts) >= 3 and parts[2] in ("messaging", "info")):
        return "backendless"
    return None


def is_admin_request() -> bool:
    return _is_admin_path(request.path)


def _is_admin_path(path: str) -> bool:
    return path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")


def _refuse_long_chunked_body(req: Any) -> None:
    """A chunked body has no Content-Length for Werkzeug to check: it is cut at the limit
    and the view would see a truncated body (a parse error, not 413). Read it here."""
    # From the environ first: most requests have no Transfer-Encoding at all.
    transfer_encoding = req.environ.get("HTTP_TRANSFER_ENCODING")
    if transfer_encoding and "chunked" in transfer_encoding.lower():
        if req.content_length is None and len(req.get_data(cache=True)) >= MAX_BODY_BYTES:
            raise RequestEntityTooLarge()


def _start_request(app: FakepushFlask) -> Response | None:
    req = request_ctx._get_current_object().request  # type: ignore[attr-defined]
    ctx = g._get_current_object()  # type: ignore[attr-defined]
    ctx.fakepush_started = time.perf_counter()
    state = app.fakepush_state
    ctx.fakepush_at = int(state.clock.now_ms())
    if _is_admin_path(req.path):
        refused = _check_admin_site(state, req) or _check_admin_token(state.admin_token)
        if refused is None:
            _refuse_long_chunked_body(req)
        return refused
    ctx.fakepush_request_id = state.journal.next_id()
    _refuse_long_chunked_body(req)
    if req.method == "OPTIONS":
        # A browser app using the JS SDK on another origin sends a CORS preflight first.
        return jsonify({})
    if not state.faults:  # the common case: no rule, so no path or provider to work out
        return None
    rule = state.faults.take(_provider(), req.method, raw_path())
    if rule is None:
        return None
    g.fakepush_fault = rule["id"]
    if rule["delay_ms"]:
        time.sleep(rule["delay_ms"] / 1000)
    if rule["drop"]:
        return _drop_connection(rule)
    if rule["status"] is not None:
        body = {} if rule["body"] is None else rule["body"]
        response = jsonify(body)
        response.status_code = rule["status"]
        return response
    return None


def _check_admin_site(state: FakeState, req: Any) -> Response | None:
    """403 JSON for an admin request from a rebound name or from another site
    (fakepush/siteguard.py says why each check is there)."""
    environ = req.environ
    host = environ.get("HTTP_HOST")
    reason = host_refusal(host, state.bound_host, state.allowed_hosts)
    if reason is None and req.method not in READ_METHODS:
        reason = write_refusal(
            req.method,
            host,
            environ.get("HTTP_ORIGIN"),
            environ.get("HTTP_SEC_FETCH_SITE"),
            environ.get("CONTENT_TYPE"),
            state.admin_token is not None,  # checked just after: it must be the right one
        )
    if reason is None:
        return None
    response = jsonify({"message": reason})
    response.status_code = 403
    return response


def _check_admin_token(admin_token: str | None) -> Response | None:
    """With an admin token, every ``/_fakepush/*`` request must carry it (401 JSON otherwise).

    The dashboard page and its assets also accept ``?token=``, because a browser opening
    ``/_fakepush/?token=...`` cannot send a header; the page then sends the header itself.
    """
    if admin_token is None:
        return None
    given = request.headers.get("Authorization", "")
    scheme, _, credentials = given.partition(" ")
    if scheme.lower() == "bearer" and _same_secret(credentials.strip(), admin_token):
        return None
    page = request.method == "GET" and request.endpoint in ("admin.dashboard", "admin.static")
    if page and _same_secret(request.args.get("token", ""), admin_token):
        return None
    message = "this fake has an admin token: send 'Authorization: Bearer <token>'"
    response = jsonify({"message": message})
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="fakepush"'
    return response


def _same_secret(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _drop_connection(rule: dict[str, Any]) -> Response:
    """Close the client's socket without an answer (a live server); the test client gets a 599."""
    sock = request.environ.get("werkzeug.socket")
    if sock is not None:
        import socket

        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        g.fakepush_dropped = True
    response = jsonify({"message": f"fakepush dropped the connection (fault {rule['id']})"})
    response.status_code = 599
    return response


def _provider() -> str | None:
    if request.blueprint in ("backendless", "sendbird"):
        return request.blueprint
    return provider_of_path(request.path)


def _finish_request(app: FakepushFlask, req: Any, response: Response) -> Response:
    # Admin requests, and a request whose start failed, have no id: no journal record.
    fields = g._get_current_object().__dict__  # type: ignore[attr-defined]
    request_id = fields.get("fakepush_request_id")
    if request_id is None:
        return response
    # add, not set: nothing else puts these two on an emulated route's answer (set would
    # scan the headers for an old value first); a preflight's are set again below.
    headers = response.headers
    headers.add("X-Fakepush-Request-Id", str(request_id))
    headers.add("Access-Control-Allow-Origin", "*")
    method = req.method
    if method == "OPTIONS":
        _allow_cross_origin(response)
    status = response.status_code
    # The raw pieces only; journal.py turns them into the record's fields when it is read.
    app.fakepush_state.journal.append(
        (
            request_id,
            fields["fakepush_at"],
            method,
            req.path,
            None if req.url_rule is None else req.url_rule.endpoint,
            fields.get("fakepush_app_id"),
            status,
            status >= 400 and response.is_json,
            _request_body(req),
            b"" if response.is_streamed else response.get_data(),
            fields["fakepush_started"],
            time.perf_counter(),
        )
    )
    return response


def _request_body(req: Any) -> bytes:
    environ = req.environ
    if (
        environ.get("CONTENT_LENGTH") in (None, "", "0")
        and "HTTP_TRANSFER_ENCODING" not in environ
        and "wsgi.input_terminated" not in environ
    ):
        return b""  # what werkzeug's input stream gives for such a request, without making it
    try:
        length = req.content_length
        if length is not None and length > MAX_BODY_BYTES:
            return b""
        return req.get_data(cache=True)
    except Exception:  # a body cut off mid-way, or too large to read
        return b""


def _allow_cross_origin(response: Response) -> None:
    """Both services answer browsers on any origin; so does the fake's emulated API."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, DELETE, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = request.headers.get(
            "Access-Control-Request-Headers", "Content-Type, user-token, Api-Token"
        )
        response.headers["Access-Control-Max-Age"] = "600"


def _body_too_large() -> bool:
    length = request.content_length
    return length is not None and length > MAX_BODY_BYTES


def _render_provider_error(error: ProviderError) -> Response:
    response = jsonify(error.body())
    response.status_code = error.status
    return response


def _render_admin_error(error: AdminError) -> Response:
    response = jsonify(error.body())
    response.status_code = error.status
    return response


def _error_body(message: str, status: int) -> dict[str, Any]:
    """A generic error in the shape of the provider the path belongs to."""
    if is_admin_request():
        return {"message": message}
    body: dict[str, Any] = {"message": message, "code": status}
    if provider_of_path(request.path) == "sendbird":
        body["error"] = True
    return body


def _render_http_error(error: HTTPException) -> Response:
    status = error.code or 500
    messages = {
        404: f"No route for {request.method} {request.path}",
        405: f"Method {request.method} is not allowed for {request.path}",
        413: f"Request body is larger than {MAX_BODY_BYTES} bytes",
    }
    response = jsonify(_error_body(messages.get(status, error.description or error.name), status))
    response.status_code = status
    if status == 405 and error.valid_methods:  # type: ignore[attr-defined]
        response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
    return response


def _render_unexpected_error(error: Exception) -> Response:
    request_id = getattr(g, "fakepush_request_id", None)
    if request_id is None:
        # Admin requests are not journaled, so they have no journal id: name this one
        # anyway, so the message in the body can be found in the log.
        request_id = f"admin-{uuid.uuid4().hex[:12]}"
    log.exception(
        "unexpected error in request %s %s (id %s)", request.method, request.path, request_id
    )
    body = _error_body(f"fakepush hit an unexpected error (request id {request_id})", 500)
    if not is_admin_request():  # admin errors are {"message"} alone
        body["request_id"] = request_id
    response = jsonify(body)
    response.status_code = 500
    return response
