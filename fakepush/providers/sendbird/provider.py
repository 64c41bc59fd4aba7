"""Sendbird Platform API v3, described once for every surface (``fakepush/providers/base.py``)."""

from __future__ import annotations

import argparse
from typing import Any

from fakepush.providers.base import CliOption, Provider
from fakepush.providers.sendbird import openapi, push_openapi
from fakepush.providers.sendbird.channel_routes import CHANNEL_ROUTES
from fakepush.providers.sendbird.errors import error_body
from fakepush.providers.sendbird.handle import SendbirdHandle
from fakepush.providers.sendbird.push_routes import ADMIN_ROUTES
from fakepush.providers.sendbird.push_routes import ROUTES as PUSH_ROUTES
from fakepush.providers.sendbird.routes import ROUTES, setup_blueprint
from fakepush.providers.sendbird.store import SendbirdStore


def owns_path(path: str) -> bool:
    """Every Platform API path starts with ``/v3``."""
    return path.startswith("/v3/") or path == "/v3"


def parse_app(text: str) -> dict[str, Any]:
    """``--sendbird-app APP_ID:API_TOKEN[,SECONDARY...]``."""
    app_id, _, tokens = text.partition(":")
    names = tokens.split(",")
    if not app_id or not all(names):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not APP_ID:API_TOKEN or APP_ID:API_TOKEN,SECONDARY,..."
        )
    return {"app_id": app_id, "api_token": names[0], "secondary_tokens": names[1:]}


def banner(url: str, apps: list[dict[str, Any]]) -> list[str]:
    lines = ["Sendbird apps (any Host but api-{app_id}.* means the default app, listed first):"]
    for app in apps:
        secondary = ",".join(app.get("secondary_tokens") or []) or "-"
        lines.append(f"  app_id={app['app_id']} api_token={app['api_token']} secondary={secondary}")
    return lines


def example(app: dict[str, Any]) -> tuple[str, dict[str, str], dict[str, Any]]:
    """The banner's curl: create a user in the default app."""
    user = {"user_id": "user-1", "nickname": "User 1", "profile_url": ""}
    return "/v3/users", {"Api-Token": app["api_token"]}, user


PROVIDER = Provider(
    "sendbird",
    "Sendbird",
    "Users, push tokens, group channels and messages (Platform API v3)",
    make_store=SendbirdStore,
    routes=ROUTES + PUSH_ROUTES + CHANNEL_ROUTES,
    owns_path=owns_path,
    error_body=error_body,
    make_handle=SendbirdHandle,
    schemas={**openapi.SCHEMAS, **push_openapi.SCHEMAS},
    error_statuses=(400, 403, 404, 405, 413, 500),
    header_params=openapi.HEADER_PARAMS,
    path_param_schemas=openapi.PATH_PARAM_SCHEMAS,
    setup_blueprint=setup_blueprint,
    admin_routes=ADMIN_ROUTES,
    refusals={400401: "an Api-Token that is none of the app's tokens"},
    cli_option=CliOption(
        "APP_ID:API_TOKEN[,SECONDARY...]",
        "add a Sendbird app beside the default one, with its master token and secondary tokens"
        " (repeatable)",
        parse_app, banner, example,
    ),  # fmt: skip
    # https://sendbird.com/docs/chat/v3/platform-api/prepare-to-use-api
    # ("api-{application_id}.sendbird.com").
    intercept_hosts=("api-*.sendbird.com",),
)
