"""The Backendless client of the contract checks: registrations in both URL forms, its errors."""

from __future__ import annotations

import re
from typing import Any

from fakepush.contract.clients import JSON, CheckClient, json_bytes, new_id, with_fields
from fakepush.contract.expect import error_json
from fakepush.contract.http import Request, Response, segment
from fakepush.contract.target import with_first_label

UPPER_UUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")


class BackendlessClient(CheckClient):
    """Backendless Messaging registrations, in the path form by default."""

    provider = "backendless"
    missing = "the target has no Backendless URL"

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
            return self.send_to(self.app.url, Request(method, path, headers, body))
        assert self.app.domain_url is not None, "the target has no Backendless domain URL"
        url, host = self.app.domain_url, self.app.domain_host
        if subdomain is not None:
            url, host = with_first_label(url, host, subdomain)
        return self.send_to(url, Request(method, f"/api{tail}", headers, body, host))

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
            self.made.add(body["deviceId"])
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
        """A valid registration body for a fresh device; ``fields`` override or (``MISSING``) drop."""
        body = {
            "deviceId": device_id or new_id("device"),
            "deviceToken": new_id("token"),
            "os": "ANDROID",
            "osVersion": "14",
        }
        return with_fields(body, fields)

    def undo(self, made: str) -> None:
        self.cancel(made)  # 5001 when the check already cancelled the device: fine


def backendless_error(response: Response, code: int) -> dict[str, Any]:
    """``400 {"message": str, "code": int}`` with ``code`` (docs/backendless.md)."""
    return error_json(response, 400, code)


def registration_pairs(body: Any) -> list[tuple[str, str]]:
    """``registrationId`` split into (objectId, channel) pairs, each objectId an upper-case UUID."""
    assert isinstance(body, dict) and isinstance(body.get("registrationId"), str), body
    pairs = []
    for item in body["registrationId"].split(","):
        object_id, sep, channel = item.partition("::")
        assert sep, f"{item!r} is not objectId::channel"
        assert UPPER_UUID.match(object_id), f"{object_id!r} is not an upper-case UUID"
        pairs.append((object_id, channel))
    return pairs
