"""``create_app``: the one Flask app that the fixtures, the CLI and the tests all use."""

from __future__ import annotations

import hmac
import logging
import time
from typing import Any
from urllib.parse import quote

from flask import Flask, Response, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.routing import PathConverter

from fakepush.errors import AdminError, ProviderError
from fakepush.journal import RawBody
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

    app = Flask("fakepush")
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
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.compact = True  # type: ignore[attr-defined]
    app.extensions["fakepush"] = state
    app.url_map.strict_slashes = False
    # "//" is data in a device id or a token (the JS SDK does not escape "/"), never a
    # redirect to a merged path (which Werkzeug answers with an HTML page).
    app.url_map.merge_slashes = False
    app.url_map.converters["path"] = EverythingConverter

    from fakepush.admin.routes import bp as admin_bp
    from fakepush.backendless.routes import bp as backendless_bp

    app.register_blueprint(backendless_bp)
    app.register_blueprint(admin_bp)
    _register_optional_blueprints(app)

    app.before_request(_start_request)
    app.after_request(_finish_request)
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


def _register_optional_blueprints(app: Flask) -> None:
    """The Sendbird provider's blueprint (every room now exists in this tree)."""
    from fakepush.sendbird.routes import bp as sendbird_bp

    app.register_blueprint(sendbird_bp)


def fake_state() -> FakeState:
    """The state of the app serving the current request."""
    return current_app.extensions["fakepush"]


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


def _refuse_long_chunked_body() -> None:
    """A chunked body has no Content-Length for Werkzeug to check: it is cut at the limit
    and the view would see a truncated body (a parse error, not 413). Read it here."""
    if request.content_length is None and "chunked" in request.headers.get(
        "Transfer-Encoding", ""
    ).lower():
        if len(request.get_data(cache=True)) >= MAX_BODY_BYTES:
            raise RequestEntityTooLarge()


def _start_request() -> Response | None:
    # Every request passes here and through _finish_request: the real objects are taken
    # once, since each access through Flask's context proxies costs a lookup.
    req = request._get_current_object()  # type: ignore[attr-defined]
    ctx = g._get_current_object()  # type: ignore[attr-defined]
    ctx.fakepush_started = time.perf_counter()
    state: FakeState = current_app.extensions["fakepush"]
    ctx.fakepush_at = int(state.clock.now_ms())
    if _is_admin_path(req.path):
        refused = _check_admin_token(state.admin_token)
        if refused is None:
            _refuse_long_chunked_body()
        return refused
    ctx.fakepush_request_id = state.journal.next_id()
    _refuse_long_chunked_body()
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


def _finish_request(response: Response) -> Response:
    req = request._get_current_object()  # type: ignore[attr-defined]
    if _is_admin_path(req.path):
        return response
    ctx = g._get_current_object()  # type: ignore[attr-defined]
    state: FakeState = current_app.extensions["fakepush"]
    request_id = getattr(ctx, "fakepush_request_id", None)
    if request_id is None:
        return response
    headers = response.headers
    headers["X-Fakepush-Request-Id"] = str(request_id)
    headers["Access-Control-Allow-Origin"] = "*"
    if req.method == "OPTIONS":
        _allow_cross_origin(response)
    try:
        length = req.content_length
        too_large = length is not None and length > MAX_BODY_BYTES
        request_body = b"" if too_large else req.get_data(cache=True)
    except Exception:  # a body cut off mid-way, or too large to read
        request_body = b""
    response_body = response.get_data() if not response.is_streamed else b""
    status = response.status_code
    error_code = None
    if status >= 400 and response.is_json:
        payload = response.get_json(silent=True)
        if isinstance(payload, dict) and isinstance(payload.get("code"), int):
            error_code = payload["code"] if payload["code"] != status else None
    blueprint = req.blueprint
    if blueprint in ("backendless", "sendbird"):
        provider: str | None = blueprint
        operation = req.endpoint
    else:
        provider, operation = provider_of_path(req.path), None
    at = getattr(ctx, "fakepush_at", None)
    state.journal.append(
        {
            "id": request_id,
            "at": int(state.clock.now_ms()) if at is None else at,
            "method": req.method,
            "path": req.path,
            "provider": provider,
            "operation": operation,
            "app_id": getattr(ctx, "fakepush_app_id", None),
            "status": status,
            "error_code": error_code,
            # Parsed when the journal is read, not on every request (journal.RawBody).
            "request": RawBody(request_body),
            "response": RawBody(response_body),
            "duration_ms": round((time.perf_counter() - ctx.fakepush_started) * 1000, 3),
        }
    )
    return response


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
    log.exception("unexpected error in request %s %s (id %s)", request.method, request.path, request_id)
    body = _error_body(f"fakepush hit an unexpected error (request id {request_id})", 500)
    body["request_id"] = request_id
    response = jsonify(body)
    response.status_code = 500
    return response
