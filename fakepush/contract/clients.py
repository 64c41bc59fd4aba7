"""Provider clients for the checks: build the requests the SDKs build, and clean up after a check.

Every id a check creates comes from ``new_id`` (a uuid), so checks never collide with each
other or with data already in a real account, and ``cleanup`` removes what they made.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from fakepush.contract.http import Response, segment
from fakepush.contract.target import Target, with_first_label

JSON = "application/json"
_MISSING = object()


def new_id(prefix: str) -> str:
    return f"fakepush-contract-{prefix}-{uuid.uuid4().hex}"


def json_bytes(value: Any) -> bytes:
    return json.dumps(value).encode("utf-8")


class BackendlessClient:
    """Backendless Messaging registrations, in the path form by default."""

    def __init__(self, target: Target, check: str) -> None:
        assert target.backendless is not None, "the target has no Backendless URL"
        self.target = target
        self.app = target.backendless
        self.check = check
        self.devices: set[str] = set()

    def _send(
        self,
        method: str,
        tail: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        user_token: str | None = None,
        form: str = "path",
        app_id: str | None = None,
        api_key: str | None = None,
        subdomain: str | None = None,
    ) -> Response:
        headers = dict(headers or {})
        if user_token is not None:
            headers["user-token"] = user_token
        if form == "path":
            app_id = self.app.app_id if app_id is None else app_id
            api_key = self.app.api_key if api_key is None else api_key
            path = f"/{segment(app_id)}/{segment(api_key)}{tail}"
            return self.target.send(
                self.check, "backendless", self.app.url, method, path, headers, body
            )
        assert self.app.domain_url is not None, "the target has no Backendless domain URL"
        url, host = self.app.domain_url, self.app.domain_host
        if subdomain is not None:
            url, host = with_first_label(url, host, subdomain)
        return self.target.send(
            self.check, "backendless", url, method, f"/api{tail}", headers, body, host
        )

    def register(
        self,
        body: Any,
        *,
        raw: bytes | None = None,
        content_type: str | None = JSON,
        **options: Any,
    ) -> Response:
        """POST a registration; the device id in ``body`` is cancelled again by ``cleanup``."""
        if isinstance(body, dict) and isinstance(body.get("deviceId"), str):
            self.devices.add(body["deviceId"])
        headers = {"Content-Type": content_type} if content_type else {}
        data = raw if raw is not None else json_bytes(body)
        return self._send("POST", "/messaging/registrations", body=data, headers=headers, **options)

    def retrieve(self, device_id: str, *, encode: bool = True, **options: Any) -> Response:
        """GET a device's registration; ``encode=False`` leaves ``/`` raw, as the JS SDK does."""
        return self._send(
            "GET", f"/messaging/registrations/{self._id(device_id, encode)}", **options
        )

    def cancel(self, device_id: str, *, encode: bool = True, **options: Any) -> Response:
        return self._send(
            "DELETE", f"/messaging/registrations/{self._id(device_id, encode)}", **options
        )

    def info(self, **options: Any) -> Response:
        return self._send("GET", "/info", **options)

    @staticmethod
    def _id(device_id: str, encode: bool) -> str:
        return segment(device_id) if encode else device_id

    def body(self, device_id: str | None = None, **fields: Any) -> dict[str, Any]:
        """A valid registration body for a fresh device; ``fields`` override or (``_MISSING``) drop."""
        body: dict[str, Any] = {
            "deviceId": device_id or new_id("device"),
            "deviceToken": new_id("token"),
            "os": "ANDROID",
            "osVersion": "14",
        }
        for name, value in fields.items():
            if value is _MISSING:
                body.pop(name, None)
            else:
                body[name] = value
        return body

    def cleanup(self) -> None:
        for device_id in sorted(self.devices):
            self.cancel(device_id)  # 5001 when the check already cancelled it: fine


class SendbirdClient:
    """Sendbird Platform API v3 users and push tokens, with the SDK's lower-case ``api-token``."""

    def __init__(self, target: Target, check: str) -> None:
        assert target.sendbird is not None, (
            "the target has no Sendbird app (is the provider built?)"
        )
        self.target = target
        self.app = target.sendbird
        self.check = check
        self.users: set[str] = set()

    def send(
        self,
        method: str,
        path: str,
        *,
        body: Any = _MISSING,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
        api_token: str | None | object = _MISSING,
        app_label: str | None = None,
    ) -> Response:
        """One request; ``api_token=None`` sends no token, ``headers`` add or replace headers."""
        all_headers: dict[str, str] = {}
        token = self.app.api_token if api_token is _MISSING else api_token
        if token is not None:
            all_headers["api-token"] = str(token)
        data = raw
        if body is not _MISSING:
            data = json_bytes(body)
            all_headers["Content-Type"] = JSON
        all_headers.update(headers or {})
        url, host = self.app.url, self.app.host
        if app_label is not None:
            url, host = with_first_label(url, host, app_label)
        return self.target.send(self.check, "sendbird", url, method, path, all_headers, data, host)

    def create_user(self, **fields: Any) -> Response:
        """POST a user (a new id unless ``user_id`` is given); ``MISSING`` drops a field."""
        body: dict[str, Any] = {
            "user_id": new_id("user"),
            "nickname": "Contract",
            "profile_url": "",
        }
        for name, value in fields.items():
            if value is _MISSING:
                body.pop(name, None)
            else:
                body[name] = value
        if isinstance(body.get("user_id"), str):
            self.users.add(body["user_id"])
        return self.send("POST", "/v3/users", body=body)

    def new_user(self, **fields: Any) -> str:
        """A created user's id (the check fails here if creating it fails)."""
        response = self.create_user(**fields)
        assert response.status == 200, response.body
        return response.json()["user_id"]

    def view_user(self, user_id: str, **options: Any) -> Response:
        return self.send("GET", f"/v3/users/{segment(user_id)}", **options)

    def delete_user(self, user_id: str, **options: Any) -> Response:
        return self.send("DELETE", f"/v3/users/{segment(user_id)}", **options)

    def add_token(
        self, user_id: str, token_type: str, token: str, field: str | None = None, **extra: Any
    ) -> Response:
        body = {field or TOKEN_FIELDS.get(token_type, "gcm_reg_token"): token, **extra}
        return self.send(
            "POST", f"/v3/users/{segment(user_id)}/push/{segment(token_type)}", body=body
        )

    def list_tokens(self, user_id: str, token_type: str, **options: Any) -> Response:
        return self.send(
            "GET", f"/v3/users/{segment(user_id)}/push/{segment(token_type)}", **options
        )

    def remove_token(self, user_id: str, token_type: str, token: str, **options: Any) -> Response:
        return self.send(
            "DELETE",
            f"/v3/users/{segment(user_id)}/push/{segment(token_type)}/{segment(token)}",
            **options,
        )

    def remove_all_tokens(self, user_id: str, **options: Any) -> Response:
        return self.send("DELETE", f"/v3/users/{segment(user_id)}/push", **options)

    def owners(self, token_type: str, token: str, **options: Any) -> Response:
        return self.send(
            "GET", f"/v3/push/device_tokens/{segment(token_type)}/{segment(token)}", **options
        )

    def remove_from_owners(self, token_type: str, token: str, **options: Any) -> Response:
        return self.send(
            "DELETE", f"/v3/push/device_tokens/{segment(token_type)}/{segment(token)}", **options
        )

    def cleanup(self) -> None:
        for user_id in sorted(self.users):
            self.delete_user(user_id)  # 400201 when the check already deleted it: fine


TOKEN_FIELDS = {
    "gcm": "gcm_reg_token",
    "huawei": "huawei_device_token",
    "apns": "apns_device_token",
}
TYPE_NAMES = {"gcm": "GCM", "huawei": "HUAWEI", "apns": "APNS"}
MISSING = _MISSING
