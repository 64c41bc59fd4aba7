"""A provider's part of the dashboard: its apps' cells, its tables, its pushes' card text.

``fakepush/admin/dashboard.py`` puts each provider's part into ``dashboard.json``;
``fakepush/admin/static/dashboard.js`` draws whatever tables it finds there, so the page
knows no provider. A table is ``{"id", "title", "columns", "rows", "count"}``; a section
is a list of tables shown side by side. A cell is a plain value, or ``num(value)`` (never
broken across lines), or ``time(ms)`` (shown as an ISO time by the browser, which formats
every time on the page the same way).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Cell = Any
Table = dict[str, Any]


def num(value: Any) -> dict[str, Any]:
    """A cell holding a number or an id: never wrapped (CSS ``td.num``)."""
    return {"value": value, "className": "num"}


def time(ms: Any) -> dict[str, Any]:
    """A cell holding epoch milliseconds, shown as an ISO time."""
    return {"time": ms, "className": "num"}


def table(
    table_id: str,
    title: str,
    columns: Sequence[str],
    rows: list[list[Cell]],
    *,
    count: bool = False,
) -> Table:
    """One table; ``count`` shows its number of rows beside the title."""
    return {"id": table_id, "title": title, "columns": list(columns), "rows": rows, "count": count}


def push_text(
    payload: Any, title_keys: Sequence[str] = (), body_keys: Sequence[str] = ()
) -> dict[str, str]:
    """A push's title and body for its card, from the keys the push services use.

    FCM and HMS carry a ``notification`` object, APNs an ``aps.alert`` that is an object
    with a title and body or the text itself; ``title_keys`` and ``body_keys`` name the
    provider's own header fields (in ``payload["headers"]``), tried after those.
    """
    p = payload if isinstance(payload, dict) else {}
    headers = p.get("headers") if isinstance(p.get("headers"), dict) else {}
    aps = p.get("aps") if isinstance(p.get("aps"), dict) else {}
    alert = aps.get("alert")
    notification = p.get("notification") or (alert if isinstance(alert, dict) else {})
    notification = notification if isinstance(notification, dict) else {}
    alert_text = alert if isinstance(alert, str) else ""
    title = _first(p.get("title"), notification.get("title"), *(headers.get(k) for k in title_keys))
    body = _first(
        p.get("body"), notification.get("body"), alert_text, p.get("message"),
        *(headers.get(k) for k in body_keys), p.get("alert"),
    )  # fmt: skip
    return {"title": _text(title), "body": _text(body)}


def _first(*values: Any) -> Any:
    """The first value JavaScript's ``||`` would pick (a truthy one), else ``""``."""
    return next((value for value in values if value), "")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class DashboardPart:
    """What the dashboard shows of one provider."""

    # one app's config -> its cells after the provider's name: app id, credentials, subdomain
    app_row: Callable[[dict[str, Any]], list[Cell]]
    # the provider's export -> its sections (each a list of tables side by side)
    sections: Callable[[dict[str, Any]], list[list[Table]]]
    # one push's payload -> {"title", "body"} of its card in the outbox
    push_text: Callable[[Any], dict[str, str]] = push_text


__all__ = ["DashboardPart", "num", "push_text", "table", "time"]
