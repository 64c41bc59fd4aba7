"""What ``dashboard.json`` says of the providers: each one's apps, tables and push cards.

Every provider with a ``dashboard`` part (``fakepush/providers/dashboard.py``) gets one
entry, in the order of the fake's providers; the page (``static/dashboard.js``) draws
them as they come, so it never names a provider.
"""

from __future__ import annotations

from typing import Any

from fakepush.providers.dashboard import push_text
from fakepush.state import FakeState


def provider_parts(
    state: FakeState, config: dict[str, Any], export: dict[str, Any]
) -> list[dict[str, Any]]:
    """``[{"name", "title", "apps": [cells], "sections": [[table]]}]`` from one consistent read."""
    parts = []
    for provider in state.providers:
        part = provider.dashboard
        if part is None:
            continue
        parts.append(
            {
                "name": provider.name,
                "title": provider.title,
                "apps": [part.app_row(app) for app in config.get(provider.apps_key, [])],
                "sections": part.sections(export.get(provider.name, {})),
            }
        )
    return parts


def push_cards(state: FakeState, pushes: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The title and body of each push's card, as its provider reads its payload."""
    readers = {p.name: p.dashboard.push_text for p in state.providers if p.dashboard is not None}
    return [readers.get(push.get("provider"), push_text)(push.get("payload")) for push in pushes]
