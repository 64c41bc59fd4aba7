"""The admin API over HTTP: what the Python handle offers, for a fake in another process.

Every answer is JSON (the dashboard page and its assets aside); errors are
``{"message": str}`` with the HTTP status; writes answer 200 with a JSON body, never 204.
Bodies are read as JSON whatever their ``Content-Type``, once the request cycle let the
request through (web/cycle.py ``_check_admin_site``: form types need the admin token).
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request

from fakepush.admin.dashboard import provider_parts, push_cards
from fakepush.admin.openapi import openapi_document
from fakepush.admin.pushes import PUSH_ROUTES
from fakepush.clock import MAX_DATE_MS
from fakepush.errors import AdminError
from fakepush.jsonbody import is_number
from fakepush.providers.base import Route, add_rules
from fakepush.state import check_profile
from fakepush.web.admin_input import admin_json, admin_object
from fakepush.web.context import fake_state

bp = Blueprint(
    "admin",
    __name__,
    url_prefix="/_fakepush",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

MAX_CLOCK_MS = MAX_DATE_MS
FAULT_FIELDS = ("provider", "method", "path", "times", "status", "body", "delay_ms", "drop")
JOURNAL_FILTERS = ("provider", "app_id", "method", "status", "path")
_LARGEST_DOUBLE_INT = int(sys.float_info.max)
# The dashboard shows the newest records only: a full journal would be megabytes a poll.
DASHBOARD_REQUESTS = 200
# An HTTP status filter: ASCII digits only (str.isdigit takes "²", which int() refuses).
_STATUS = re.compile(r"[0-9]{1,3}")


def _is_finite_number(value: Any) -> bool:
    """A JSON number that fits a double (an int of 400 digits does not: math.isfinite
    would raise OverflowError on it)."""
    if not is_number(value):
        return False
    if isinstance(value, int):
        return abs(value) <= _LARGEST_DOUBLE_INT
    return math.isfinite(value)


# -- state ------------------------------------------------------------------------------


def reset() -> Response:
    """Clear every provider's data, the journal, the faults and the clock; keep apps and profile."""
    fake_state().reset()
    return jsonify({"status": "reset"})


def get_export() -> Response:
    """Every app and its data, in the format ``PUT state`` and ``--state-file`` take."""
    return jsonify(fake_state().export())


def load_export() -> Response:
    """Replace all provider data with an export; a bad export changes nothing."""
    state = fake_state()
    try:
        state.load(admin_json(finite=True))
    except ValueError as exc:
        raise AdminError(str(exc)) from None
    return jsonify(state.export())


# -- journal ----------------------------------------------------------------------------


def get_requests() -> Response:
    """The journal, oldest first, filtered by the query parameters given."""
    filters: dict[str, Any] = {}
    for name in JOURNAL_FILTERS:
        value = request.args.get(name)
        if value is None:
            continue
        if name == "status":
            if not _STATUS.fullmatch(value):
                raise AdminError(f"status must be an HTTP status code, not {value!r}")
            filters[name] = int(value)
        else:
            filters[name] = value
    return jsonify({"requests": fake_state().journal.filter(**filters)})


def delete_requests() -> Response:
    """Forget the journal."""
    return jsonify({"deleted": fake_state().journal.clear()})


# -- clock ------------------------------------------------------------------------------


def get_clock() -> Response:
    """Now on the fake's clock, whether it is frozen, and its offset from the system clock."""
    return jsonify(fake_state().clock.describe())


def put_clock() -> Response:
    """Freeze at ``frozen_at`` (epoch ms) or move by ``advance_ms``: exactly one of them."""
    body = admin_object(("frozen_at", "advance_ms"), finite=True)
    if len(body) != 1:
        raise AdminError("give exactly one of 'frozen_at' (epoch ms) or 'advance_ms'")
    clock = fake_state().clock
    if "frozen_at" in body:
        at = body["frozen_at"]
        if not _is_finite_number(at) or not 0 <= at <= MAX_CLOCK_MS:
            raise AdminError(f"frozen_at must be epoch milliseconds in 0..{MAX_CLOCK_MS}")
        clock.freeze(at)
    else:
        delta = body["advance_ms"]
        # The bound first: adding an integer of 400 digits to a float overflows.
        if (
            not _is_finite_number(delta)
            or abs(delta) > MAX_CLOCK_MS
            or not 0 <= clock.now_ms() + delta <= MAX_CLOCK_MS
        ):
            raise AdminError("advance_ms must be a number of milliseconds within the calendar")
        clock.advance(delta)
    return jsonify(clock.describe())


def delete_clock() -> Response:
    """Back to the system clock, offsets dropped."""
    clock = fake_state().clock
    clock.unfreeze()
    return jsonify(clock.describe())


# -- faults -----------------------------------------------------------------------------


def get_faults() -> Response:
    """The fault rules, oldest first, each with its ``remaining`` count (null: always)."""
    return jsonify({"faults": fake_state().faults.list()})


def post_fault() -> Response:
    """Add a rule; without ``times`` it fires once, ``"times": null`` means always."""
    body = admin_object(FAULT_FIELDS, finite=True)
    try:
        rule_id = fake_state().faults.add(**body)
    except ValueError as exc:
        raise AdminError(str(exc)) from None
    return jsonify({"id": rule_id})


def delete_faults() -> Response:
    """Remove every fault rule."""
    return jsonify({"deleted": fake_state().faults.clear()})


# -- config -----------------------------------------------------------------------------


def get_config() -> Response:
    """The profile and every app, default apps included."""
    return jsonify(fake_state().config())


def put_config() -> Response:
    """Switch the profile and add or update the apps given; all or nothing."""
    state = fake_state()
    app_keys = {f"{name}_apps": name for name in state.stores}
    body = admin_object(("profile", *app_keys), finite=True)
    profile = body.get("profile", state.profile)
    try:
        check_profile(profile)
    except (TypeError, ValueError) as exc:
        raise AdminError(str(exc)) from None
    updates: dict[str, list[dict[str, Any]]] = {}
    for key, name in app_keys.items():
        apps = body.get(key, [])
        if not isinstance(apps, list) or not all(isinstance(a, dict) for a in apps):
            raise AdminError(f"{key} must be a list of objects")
        updates[name] = apps
    with state.lock:
        undo: list[Callable[[], None]] = []
        try:
            for name, apps in updates.items():
                undo.append(state.stores[name].add_apps(apps))
        except (TypeError, ValueError) as exc:
            for step in reversed(undo):  # all or nothing across the stores too
                step()
            raise AdminError(str(exc)) from None
        state.set_profile(profile)
    return jsonify(state.config())



# -- health, description, dashboard -----------------------------------------------------


def health() -> Response:
    """Whether the fake is up (for scripts waiting on ``fakepush serve``)."""
    return jsonify({"status": "ok"})


def openapi() -> Response:
    """The OpenAPI 3.1 description of every emulated and admin route."""
    return jsonify(openapi_document(fake_state().providers, ADMIN_ROUTES))


def dashboard() -> Response:
    """The dashboard page; it fetches ``dashboard.json`` itself every second."""
    page = render_template("dashboard.html", providers=fake_state().providers)
    response = Response(page, mimetype="text/html")
    # The page renders data with textContent only; the policy makes sure nothing else runs.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def dashboard_data() -> Response:
    """Everything the dashboard shows, in one read: config, clock, state, each provider's
    tables (admin/dashboard.py), faults, journal, the newest pushes of the outbox and their
    cards."""
    state = fake_state()
    journal = state.journal
    total = len(journal)
    config, export = state.config(), state.export()
    pushes = state.outbox[-DASHBOARD_REQUESTS:]
    return jsonify(
        {
            "config": config,
            "clock": state.clock.describe(),
            "state": export,
            "providers": provider_parts(state, config, export),
            "faults": state.faults.list(),
            "requests": journal.newest(DASHBOARD_REQUESTS),
            "requests_total": total,
            "pushes": pushes,
            "push_cards": push_cards(state, pushes),
            "pushes_total": len(state.outbox),
        }
    )


# The admin API's route table: each row registers its Flask rule on ``bp`` and writes its
# OpenAPI operation (``admin/openapi.py``), as the providers' tables do. The dashboard page
# (HTML) and its static files are described by hand there.
ADMIN_ROUTES: tuple[Route, ...] = (
    Route("/reset", "POST", reset,
          "Clear provider data, journal, faults and clock; keep apps and profile",
          response="Status", description="reset"),
    Route("/state", "GET", get_export, "Export apps and provider data", response="State",
          description="the export", operation="get_state"),
    Route("/state", "PUT", load_export, "Replace apps and provider data with an export",
          request="StateLoad", response="State", description="the new state",
          operation="put_state",
          refusals={400: "rows the API's own rules refuse (a channel name, over 20 tokens of "
                    "a type, a member who is no user), or two apps that clash"}),
    Route("/requests", "GET", get_requests, "The journal, oldest first", response="Requests",
          description="the records",
          query={**dict.fromkeys(JOURNAL_FILTERS, ""), "path": "substring of the request path"}),
    Route("/requests", "DELETE", delete_requests, "Clear the journal", response="Deleted",
          description="cleared"),
    Route("/clock", "GET", get_clock, "The fake's clock", response="Clock", description="the time"),
    Route("/clock", "PUT", put_clock, "Freeze or advance the clock (exactly one key)",
          request="ClockChange", response="Clock", description="the clock",
          refusals={400: "advance_ms would take the clock out of 1970..9999"}),
    Route("/clock", "DELETE", delete_clock, "Back to the system clock", response="Clock",
          description="the clock"),
    Route("/faults", "GET", get_faults, "The fault rules", response="Faults",
          description="the rules"),
    Route("/faults", "POST", post_fault, "Add a fault rule", request="FaultRule",
          response="FaultId", description="the rule's id",
          refusals={400: "a path RE2 cannot take (no backreferences, no lookaround)"}),
    Route("/faults", "DELETE", delete_faults, "Remove every fault rule", response="Deleted",
          description="cleared"),
    Route("/config", "GET", get_config, "Profile and apps", response="Config",
          description="the config"),
    Route("/config", "PUT", put_config, "Switch the profile, add or update apps",
          request="ConfigChange", response="Config", description="the new config",
          refusals={400: "a new app without its key or token, or a subdomain (app id) another "
                    "app has"}),
    Route("/health", "GET", health, "Liveness", response="Status", description="up"),
    Route("/openapi.json", "GET", openapi, "This document", response={"type": "object"},
          description="OpenAPI 3.1"),
    Route("/dashboard.json", "GET", dashboard_data, "Everything the dashboard shows",
          response="DashboardData",
          description="config, clock, state, faults, the newest 100 requests and pushes"),
    *PUSH_ROUTES,
)  # fmt: skip
add_rules(bp, ADMIN_ROUTES)
# The page itself, not JSON: its operation is written by hand in admin/openapi.py.
bp.add_url_rule("/", endpoint="dashboard", view_func=dashboard, methods=["GET"])
