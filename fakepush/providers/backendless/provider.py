"""Backendless Messaging, described once for every surface (``fakepush/providers/base.py``)."""

from __future__ import annotations

import argparse
from typing import Any

from fakepush.providers.backendless import openapi
from fakepush.providers.backendless.data_routes import DATA_ROUTES
from fakepush.providers.backendless.errors import error_body
from fakepush.providers.backendless.handle import BackendlessHandle
from fakepush.providers.backendless.routes import ADMIN_ROUTES, PREFIXES, ROUTES
from fakepush.providers.backendless.store import BackendlessStore
from fakepush.providers.base import CliOption, Provider


def owns_path(path: str) -> bool:
    """``/api/...`` (domain form) or ``/{app_id}/{api_key}/messaging|info|data...`` (path form)."""
    parts = path.strip("/").split("/")
    return parts[0] == "api" or (len(parts) >= 3 and parts[2] in ("messaging", "info", "data"))


def parse_app(text: str) -> dict[str, Any]:
    """``--backendless-app APP_ID:API_KEY[:SUBDOMAIN]``."""
    parts = text.split(":")
    if len(parts) not in (2, 3) or not all(parts):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not APP_ID:API_KEY or APP_ID:API_KEY:SUBDOMAIN"
        )
    app = {"app_id": parts[0], "api_key": parts[1]}
    if len(parts) == 3:
        app["subdomain"] = parts[2]
    return app


def banner(url: str, apps: list[dict[str, Any]]) -> list[str]:
    lines = ["Backendless apps:"]
    for app in apps:
        subdomain = app["subdomain"] or "-"
        lines.append(f"  app_id={app['app_id']} api_key={app['api_key']} subdomain={subdomain}")
        lines.append(f"    serverURL {url}  base URL {url}/{app['app_id']}/{app['api_key']}")
    return lines


def example(app: dict[str, Any]) -> tuple[str, dict[str, str], dict[str, Any]]:
    """The banner's curl: register a device with the default app (path form)."""
    device = {"deviceId": "device-1", "deviceToken": "token-1", "os": "ANDROID", "osVersion": "14"}
    return f"/{app['app_id']}/{app['api_key']}/messaging/registrations", {}, device


PROVIDER = Provider(
    "backendless",
    "Backendless",
    "Messaging device registrations",
    make_store=BackendlessStore,
    routes=ROUTES + DATA_ROUTES,
    owns_path=owns_path,
    error_body=error_body,
    make_handle=BackendlessHandle,
    schemas=openapi.SCHEMAS,
    error_statuses=(400, 404, 405, 413, 500),
    header_params=openapi.HEADER_PARAMS,
    # ".../DeviceRegistration/count" is the count route, never a row's objectId.
    path_param_schemas={"object_id": {"type": "string", "pattern": "^(?!count$)"}},
    form_params=tuple(openapi.DOMAIN_FORM_PARAMS if p == "/api" else () for p in PREFIXES),
    admin_routes=ADMIN_ROUTES,
    refusals={
        2002: "unknown app id and api key (path form) or Host (domain form)",
        3064: "a user-token the fake did not issue",
    },
    cli_option=CliOption(
        "APP_ID:API_KEY[:SUBDOMAIN]", "add a Backendless app beside the default one (repeatable)",
        parse_app, banner, example,
    ),  # fmt: skip
    # The SDKs' default server (npm backendless@8.0.0 src/index.js, serverURL
    # 'https://api.backendless.com'), its EU cluster, and the app domain form
    # https://xxxx.backendless.app/api/... of
    # https://backendless.com/docs/rest/push_device_registration.html.
    intercept_hosts=("api.backendless.com", "eu-api.backendless.com", "*.backendless.app"),
)
