"""What the Backendless tests share: bodies, error checks and a driver per URL form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from hypothesis.stateful import RuleBasedStateMachine

from fakepush import create_app
from fakepush.providers import ALL
from fakepush.state import FakeState

APP_ID = "FAKEPUSH-APP-ID"
API_KEY = "FAKEPUSH-REST-API-KEY"
# 2030-01-01T00:00:00Z: every test that needs a fixed "now" freezes the fake's clock here.
NOW_MS = 1_893_456_000_000
HOUR_MS = 3_600_000

ERRORS = {
    2002: "Unable to find application. Check application id and/or API key.",
    5000: "Unable to retrieve device registration - unknown device ID.",
    5001: "Unable to cancel device registration - unknown device ID.",
    5004: "Unable to register device. Invalid expiration date.",
    5006: "Device registration can't be null",
    5011: "Unable to register device, deviceId cannot be null",
    5044: "Channel name contains invalid character",
}
# The delivery side's errors (publish, status, cancel, templates, channels).
DELIVERY_ERRORS = {
    5003: "Invalid repeatExpiresAt date in delivery options.",
    5010: "Can't find message channel with such name for the given application",
    5030: "Invalid publishAt date in delivery options.",
    5040: "Can't cancel message. Already cancelled or there is no such message",
    5041: "Invalid message for push notification, provide message that could be cast to String",
}
PREFIXES = {
    5005: "Wrong json format for device registration: ",
    8000: "Invalid value range: ",
    8002: "Could not parse request with message: ",
}


def registration(device_id: str = "device-1", **fields: Any) -> dict[str, Any]:
    """A valid register body; keyword arguments override or add fields."""
    body: dict[str, Any] = {
        "deviceId": device_id,
        "deviceToken": "token-1",
        "os": "ANDROID",
        "osVersion": "14",
    }
    body.update(fields)
    return body


def assert_error(response, code: int, message: str | None = None) -> None:
    """A Backendless error: HTTP 400, JSON ``{"message", "code"}`` and nothing else."""
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.is_json
    body = response.get_json()
    assert set(body) == {"message", "code"}
    assert body["code"] == code
    if message is not None:
        assert body["message"] == message
    elif code in ERRORS:
        assert body["message"] == ERRORS[code]
    elif code in DELIVERY_ERRORS:
        assert body["message"] == DELIVERY_ERRORS[code]


@dataclass
class Api:
    """Drives one URL form of the Backendless routes through a Flask test client."""

    client: Any
    prefix: str
    host: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = dict(self.headers)
        if self.host is not None:
            headers["Host"] = self.host
        headers.update(extra or {})
        return headers

    def url(self, tail: str) -> str:
        return f"{self.prefix}{tail}"

    def device_url(self, device_id: str) -> str:
        # Encoded the way the JS SDK does it: each segment escaped, "/" kept.
        return self.url("/messaging/registrations/" + quote(device_id, safe="/"))

    def register(self, body: Any = None, headers: dict[str, str] | None = None, **kwargs: Any):
        if body is not None and "data" not in kwargs:
            kwargs["json"] = body
        return self.client.post(
            self.url("/messaging/registrations"), headers=self._headers(headers), **kwargs
        )

    def retrieve(self, device_id: str, headers: dict[str, str] | None = None):
        return self.client.get(self.device_url(device_id), headers=self._headers(headers))

    def cancel(self, device_id: str, headers: dict[str, str] | None = None):
        return self.client.delete(self.device_url(device_id), headers=self._headers(headers))

    def info(self, headers: dict[str, str] | None = None):
        return self.client.get(self.url("/info"), headers=self._headers(headers))

    # -- delivery ---------------------------------------------------------------------

    def publish(self, channel: str = "default", body: Any = None,
                headers: dict[str, str] | None = None, **kwargs: Any):
        if body is not None and "data" not in kwargs:
            kwargs["json"] = body
        return self.client.post(
            self.url("/messaging/" + quote(channel, safe="")), headers=self._headers(headers),
            **kwargs,
        )

    def message_status(self, message_id: str, headers: dict[str, str] | None = None):
        return self.client.get(self.url(f"/messaging/{message_id}"), headers=self._headers(headers))

    def cancel_message(self, message_id: str, headers: dict[str, str] | None = None):
        return self.client.delete(
            self.url(f"/messaging/{message_id}"), headers=self._headers(headers)
        )

    def push_templates(self, device_type: str | None = None,
                       headers: dict[str, str] | None = None):
        tail = "/messaging/pushtemplates" + ("" if device_type is None else f"/{device_type}")
        return self.client.get(self.url(tail), headers=self._headers(headers))

    def push_with_template(self, name: str, body: Any = None,
                           headers: dict[str, str] | None = None, **kwargs: Any):
        if body is not None and "data" not in kwargs:
            kwargs["json"] = body
        return self.client.post(
            self.url(f"/messaging/push/{name}"), headers=self._headers(headers), **kwargs
        )

    def delete_channel(self, channel: str, headers: dict[str, str] | None = None):
        return self.client.delete(
            self.url("/messaging/channels/" + quote(channel, safe="")),
            headers=self._headers(headers),
        )


def path_form(client, app_id: str = APP_ID, api_key: str = API_KEY) -> Api:
    return Api(client, f"/{app_id}/{api_key}")


def domain_form(client, host: str = "fakepush.backendless.app") -> Api:
    return Api(client, "/api", host=host)


class FrozenFakeMachine(RuleBasedStateMachine):
    """The base of the rule-based machines: a fresh fake frozen at ``NOW_MS``, a test client,
    and the Backendless API in both URL forms (``self.forms``)."""

    def __init__(self) -> None:
        super().__init__()
        self.state = FakeState(ALL)
        self.now = NOW_MS
        self.state.clock.freeze(self.now)
        self.client = create_app(self.state).test_client()
        self.forms = {"path": path_form(self.client), "domain": domain_form(self.client)}
