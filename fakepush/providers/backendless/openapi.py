"""The OpenAPI schemas of Backendless: request and response bodies, its error, its export.

The operations themselves are written from the route table (``routes.py``) by
``fakepush/admin/openapi.py``; these are the ``components/schemas`` they refer to.
"""

from __future__ import annotations

from typing import Any

from fakepush.providers.backendless import openapi_delivery
from fakepush.providers.backendless.publish import MAX_LENGTH
from fakepush.providers.backendless.query import MAX_PAGE_SIZE
from fakepush.providers.backendless.where_parser import COLUMNS
from fakepush.providers.schema import INT, NULLABLE_STRING, STRING, any_case, nullable, obj, ref

# What register and publish take as a channel name: 1-500 characters, no "/", no control
# character (U+0000-U+001F, U+007F-U+009F); 5044 or 8000 otherwise.
CHANNEL_NAME: dict[str, Any] = {
    "type": "string",
    "pattern": f"^[^/\\u0000-\\u001f\\u007f-\\u009f]{{1,{MAX_LENGTH}}}$",
}
# A property of a registration: at most 500 characters (8000).
PROPERTY: dict[str, Any] = {"type": "string", "maxLength": MAX_LENGTH}
NON_EMPTY_PROPERTY: dict[str, Any] = {**PROPERTY, "minLength": 1}

# The find options (fakepush/providers/backendless/query.py), as a query string gives them
# (text) and as a JSON body may (numbers, lists): what the fake takes, no more.
_COLUMN = any_case(*COLUMNS, "user.objectId")
_ORDER = f"\\s*(?:{_COLUMN}(?:\\s+{any_case('ASC', 'DESC')})?\\s*)?"
_PROP = f"\\s*(?:{_COLUMN}|\\*)?\\s*"
FIND_OPTIONS: dict[str, Any] = {
    "where": NULLABLE_STRING,
    "pageSize": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
    "offset": {"type": "integer", "minimum": 0},
    "sortBy": {"type": "string", "pattern": f"^{_ORDER}(?:,{_ORDER})*$"},
    "props": {"type": "string", "pattern": f"^{_PROP}(?:,{_PROP})*$"},
}
_DIGITS = {
    "pageSize": {"type": "string", "pattern": "^\\s*0*(?:100|[1-9][0-9]?)\\s*$"},
    "offset": {"type": "string", "pattern": "^\\s*[0-9]+\\s*$"},
}


def _in_a_body(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A find option in a JSON body: a query string's text too, a list of names, or null."""
    if name in _DIGITS:
        return {"anyOf": [schema, _DIGITS[name], {"type": "null"}]}
    if name in ("sortBy", "props"):
        return {"anyOf": [schema, {"type": "array", "items": schema}, {"type": "null"}]}
    return schema


SCHEMAS: dict[str, Any] = {
    "DataQuery": {
        "type": "object",
        "properties": {name: _in_a_body(name, s) for name, s in FIND_OPTIONS.items()},
        "description": "The find options; absent ones take their defaults (pageSize 10, at "
        "most 100; offset 0; sortBy created, objectId). No body at all: every default.",
    },
    "DataCountQuery": {
        "type": "object",
        "properties": {"where": FIND_OPTIONS["where"]},
        "description": "No body at all, or no where: every row.",
    },
    "BackendlessError": obj(
        {"message": STRING, "code": INT, "request_id": {"type": ["integer", "null"]}},
        required=["message", "code"],
        description="Every Backendless error, HTTP 400 (404/405/413/500 carry the HTTP status "
        "as code; 500 adds request_id).",
    ),
    "RegistrationRequest": obj(
        {
            "deviceId": NON_EMPTY_PROPERTY,
            "deviceToken": PROPERTY,
            "os": NON_EMPTY_PROPERTY,
            "osVersion": PROPERTY,
            "channels": nullable({"type": "array", "items": CHANNEL_NAME}),
            "expiration": {"type": ["number", "null"], "description": "epoch ms, in the future"},
        },
        required=["deviceId", "deviceToken", "os", "osVersion"],
        description="Absent or empty channels mean [\"default\"].",
    ),
    "RegisterResponse": obj(
        {
            "registrationId": {
                "type": "string",
                "description": "<objectId>::<channel>, comma-separated, in request order",
            }
        }
    ),
    "DeviceRegistration": obj(
        {
            "deviceToken": STRING,
            "deviceId": STRING,
            "os": STRING,
            "osVersion": STRING,
            "channels": {"type": "array", "items": STRING},
            "expiration": {"type": ["number", "null"]},
        },
        description="The retrieve object of profile docs.",
    ),
    "DeviceRegistrationSdk": {
        "type": "array",
        "minItems": 1,
        "maxItems": 1,
        "items": {
            "allOf": [ref("DeviceRegistration")],
            "type": "object",
            "properties": {"id": STRING},
            "required": ["id"],
        },
        "description": "Profile sdk: a list of one, with the objectId of the first row.",
    },
    "CancelResponse": obj({"result": {"const": True}}),
    # -- admin: config, export, users ----------------------------------------------------
    "BackendlessAppConfig": obj(
        {
            "app_id": {"type": "string", "minLength": 1},
            "api_key": {"type": "string", "minLength": 1},
            "subdomain": {"type": ["string", "null"], "minLength": 1},
        },
        required=["app_id"],
        description="In PUT config, a known app_id with some fields updates those fields.",
    ),
    "BackendlessRow": obj(
        {
            "objectId": STRING,
            "deviceId": STRING,
            "deviceToken": STRING,
            "os": STRING,
            "osVersion": STRING,
            "channel": STRING,
            "expiration": {"type": ["number", "null"]},
            "ownerId": NULLABLE_STRING,
            "created": INT,
            "updated": INT,
        }
    ),
    "BackendlessExport": obj(
        {
            "apps": {
                "type": "array",
                "items": {
                    "allOf": [ref("BackendlessAppConfig")],
                    "type": "object",
                    "properties": {
                        "channels": {"type": "array", "items": STRING},
                        "registrations": {"type": "array", "items": ref("BackendlessRow")},
                        "users": {
                            "type": "array",
                            "items": obj({"objectId": STRING, "user-token": STRING}),
                        },
                        "messages": {"type": "array", "items": ref("BackendlessMessage")},
                        "templates": {"type": "array", "items": ref("BackendlessPushTemplate")},
                    },
                },
            }
        },
        required=[],
        description="Lists left out load as empty.",
    ),
    "UserTokenRequest": {
        "type": "object",
        "properties": {
            "user_id": {"type": ["string", "null"], "minLength": 1},
            "app_id": {"type": ["string", "null"], "minLength": 1},
        },
        "additionalProperties": False,
    },
    "UserToken": obj({"objectId": STRING, "user-token": STRING}),
    **openapi_delivery.SCHEMAS,
}

HEADER_PARAMS = (
    {
        "name": "user-token",
        "in": "header",
        "schema": STRING,
        "description": "a token issued by POST /_fakepush/backendless/users",
    },
)
# The domain form's app comes from the Host header (the path form's from its path).
DOMAIN_FORM_PARAMS = (
    {
        "name": "Host",
        "in": "header",
        "schema": STRING,
        "description": "domain form: an IP address or localhost means the default app, else "
        "the first label is an app's subdomain",
    },
)
