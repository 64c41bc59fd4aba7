"""What the dashboard shows of Sendbird: its users and their push tokens."""

from __future__ import annotations

from typing import Any

from fakepush.providers.dashboard import DashboardPart, Table, table


def app_row(app: dict[str, Any]) -> list[Any]:
    secondary = app.get("secondary_tokens") or []
    more = f" (+{len(secondary)} secondary)" if secondary else ""
    return [app["app_id"], f"api_token {app['api_token']}{more}", ""]


def tokens_text(user: dict[str, Any]) -> str:
    """``gcm: a, b; apns: c``: each token type that has tokens."""
    tokens = user.get("tokens", user.get("push_tokens"))
    if not tokens:
        return ""
    if isinstance(tokens, list):
        return ", ".join(map(str, tokens))
    return "; ".join(
        f"{token_type}: {', '.join(map(str, values)) if isinstance(values, list) else values}"
        for token_type, values in tokens.items()
        if values
    )


def sections(export: dict[str, Any]) -> list[list[Table]]:
    users = [
        [app["app_id"], user.get("user_id"), user.get("nickname"), tokens_text(user)]
        for app in export.get("apps", [])
        for user in app.get("users", [])
    ]
    columns = ["app", "user_id", "nickname", "tokens"]
    return [[table("sendbird-users", "Sendbird users and tokens", columns, users, count=True)]]


DASHBOARD = DashboardPart(app_row, sections)
