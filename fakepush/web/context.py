"""What a provider's view needs from the web layer: the fake state, the request, ``jsonify``.

Providers import this module, never ``fakepush/app.py``, so the factory is not imported
back by the blueprints it registers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Response, current_app, g
from flask.globals import request_ctx

from fakepush.state import FakeState


class RequestInfo:
    """Everything the fake keeps about the request being served, on ``g.fakepush``.

    The request cycle fills it at start (``web/cycle.py``); a view sets ``app_id``; the
    journal record and the CLI's access log read it at the end.
    """

    __slots__ = (
        "started", "at", "request_id", "app_id", "provider", "fault", "dropped", "profile",
    )  # fmt: skip

    def __init__(self, started: float, at: int) -> None:
        self.started = started
        self.at = at
        self.request_id: int | None = None
        self.app_id: str | None = None
        self.provider: str | None = None
        self.fault: int | None = None
        self.dropped = False
        self.profile = "docs"  # the profile answering this request (web/cycle.py sets it)


def request_info() -> RequestInfo | None:
    """The current request's ``RequestInfo`` (None if the request cycle never started)."""
    return g._get_current_object().__dict__.get("fakepush")  # type: ignore[attr-defined]


def request_profile() -> str:
    """The profile answering the current request: ``docs`` or ``sdk`` (never ``auto``)."""
    info = request_info()
    return "docs" if info is None else info.profile


def set_app_id(app_id: str) -> None:
    """Name the provider app this request is for (the journal's ``app_id``)."""
    info = request_info()
    if info is not None:
        info.app_id = app_id


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


def raw_path(req: Any = None) -> str:
    """The request path as the client sent it, before percent-decoding."""
    req = this_request() if req is None else req
    raw = req.environ.get("RAW_URI") or req.environ.get("REQUEST_URI")
    if raw:
        if "://" in raw.split("?", 1)[0]:  # an absolute-form request target
            raw = "/" + raw.split("://", 1)[1].split("/", 1)[-1]
        return raw.split("?", 1)[0]
    return quote(req.path, safe="/:@!$&'()*+,;=~-._")
