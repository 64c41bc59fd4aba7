"""One renderer for every error: a provider's, the admin API's, Werkzeug's and the unexpected.

Each answers JSON in the shape of whoever owns the path: a provider error carries its own
body; an HTTP error (404, 405, 413) or an unexpected one takes the shape of the provider
the path belongs to (``Provider.error_body``), or the admin API's ``{"message"}``.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from fakepush.errors import AdminError, ProviderError
from fakepush.web.context import fake_state, jsonify, request_info

ADMIN_PREFIX = "/_fakepush"
MAX_BODY_BYTES = 1024 * 1024
log = logging.getLogger("fakepush")


def is_admin_path(path: str) -> bool:
    return path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(ProviderError, render_error)
    app.register_error_handler(AdminError, render_error)
    app.register_error_handler(HTTPException, _render_http_error)
    app.register_error_handler(Exception, _render_unexpected_error)


def render_error(error: ProviderError | AdminError) -> Response:
    """A provider's or the admin API's own error: its body, its status."""
    response = jsonify(error.body())
    response.status_code = error.status
    return response


def _error_body(message: str, status: int) -> dict[str, Any]:
    """A generic error in the shape of the provider the path belongs to."""
    path = request.path
    if is_admin_path(path):
        return {"message": message}
    provider = fake_state().provider_of_path(path)
    if provider is None:
        return {"message": message, "code": status}
    return provider.error_body(message, status)


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
    info = request_info()
    request_id: Any = None if info is None else info.request_id
    if request_id is None:
        # Admin requests are not journaled, so they have no journal id: name this one
        # anyway, so the message in the body can be found in the log.
        request_id = f"admin-{uuid.uuid4().hex[:12]}"
    log.exception(
        "unexpected error in request %s %s (id %s)", request.method, request.path, request_id
    )
    body = _error_body(f"fakepush hit an unexpected error (request id {request_id})", 500)
    if not is_admin_path(request.path):  # admin errors are {"message"} alone
        body["request_id"] = request_id
    response = jsonify(body)
    response.status_code = 500
    return response
