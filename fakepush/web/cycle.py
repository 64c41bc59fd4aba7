"""The request cycle: what the fake does before every view and after every response.

Start: on ``/_fakepush/*`` the site checks (web/siteguard.py) and the admin token; otherwise a journal id, the CORS preflight,
the lazy delivery of the owning provider's scheduled work, and the fault rules. Finish:
the request id and CORS headers, and the journal record (with the provider's name,
written here so ``journal.py`` never asks the web layer).
"""

from __future__ import annotations

import hmac
import socket
import time
from typing import Any

from flask import Response, request
from werkzeug.exceptions import RequestEntityTooLarge

from fakepush.journal import Record
from fakepush.signatures import AUTO, sdk_of
from fakepush.state import FakeState
from fakepush.web.context import RequestInfo, jsonify, raw_path
from fakepush.web.errors import MAX_BODY_BYTES, is_admin_path
from fakepush.web.siteguard import READ_METHODS, host_refusal, write_refusal


def start_request(state: FakeState, req: Any, g: Any) -> Response | None:
    """Run before the view; a response returned here is the answer, and the view never runs."""
    info = g.fakepush = RequestInfo(time.perf_counter(), int(state.clock.now_ms()))
    if is_admin_path(req.path):
        refused = _check_admin_site(state, req) or _check_admin_token(state.admin_token)
        if refused is None:
            _refuse_long_chunked_body(req)
        return refused
    info.request_id = state.journal.next_id()
    profile = state.profile
    if profile == AUTO:  # one string compare for a forced profile; a dict lookup for auto
        profile = "sdk" if sdk_of(req.environ.get("HTTP_USER_AGENT")) else "docs"
    info.profile = profile
    _refuse_long_chunked_body(req)
    if req.method == "OPTIONS":
        # A browser app using the JS SDK on another origin sends a CORS preflight first.
        return jsonify({})
    blueprint = req.blueprint
    if blueprint is not None:
        info.provider = blueprint
        if state.deliverers:  # only stores with scheduled work: no cost for the others
            deliver = state.deliverers.get(blueprint)
            if deliver is not None:
                deliver()  # takes the state's lock itself, only when something is due
    else:
        provider = state.provider_of_path(req.path)
        info.provider = None if provider is None else provider.name
    if not state.faults:  # the common case: no rule, so no path to work out
        return None
    rule = state.faults.take(info.provider, req.method, raw_path(req))
    if rule is None:
        return None
    info.fault = rule["id"]
    if rule["delay_ms"]:
        time.sleep(rule["delay_ms"] / 1000)
    if rule["drop"]:
        return _drop_connection(req, info, rule)
    if rule["status"] is not None:
        body = {} if rule["body"] is None else rule["body"]
        response = jsonify(body)
        response.status_code = rule["status"]
        return response
    return None


def finish_request(state: FakeState, req: Any, g: Any, response: Response) -> Response:
    """Run after the view: headers of the emulated API, and the journal record."""
    # Admin requests, and a request whose start failed, have no id: no journal record.
    info = g.__dict__.get("fakepush")
    if info is None or info.request_id is None:
        return response
    # add, not set: nothing else puts these two on an emulated route's answer (set would
    # scan the headers for an old value first); a preflight's are set again below.
    headers = response.headers
    headers.add("X-Fakepush-Request-Id", str(info.request_id))
    headers.add("Access-Control-Allow-Origin", "*")
    method = req.method
    if method == "OPTIONS":
        _allow_cross_origin(req, response)
    status = response.status_code
    # From the endpoint that answered (a provider's raw-path match may have changed it).
    rule = req.url_rule
    endpoint = None if rule is None else rule.endpoint
    provider = None if endpoint is None else endpoint.partition(".")[0]
    if provider not in state.providers_by_name:
        found = state.provider_of_path(req.path)
        provider, endpoint = (None if found is None else found.name), None
    state.journal.append(
        Record(
            info.request_id,
            info.at,
            method,
            req.path,
            provider,
            endpoint,
            info.app_id,
            status,
            status >= 400 and response.is_json,
            _request_body(req),
            _response_body(response),
            info.started,
            time.perf_counter(),
            info.profile,
            info.fault,
        )
    )
    return response


def _refuse_long_chunked_body(req: Any) -> None:
    """A chunked body has no Content-Length for Werkzeug to check: it is cut at the limit
    and the view would see a truncated body (a parse error, not 413). Read it here."""
    # From the environ first: most requests have no Transfer-Encoding at all.
    transfer_encoding = req.environ.get("HTTP_TRANSFER_ENCODING")
    if transfer_encoding and "chunked" in transfer_encoding.lower():
        if req.content_length is None and len(req.get_data(cache=True)) >= MAX_BODY_BYTES:
            raise RequestEntityTooLarge()


def _check_admin_site(state: FakeState, req: Any) -> Response | None:
    """403 JSON for an admin request from a rebound name or from another site
    (web/siteguard.py says why each check is there)."""
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


def _drop_connection(req: Any, info: RequestInfo, rule: dict[str, Any]) -> Response:
    """Close the client's socket without an answer (a live server); the test client gets a 599."""
    sock = req.environ.get("werkzeug.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        info.dropped = True
    response = jsonify({"message": f"fakepush dropped the connection (fault {rule['id']})"})
    response.status_code = 599
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


def _response_body(response: Response) -> bytes:
    """The answer's bytes for the journal; a streamed one is not read (b"")."""
    body = response.response
    # What jsonify and every error renderer make: a list of one bytes object, taken as
    # is (get_data would check the sequence and join a copy of it).
    if type(body) is list and len(body) == 1 and type(body[0]) is bytes:
        return body[0]
    return b"" if response.is_streamed else response.get_data()


def _allow_cross_origin(req: Any, response: Response) -> None:
    """Both services answer browsers on any origin; so does the fake's emulated API."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, DELETE, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = req.headers.get(
        "Access-Control-Request-Headers", "Content-Type, user-token, Api-Token"
    )
    response.headers["Access-Control-Max-Age"] = "600"
