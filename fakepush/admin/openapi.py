"""The OpenAPI 3.1 description of every emulated route and every admin route.

Written by hand beside the routes; ``tests/admin/test_openapi.py`` validates the fake's
real responses against it and checks that every Flask route is described, so it cannot
drift from what the fake does.
"""

from __future__ import annotations

from typing import Any

from fakepush import __version__

JSON = "application/json"


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _obj(properties: dict[str, Any], required: list[str] | None = None, **extra: Any) -> dict:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    schema["required"] = list(properties) if required is None else required
    schema.update(extra)
    return schema


STRING = {"type": "string"}
INT = {"type": "integer"}
MS = {"type": "integer", "description": "epoch milliseconds, UTC"}
NULLABLE_STRING = {"type": ["string", "null"]}

FAULT_FIELDS: dict[str, Any] = {
    "provider": {"enum": ["backendless", "sendbird", None]},
    "method": NULLABLE_STRING,
    "path": {"type": ["string", "null"], "description": "regex searched in the raw path"},
    "times": {"type": ["integer", "null"], "minimum": 1, "description": "null: always"},
    "status": {"type": ["integer", "null"], "minimum": 100, "maximum": 599},
    "body": {"description": "the JSON body answered with status (default {})"},
    "delay_ms": {"type": "number", "minimum": 0},
    "drop": {"type": "boolean"},
}

SCHEMAS: dict[str, Any] = {
    # -- errors ---------------------------------------------------------------------------
    "BackendlessError": _obj(
        {"message": STRING, "code": INT, "request_id": {"type": ["integer", "null"]}},
        required=["message", "code"],
        description="Every Backendless error, HTTP 400 (404/405/413/500 carry the HTTP status "
        "as code; 500 adds request_id).",
    ),
    "SendbirdError": _obj(
        {
            "message": STRING,
            "code": INT,
            "error": {"const": True},
            "request_id": {"type": ["integer", "null"]},
        },
        required=["message", "code", "error"],
        description="Every Sendbird error, HTTP 400 (403 for 403100; 404/405/413/500 carry "
        "the HTTP status as code).",
    ),
    "AdminError": _obj(
        {"message": STRING, "request_id": {"type": ["integer", "null"]}},
        required=["message"],
        description="Every admin API error, with the HTTP status (400 bad body, 401 admin "
        "token, 404, 405, 413, 500).",
    ),
    # -- Backendless ----------------------------------------------------------------------
    "RegistrationRequest": _obj(
        {
            "deviceId": STRING,
            "deviceToken": STRING,
            "os": STRING,
            "osVersion": STRING,
            "channels": {"type": ["array", "null"], "items": STRING},
            "expiration": {"type": ["number", "null"], "description": "epoch ms, in the future"},
        },
        required=["deviceId", "deviceToken", "os", "osVersion"],
    ),
    "RegisterResponse": _obj(
        {
            "registrationId": {
                "type": "string",
                "description": "<objectId>::<channel>, comma-separated, in request order",
            }
        }
    ),
    "DeviceRegistration": _obj(
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
            "allOf": [_ref("DeviceRegistration")],
            "type": "object",
            "properties": {"id": STRING},
            "required": ["id"],
        },
        "description": "Profile sdk: a list of one, with the objectId of the first row.",
    },
    "CancelResponse": _obj({"result": {"const": True}}),
    "Empty": {"type": "object", "maxProperties": 0},
    # -- Sendbird -------------------------------------------------------------------------
    "CreateUserRequest": _obj(
        {
            "user_id": STRING,
            "nickname": STRING,
            "profile_url": STRING,
            "issue_access_token": {"type": "boolean"},
            "discovery_keys": {"type": "array", "items": STRING},
            "metadata": {"type": "object", "additionalProperties": STRING},
        },
        required=["user_id", "nickname", "profile_url"],
    ),
    "SendbirdUser": _obj(
        {
            "user_id": STRING,
            "nickname": NULLABLE_STRING,
            "profile_url": STRING,
            "access_token": STRING,
            "is_online": {"type": "boolean"},
            "is_active": {"type": "boolean"},
            "last_seen_at": INT,
            "created_at": {"type": "integer", "description": "epoch seconds"},
            "metadata": {"type": ["object", "null"]},
        },
        required=["user_id", "nickname", "profile_url"],
        description="The full user resource (sendbird-sources.md section 3); strings are "
        "never null except nickname and metadata.",
    ),
    "SendbirdBasicUser": _obj(
        {
            "user_id": STRING,
            "nickname": NULLABLE_STRING,
            "profile_url": STRING,
            "metadata": {"type": ["object", "null"]},
        },
        required=["user_id", "nickname", "profile_url", "metadata"],
    ),
    "AddTokenRequest": {
        "type": "object",
        "properties": {
            "gcm_reg_token": STRING,
            "huawei_device_token": STRING,
            "apns_device_token": STRING,
            "is_unique": {"type": "boolean"},
            "always_push": {"type": "boolean"},
        },
        "description": "The field must match token_type: gcm_reg_token, huawei_device_token "
        "or apns_device_token.",
    },
    "TokenType": {"type": "string", "enum": ["GCM", "HUAWEI", "APNS"]},
    "AddTokenResponse": _obj(
        {"token": STRING, "type": _ref("TokenType"), "user": _ref("SendbirdBasicUser")}
    ),
    "ListTokensResponse": _obj(
        {
            "tokens": {"type": "array", "items": STRING},
            "type": _ref("TokenType"),
            "user": _ref("SendbirdBasicUser"),
            "token": {"type": "array", "items": STRING, "description": "same as tokens"},
        }
    ),
    "RemoveTokenResponse": _obj(
        {
            "token": {
                "oneOf": [{"type": "array", "items": STRING}, STRING],
                "description": "a list of one (profile docs) or the string (profile sdk)",
            },
            "user": _ref("SendbirdBasicUser"),
        }
    ),
    "RemoveAllTokensResponse": _obj({"user": _ref("SendbirdBasicUser")}, required=["user"]),
    "TokenOwners": {
        "oneOf": [
            _obj({"user_id": STRING}),
            {"type": "array", "items": _obj({"user_id": STRING})},
        ],
        "description": "The most recent owner (profile docs) or every owner, most recent "
        "first (profile sdk).",
    },
    # -- admin ----------------------------------------------------------------------------
    "Status": _obj({"status": STRING}),
    "Deleted": _obj({"deleted": {"type": "integer", "minimum": 0}}),
    "Clock": _obj({"now": MS, "frozen": {"type": "boolean"}, "offset_ms": INT}),
    "ClockChange": {
        "type": "object",
        "properties": {
            "frozen_at": {"type": "number", "description": "freeze at this epoch ms"},
            "advance_ms": {"type": "number", "description": "move by this many ms"},
        },
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": False,
    },
    "FaultRule": {
        "type": "object",
        "properties": FAULT_FIELDS,
        "additionalProperties": False,
        "description": "Needs a status, a delay_ms or drop; without times it fires once.",
    },
    "Fault": _obj(
        {"id": INT, **FAULT_FIELDS, "remaining": {"type": ["integer", "null"]}},
        additionalProperties=False,
    ),
    "Faults": _obj({"faults": {"type": "array", "items": _ref("Fault")}}),
    "FaultId": _obj({"id": INT}),
    "JournalRecord": _obj(
        {
            "id": INT,
            "at": MS,
            "method": STRING,
            "path": STRING,
            "provider": {"enum": ["backendless", "sendbird", None]},
            "operation": NULLABLE_STRING,
            "app_id": NULLABLE_STRING,
            "status": INT,
            "error_code": {"type": ["integer", "null"]},
            "request": {"description": "parsed JSON, else text, else null"},
            "request_cut": {"type": "boolean", "description": "the body was over 64 KiB: "
                            "request holds the text of its first 64 KiB"},
            "response": {"description": "parsed JSON, else text, else null"},
            "response_cut": {"type": "boolean"},
            "duration_ms": {"type": "number"},
        }
    ),
    "Requests": _obj({"requests": {"type": "array", "items": _ref("JournalRecord")}}),
    "BackendlessAppConfig": _obj(
        {"app_id": STRING, "api_key": STRING, "subdomain": NULLABLE_STRING},
        required=["app_id"],
        description="In PUT config, a known app_id with some fields updates those fields.",
    ),
    "SendbirdAppConfig": _obj(
        {
            "app_id": STRING,
            "api_token": STRING,
            "secondary_tokens": {"type": "array", "items": STRING},
        },
        required=["app_id"],
    ),
    "Config": _obj(
        {
            "profile": {"enum": ["docs", "sdk"]},
            "backendless_apps": {"type": "array", "items": _ref("BackendlessAppConfig")},
            "sendbird_apps": {"type": "array", "items": _ref("SendbirdAppConfig")},
        },
        required=["profile", "backendless_apps"],
    ),
    "ConfigChange": {
        "type": "object",
        "properties": {
            "profile": {"enum": ["docs", "sdk"]},
            "backendless_apps": {"type": "array", "items": _ref("BackendlessAppConfig")},
            "sendbird_apps": {"type": "array", "items": _ref("SendbirdAppConfig")},
        },
        "additionalProperties": False,
    },
    "BackendlessRow": _obj(
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
    "State": {
        "type": "object",
        "properties": {
            "version": INT,
            "backendless": _obj(
                {
                    "apps": {
                        "type": "array",
                        "items": {
                            "allOf": [_ref("BackendlessAppConfig")],
                            "type": "object",
                            "properties": {
                                "channels": {"type": "array", "items": STRING},
                                "registrations": {
                                    "type": "array",
                                    "items": _ref("BackendlessRow"),
                                },
                                "users": {
                                    "type": "array",
                                    "items": _obj({"objectId": STRING, "user-token": STRING}),
                                },
                            },
                            "required": ["channels", "registrations", "users"],
                        },
                    }
                }
            ),
            "sendbird": _obj(
                {"apps": {"type": "array", "items": _ref("SendbirdAppConfig")}},
                description="Sendbird apps with their users and tokens.",
            ),
        },
        "required": ["version", "backendless"],
        "description": "What GET state exports and PUT state and --state-file load: apps and "
        "provider data, not the profile, journal, faults or clock.",
    },
    "UserTokenRequest": {
        "type": "object",
        "properties": {"user_id": STRING, "app_id": STRING},
        "additionalProperties": False,
    },
    "UserToken": _obj({"objectId": STRING, "user-token": STRING}),
    "DashboardData": _obj(
        {
            "config": _ref("Config"),
            "clock": _ref("Clock"),
            "state": _ref("State"),
            "faults": {"type": "array", "items": _ref("Fault")},
            "requests": {"type": "array", "items": _ref("JournalRecord")},
            "requests_total": INT,
        }
    ),
}


def _errors(schema: str, *statuses: int) -> dict[str, Any]:
    words = {
        400: "a provider or admin error",
        401: "admin token missing or wrong",
        403: "unknown app (403100)",
        404: "no such route",
        405: "method not allowed",
        413: "body over 1 MiB",
        500: "unexpected error; names the request id",
    }
    return {str(s): _json(_ref(schema), words[s]) for s in statuses}


def _param(name: str, description: str = "", where: str = "path") -> dict[str, Any]:
    param: dict[str, Any] = {"name": name, "in": where, "schema": STRING}
    if where == "path":
        param["required"] = True
    if description:
        param["description"] = description
    return param


def _operation(
    operation_id: str,
    summary: str,
    ok: dict[str, Any],
    errors: dict[str, Any],
    *,
    tag: str,
    params: list[dict[str, Any]] | None = None,
    body: str | None = None,
    body_required: bool = True,
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "summary": summary,
        "tags": [tag],
        "responses": {"200": ok, **errors},
    }
    if params:
        operation["parameters"] = params
    if body:
        operation["requestBody"] = {
            "required": body_required,
            "content": {JSON: {"schema": _ref(body)}},
        }
    return operation


def _backendless_paths() -> dict[str, Any]:
    errors = _errors("BackendlessError", 400, 404, 405, 413, 500)
    device_id = _param(
        "device_id",
        "everything after registrations/, percent-decoded; may contain '/' (the JS SDK does "
        "not escape it)",
    )
    user_token = _param(
        "user-token", "a token issued by POST /_fakepush/backendless/users", "header"
    )
    host = _param(
        "Host",
        "domain form: an IP address or localhost means the default app, else the first "
        "label is an app's subdomain",
        "header",
    )
    paths: dict[str, Any] = {}
    forms = {
        "path": ("/{app_id}/{api_key}", [_param("app_id"), _param("api_key")]),
        "domain": ("/api", [host]),
    }
    for form, (prefix, app_params) in forms.items():
        suffix = "" if form == "path" else "_domain"
        paths[f"{prefix}/info"] = {
            "get": _operation(
                f"backendless_info{suffix}",
                f"App info ({form} form); the fake answers {{}}",
                _json(_ref("Empty"), "the app exists"),
                errors,
                tag="Backendless",
                params=app_params,
            )
        }
        paths[f"{prefix}/messaging/registrations"] = {
            "post": _operation(
                f"backendless_register{suffix}",
                f"Register a device on its channels ({form} form)",
                _json(_ref("RegisterResponse"), "registered"),
                errors,
                tag="Backendless",
                params=[*app_params, user_token],
                body="RegistrationRequest",
            )
        }
        paths[f"{prefix}/messaging/registrations/{{device_id}}"] = {
            "get": _operation(
                f"backendless_retrieve{suffix}",
                f"The device's registration ({form} form)",
                _json(
                    {"oneOf": [_ref("DeviceRegistration"), _ref("DeviceRegistrationSdk")]},
                    "one object (profile docs) or a list of one (profile sdk)",
                ),
                errors,
                tag="Backendless",
                params=[*app_params, device_id, user_token],
            ),
            "delete": _operation(
                f"backendless_cancel{suffix}",
                f"Cancel every channel registration of the device ({form} form)",
                _json(_ref("CancelResponse"), "cancelled"),
                errors,
                tag="Backendless",
                params=[*app_params, device_id, user_token],
            ),
        }
    return paths


def _sendbird_paths() -> dict[str, Any]:
    errors = _errors("SendbirdError", 400, 403, 404, 405, 413, 500)
    api_token = _param("Api-Token", "the app's master or a secondary token", "header")
    user_id = _param("user_id")
    token_type = {**_param("token_type"), "schema": {"enum": ["gcm", "huawei", "apns"]}}
    token = _param("token", "percent-decoded; may contain '/' and ':'")

    def op(operation_id, summary, schema, description, params=(), body=None):  # type: ignore[no-untyped-def]
        return _operation(
            f"sendbird_{operation_id}",
            summary,
            _json(_ref(schema), description),
            errors,
            tag="Sendbird",
            params=[api_token, *params],
            body=body,
        )

    return {
        "/v3/users": {
            "post": op(
                "create_user", "Create a user", "SendbirdUser", "the user", (), "CreateUserRequest"
            ),
        },
        "/v3/users/{user_id}": {
            "get": op("view_user", "View a user", "SendbirdUser", "the user", [user_id]),
            "delete": op("delete_user", "Delete a user and their tokens", "Empty", "{}", [user_id]),
        },
        "/v3/users/{user_id}/push/{token_type}": {
            "post": op(
                "add_token",
                "Add a push token",
                "AddTokenResponse",
                "the token",
                [user_id, token_type],
                "AddTokenRequest",
            ),
            "get": op(
                "list_tokens",
                "List a user's tokens of one type, oldest first",
                "ListTokensResponse",
                "the tokens",
                [user_id, token_type],
            ),
        },
        "/v3/users/{user_id}/push/{token_type}/{token}": {
            "delete": op(
                "remove_token",
                "Remove one token (idempotent)",
                "RemoveTokenResponse",
                "removed",
                [user_id, token_type, token],
            ),
        },
        "/v3/users/{user_id}/push": {
            "delete": op(
                "remove_all_tokens",
                "Remove all the user's tokens, every type",
                "RemoveAllTokensResponse",
                "removed",
                [user_id],
            ),
        },
        "/v3/push/device_tokens/{token_type}/{token}": {
            "get": op(
                "token_owners",
                "The owners of a token",
                "TokenOwners",
                "the owners",
                [token_type, token],
            ),
            "delete": op(
                "remove_token_from_owners",
                "Remove a token from its owners",
                "TokenOwners",
                "the former owners",
                [token_type, token],
            ),
        },
    }


def _admin_paths() -> dict[str, Any]:
    errors = _errors("AdminError", 401, 404, 405, 413, 500)
    bad = _errors("AdminError", 400)

    def op(
        operation_id,
        summary,
        schema,
        description,
        *,
        body=None,
        params=None,  # type: ignore[no-untyped-def]
        bad_body=False,
        body_required=True,
    ):
        return _operation(
            f"admin_{operation_id}",
            summary,
            _json(_ref(schema), description),
            {**(bad if bad_body or params else {}), **errors},
            tag="Admin",
            body=body,
            params=params,
            body_required=body_required,
        )

    journal_filters = [
        _param("provider", "backendless or sendbird", "query"),
        _param("app_id", "", "query"),
        _param("method", "", "query"),
        {**_param("status", "", "query"), "schema": INT},
        _param("path", "substring of the request path", "query"),
    ]
    return {
        "/_fakepush/reset": {
            "post": op(
                "reset",
                "Clear provider data, journal, faults and clock; keep apps and profile",
                "Status",
                "reset",
            ),
        },
        "/_fakepush/state": {
            "get": op("get_state", "Export apps and provider data", "State", "the export"),
            "put": op(
                "put_state",
                "Replace apps and provider data with an export",
                "State",
                "the new state",
                body="State",
                bad_body=True,
            ),
        },
        "/_fakepush/requests": {
            "get": op(
                "get_requests",
                "The journal, oldest first",
                "Requests",
                "the records",
                params=journal_filters,
            ),
            "delete": op("delete_requests", "Clear the journal", "Deleted", "cleared"),
        },
        "/_fakepush/clock": {
            "get": op("get_clock", "The fake's clock", "Clock", "the clock"),
            "put": op(
                "put_clock",
                "Freeze or advance the clock (exactly one key)",
                "Clock",
                "the clock",
                body="ClockChange",
                bad_body=True,
            ),
            "delete": op("delete_clock", "Back to the system clock", "Clock", "the clock"),
        },
        "/_fakepush/faults": {
            "get": op("get_faults", "The fault rules", "Faults", "the rules"),
            "post": op(
                "post_fault",
                "Add a fault rule",
                "FaultId",
                "the rule's id",
                body="FaultRule",
                bad_body=True,
            ),
            "delete": op("delete_faults", "Remove every fault rule", "Deleted", "cleared"),
        },
        "/_fakepush/config": {
            "get": op("get_config", "Profile and apps", "Config", "the config"),
            "put": op(
                "put_config",
                "Switch the profile, add or update apps",
                "Config",
                "the new config",
                body="ConfigChange",
                bad_body=True,
            ),
        },
        "/_fakepush/backendless/users": {
            "post": op(
                "backendless_login",
                "Issue a Backendless user-token",
                "UserToken",
                "the user and token",
                body="UserTokenRequest",
                bad_body=True,
                body_required=False,
            ),
        },
        "/_fakepush/health": {"get": op("health", "Liveness", "Status", "up")},
        "/_fakepush/openapi.json": {
            "get": {
                "operationId": "admin_openapi",
                "summary": "This document",
                "tags": ["Admin"],
                "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1"), **errors},
            }
        },
        "/_fakepush/dashboard.json": {
            "get": op(
                "dashboard_data",
                "Everything the dashboard shows",
                "DashboardData",
                "config, clock, state, faults, the newest 100 requests",
            ),
        },
        "/_fakepush/": {
            "get": {
                "operationId": "admin_dashboard",
                "summary": "The dashboard (HTML); with an admin token open it as ?token=...",
                "tags": ["Admin"],
                "parameters": [_param("token", "the admin token, if the fake has one", "query")],
                "responses": {
                    "200": {
                        "description": "the page",
                        "content": {"text/html": {"schema": STRING}},
                    },
                    **errors,
                },
            }
        },
        "/_fakepush/static/{filename}": {
            "get": {
                "operationId": "admin_static",
                "summary": "The dashboard's script and style sheet",
                "tags": ["Admin"],
                "parameters": [_param("filename"), _param("token", "", "query")],
                "responses": {
                    "200": {
                        "description": "the file",
                        "content": {
                            "text/javascript": {"schema": STRING},
                            "text/css": {"schema": STRING},
                        },
                    },
                    **errors,
                },
            }
        },
    }


def openapi_document() -> dict[str, Any]:
    """The whole document; built on each call (cheap), so it never holds stale state."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "fakepush",
            "version": __version__,
            "description": "An in-memory fake of the Backendless Messaging and Sendbird "
            "Platform API v3 push device-registration routes, with an admin API under "
            "/_fakepush/. Every error is JSON in its provider's shape.",
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "adminToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Only when the fake was started with --admin-token.",
                }
            },
        },
        "tags": [
            {"name": "Backendless", "description": "Messaging device registrations"},
            {"name": "Sendbird", "description": "Users and push tokens (Platform API v3)"},
            {"name": "Admin", "description": "Inspect and steer the fake"},
        ],
        "paths": {**_backendless_paths(), **_sendbird_paths(), **_admin_security(_admin_paths())},
    }


def _admin_security(paths: dict[str, Any]) -> dict[str, Any]:
    """Admin routes need the bearer token only when the fake has one: both are valid."""
    for operations in paths.values():
        for operation in operations.values():
            operation["security"] = [{}, {"adminToken": []}]
    return paths
