"""What every Sendbird view does: pick the app (Host, then Api-Token), read the body, shape
for the profile, and, for most routes, nothing more than one store call.

Most Platform API routes are one store call with the path's values (and the body) whose
result is the answer, so their views are made by ``store_call`` from the route tables
(``routes.py``, ``push_routes.py``, ``channel_routes.py``); a view is written out only where
it does more. The request helpers live here, not in a route module, so that every route
module imports them by their public names (as flaskr's blueprints import ``db.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, jsonify, request

from fakepush.jsonbody import InvalidJSON, parse_json
from fakepush.providers.sendbird.errors import SendbirdError
from fakepush.providers.sendbird.store import SendbirdApp, SendbirdStore
from fakepush.web.context import fake_state, request_profile, set_app_id, this_request


def store() -> SendbirdStore:
    return fake_state().stores["sendbird"]


def app() -> SendbirdApp:
    """The app the Host header selects, then its Api-Token (the app before the auth)."""
    sendbird = store()
    chosen = sendbird.app_by_host(request.host)
    set_app_id(chosen.app_id)
    sendbird.authenticate(chosen, request.headers.get("Api-Token"))
    return chosen


def json_body() -> Any:
    # SDK 2.1.5 sends Content-Type only on POST and sends an empty body when the request
    # model is omitted, so the body is read whatever its type.
    try:
        return parse_json(request.get_data(cache=True))
    except InvalidJSON:
        raise SendbirdError(400403) from None


def optional_body() -> Any:
    """The body, or ``{}`` when there is none: for the routes whose SDK 2.1.5 method may
    omit its request model and then sends nothing."""
    if not this_request().get_data(cache=True).strip():
        return {}
    return json_body()


def sdk() -> bool:
    # The profile answering this request: profile auto picks sdk for the SDK's User-Agent.
    return request_profile() == "sdk"


def store_call(
    method: str,
    *,
    name: str | None = None,
    body: Callable[[], Any] | None = None,
    profile: bool = False,
    empty: bool = False,
) -> Callable[..., Response]:
    """A view that calls ``SendbirdStore.<method>(app, **path values)`` and answers its result.

    ``body`` reads the body (``json_body`` or ``optional_body``), passed as ``body=``, after
    the app and its auth, as Sendbird checks them; ``profile`` passes ``sdk=`` for the
    answers SDK 2.1.5 decodes differently; ``empty`` answers ``{}`` (the docs' empty body,
    which SDK 2.1.5 cannot decode). ``name`` is the operation (default: ``method``).
    """

    def view(**path: str) -> Response:
        chosen = app()
        options: dict[str, Any] = {}
        if body is not None:
            options["body"] = body()
        if profile:
            options["sdk"] = sdk()
        result = getattr(store(), method)(chosen, **path, **options)
        return jsonify({} if empty else result)

    view.__name__ = view.__qualname__ = name or method
    view.__doc__ = f"Answers ``SendbirdStore.{method}`` for the app and the path's values."
    return view
