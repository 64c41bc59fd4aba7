"""Helpers for the Sendbird tests: one call shape for every route, on the default app."""

from __future__ import annotations

import json
from typing import Any

import pytest

API_TOKEN = "fakepush-api-token"


class SendbirdClient:
    """Sends Sendbird requests the way the SDK does: ``Api-Token`` header, JSON body."""

    def __init__(self, client: Any, state: Any) -> None:
        self.client = client
        self.state = state

    def call(self, method: str, path: str, body: Any = None, **options: Any):
        """``body`` is sent as JSON, or as it is when it is ``bytes`` (malformed on purpose).

        Options: ``api_token`` (default the default app's; None sends none), ``host`` (picks
        the app), ``content_type`` (None sends none); a misspelt one fails the test.
        """
        api_token = options.pop("api_token", API_TOKEN)
        host = options.pop("host", "localhost")
        content_type = options.pop("content_type", "application/json")
        assert not options, f"unknown options {sorted(options)}"
        headers = {} if api_token is None else {"Api-Token": api_token}
        data = body if isinstance(body, bytes) else (None if body is None else json.dumps(body))
        if data is not None and content_type is not None:
            headers["Content-Type"] = content_type
        return self.client.open(
            path, method=method, data=data, headers=headers, base_url=f"http://{host}"
        )

    def create_user(self, user_id: str, nickname: str = "nick", **kwargs: Any):
        body = {"user_id": user_id, "nickname": nickname, "profile_url": ""}
        response = self.call("POST", "/v3/users", body, **kwargs)
        assert response.status_code == 200, response.json
        return response

    def add_token(self, user_id: str, token: str, token_type: str = "gcm", **extra: Any):
        field = {"gcm": "gcm_reg_token", "huawei": "huawei_device_token"}.get(
            token_type, "apns_device_token"
        )
        kwargs = {k: extra.pop(k) for k in ("host", "api_token") if k in extra}
        return self.call(
            "POST", f"/v3/users/{q(user_id)}/push/{token_type}", {field: token, **extra}, **kwargs
        )

    @staticmethod
    def q(segment: str) -> str:
        return q(segment)

    @staticmethod
    def assert_error(response: Any, code: int, message: str, status: int = 400) -> None:
        """The exact Sendbird error: status, JSON, ``{"message", "code", "error": true}``."""
        assert response.status_code == status, response.get_data(as_text=True)
        assert response.is_json
        assert response.json == {"message": message, "code": code, "error": True}

    def tokens(self, user_id: str, token_type: str = "gcm", **kwargs: Any) -> list[str]:
        response = self.call("GET", f"/v3/users/{q(user_id)}/push/{token_type}", **kwargs)
        assert response.status_code == 200, response.json
        return response.json["tokens"]


def q(segment: str) -> str:
    """Percent-encode a path segment as the SDK does (``quote(v, safe='')``)."""
    from urllib.parse import quote

    return quote(segment, safe="")


@pytest.fixture
def sb(client, state) -> SendbirdClient:
    return SendbirdClient(client, state)


def outbox_of(state: Any) -> Any:
    """The outbox the Sendbird store records into (the fake's own, once it hands one in)."""
    return state.sendbird.outbox


class PushSurface:
    """Sets what a user's push surface says (preferences, channel preferences, online
    flags, templates, the app switch) straight on the store, for tests of the decision."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.preferences: dict[str, dict[str, Any]] = {}
        self.channel_preferences: dict[tuple[str, str], dict[str, Any]] = {}
        self.online: set[str] = set()
        self.templates: dict[str, str] = {}
        self.enabled = True
        defaults = type(store)
        store.push_preference = lambda app, u: {
            **defaults.push_preference(store, app, u),
            **self.preferences.get(u, {}),
        }
        store.channel_push_preference = lambda app, u, c: {
            **defaults.channel_push_preference(store, app, u, c),
            **self.channel_preferences.get((u, c), {}),
        }
        store.is_online = lambda app, u: u in self.online
        store.push_template = lambda app, u: self.templates.get(u, "default")
        store.push_enabled = lambda app: self.enabled


@pytest.fixture
def surface(state) -> PushSurface:
    return PushSurface(state.sendbird)
