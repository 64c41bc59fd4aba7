"""What the dashboard shows of Backendless: registrations, channels, user-tokens, push cards."""

from __future__ import annotations

from functools import partial
from typing import Any

from fakepush.providers.dashboard import DashboardPart, Table, num, push_text, table, time


def app_row(app: dict[str, Any]) -> list[Any]:
    return [app["app_id"], f"api_key {app['api_key']}", app.get("subdomain")]


def sections(export: dict[str, Any]) -> list[list[Table]]:
    """One row per registration (per device and channel); channels and user-tokens side by side."""
    registrations, channels, users = [], [], []
    for app in export.get("apps", []):
        app_id = app["app_id"]
        for row in app.get("registrations", []):
            expiration = row.get("expiration")
            registrations.append([
                app_id, row.get("deviceId"), row.get("channel"), row.get("os"),
                num(row.get("osVersion")), row.get("deviceToken"),
                num("never") if expiration is None else time(expiration),
                row.get("ownerId"), time(row.get("updated")),
            ])  # fmt: skip
        channels += [[app_id, channel] for channel in app.get("channels", [])]
        users += [
            [app_id, user.get("objectId"), user.get("user-token")] for user in app.get("users", [])
        ]
    columns = ["app", "deviceId", "channel", "os", "osVersion", "deviceToken", "expiration",
               "ownerId", "updated"]  # fmt: skip
    return [
        [table("registrations", "Backendless registrations", columns, registrations, count=True)],
        [
            table("channels", "Backendless channels", ["app", "channel"], channels),
            table(
                "user-tokens", "Backendless user-tokens", ["app", "objectId", "user-token"], users
            ),
        ],
    ]


# The publish headers that carry a title or a text (docs/backendless.md, publish options).
DASHBOARD = DashboardPart(
    app_row,
    sections,
    partial(push_text, title_keys=("android-content-title", "ios-alert-title"),
            body_keys=("android-ticker-text",)),
)  # fmt: skip
