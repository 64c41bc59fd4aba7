"""The OpenAPI schemas of Backendless: request and response bodies, its error, its export.

The operations themselves are written from the route table (``routes.py``) by
``fakepush/admin/openapi.py``; these are the ``components/schemas`` they refer to.
"""

from __future__ import annotations

from typing import Any

from fakepush.providers.backendless import openapi_delivery
from fakepush.providers.schema import INT, NULLABLE_STRING, STRING, obj, ref

SCHEMAS: dict[str, Any] = {
    "BackendlessError": obj(
        {"message": STRING, "code": INT, "request_id": {"type": ["integer", "null"]}},
        required=["message", "code"],
        description="Every Backendless error, HTTP 400 (404/405/413/500 carry the HTTP status "
        "as code; 500 adds request_id).",
    ),
    "RegistrationRequest": obj(
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
        {"app_id": STRING, "api_key": STRING, "subdomain": NULLABLE_STRING},
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
                    "required": ["channels", "registrations", "users"],
                },
            }
        }
    ),
    "UserTokenRequest": {
        "type": "object",
        "properties": {
            "user_id": {"type": "string", "minLength": 1},
            "app_id": {"type": "string", "minLength": 1},
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
