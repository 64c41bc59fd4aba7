"""The DeviceRegistration data table over HTTP, in both URL forms: find, count, one row.

Routes as the Backendless REST docs give them
(https://backendless.com/docs/rest/data_general_api.html,
https://backendless.com/docs/rest/data_single_object_deletion.html) and as the JS SDK 8
calls them (``Data.of(table).find`` POSTs ``/find``, ``getObjectCount`` POSTs
``/count``). The answers are the same in both profiles: the documents and the SDK agree
(an array of rows, a row, a number, ``{"deletionTime"}``). Other tables have no route,
so they are the provider's 404.
"""

from __future__ import annotations

from typing import Any

from flask import Response

from fakepush.providers.backendless.errors import BackendlessError
from fakepush.providers.backendless.openapi import FIND_OPTIONS
from fakepush.providers.backendless.routes import (
    FORM_SUFFIXES,
    _app,
    _json_body,
    _store,
    _user_token,
    both_forms,
)
from fakepush.providers.backendless.table import TABLE
from fakepush.providers.base import Route
from fakepush.web.context import jsonify, this_request

BASE = f"/data/{TABLE}"


def _query_options() -> dict[str, Any]:
    """The find options of a query string; a repeated ``sortBy`` or ``props`` is a list.
    The JS SDK's findById sends ``property=`` once per column."""
    args = this_request().args
    options: dict[str, Any] = {name: args.get(name) for name in ("where", "pageSize", "offset")}
    options["sortBy"] = args.getlist("sortBy") or None
    options["props"] = (args.getlist("props") + args.getlist("property")) or None
    return options


def _body_options() -> dict[str, Any]:
    if not this_request().get_data(cache=True):
        return {}  # no body at all: every default, as the OpenAPI document says
    body = _json_body()
    if not isinstance(body, dict):
        raise BackendlessError(8002, detail="the find body must be a JSON object")
    return body


def _answer(app_id: str | None, api_key: str | None, operation: str) -> Response:
    """App, then user-token, then the options (docs/backendless.md, order of checks)."""
    app = _app(app_id, api_key)
    store = _store()
    token = _user_token()
    store.owner_of(app, token)
    if operation == "count":
        post = this_request().method == "POST"
        where = _body_options().get("where") if post else this_request().args.get("where")
        return jsonify(store.table.count(app, where, token))
    options = _body_options() if operation == "find_post" else _query_options()
    return jsonify(store.table.find(app, options, token))


def find(app_id: str | None = None, api_key: str | None = None) -> Response:
    """Rows matching ``where``, a page at a time, from the query string."""
    return _answer(app_id, api_key, "find")


def find_post(app_id: str | None = None, api_key: str | None = None) -> Response:
    """The same find with its options in a JSON body (what the SDKs send)."""
    return _answer(app_id, api_key, "find_post")


def count(app_id: str | None = None, api_key: str | None = None) -> Response:
    """How many rows match ``where`` (query string on GET, JSON body on POST)."""
    return _answer(app_id, api_key, "count")


def find_one(object_id: str, app_id: str | None = None, api_key: str | None = None) -> Response:
    app = _app(app_id, api_key)
    return jsonify(_store().table.find_one(app, object_id, _user_token()))


def delete_one(object_id: str, app_id: str | None = None, api_key: str | None = None) -> Response:
    app = _app(app_id, api_key)
    return jsonify({"deletionTime": _store().table.delete_one(app, object_id, _user_token())})


ROW = {"type": "object", "properties": {
    "___class": {"type": "string"}, "objectId": {"type": "string"},
    "deviceId": {"type": "string"}, "deviceToken": {"type": "string"},
    "operatingSystemName": {"type": "string"}, "operatingSystemVersion": {"type": "string"},
    "channelName": {"type": "string"}, "expiration": {"type": ["number", "null"]},
    "created": {"type": "integer"}, "updated": {"type": "integer"},
    "ownerId": {"type": ["string", "null"]},
}}
FIND_QUERY = {
    "where": "a where clause (docs/backendless.md); empty: every row",
    "pageSize": "rows per page, 1-100, default 10",
    "offset": "rows to skip, default 0",
    "sortBy": "columns, each with optional ASC or DESC, comma-separated or repeated",
    "props": "the columns to answer (objectId and ___class always)",
}
OBJECT_ID = "the row's objectId"
# A where clause's grammar (docs/backendless.md) is more than a schema can say.
WHERE = {1017: "where (or sortBy, props) names no column or does not parse"}
UNKNOWN_ROW = {1000: "no live row with that objectId"}

DATA_ROUTES = (
    Route(
        both_forms(BASE), "GET", find, "Find DeviceRegistration rows",
        response={"type": "array", "items": ROW}, description="the page of rows",
        query=FIND_QUERY, forms=FORM_SUFFIXES, operation="data_find", refusals=WHERE,
        param_schemas=FIND_OPTIONS,
    ),
    Route(
        both_forms(f"{BASE}/find"), "POST", find_post,
        "Find DeviceRegistration rows (options in the body)", request="DataQuery",
        request_required=False,
        response={"type": "array", "items": ROW}, description="the page of rows",
        forms=FORM_SUFFIXES, operation="data_find_post", refusals=WHERE,
    ),
    Route(
        both_forms(f"{BASE}/count"), "GET", count, "Count DeviceRegistration rows",
        response={"type": "integer"}, description="how many rows match",
        query={"where": FIND_QUERY["where"]}, param_schemas=FIND_OPTIONS,
        forms=FORM_SUFFIXES, operation="data_count", refusals=WHERE,
    ),
    Route(
        both_forms(f"{BASE}/count"), "POST", count,
        "Count DeviceRegistration rows (where in the body)", request="DataCountQuery",
        request_required=False, response={"type": "integer"}, description="how many rows match",
        forms=FORM_SUFFIXES, operation="data_count_post", refusals=WHERE,
    ),
    Route(
        both_forms(f"{BASE}/<object_id>"), "GET", find_one, "One DeviceRegistration row",
        response=ROW, description="the row", params={"object_id": OBJECT_ID},
        forms=FORM_SUFFIXES, operation="data_find_one", refusals=UNKNOWN_ROW,
    ),
    Route(
        both_forms(f"{BASE}/<object_id>"), "DELETE", delete_one,
        "Delete one DeviceRegistration row",
        response={"type": "object", "properties": {"deletionTime": {"type": "integer"}}},
        description="deleted", params={"object_id": OBJECT_ID},
        forms=FORM_SUFFIXES, operation="data_delete", refusals=UNKNOWN_ROW,
    ),
)  # fmt: skip
