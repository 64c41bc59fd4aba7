"""The Sendbird client of the contract checks: users and push tokens, its errors."""

from __future__ import annotations

from typing import Any

from fakepush.contract.clients import JSON, MISSING, CheckClient, json_bytes, new_id, with_fields
from fakepush.contract.expect import error_json
from fakepush.contract.http import Request, Response, segment
from fakepush.contract.target import with_first_label


class SendbirdClient(CheckClient):
    """Sendbird Platform API v3 users and push tokens, with the SDK's lower-case ``api-token``."""

    provider = "sendbird"
    missing = "the target has no Sendbird app (is fakepush's Sendbird provider built?)"

    def send(
        self,
        method: str,
        path: str,
        *,
        body: Any = MISSING,
        headers: dict[str, str] | None = None,
        api_token: str | None | object = MISSING,
        app_label: str | None = None,
    ) -> Response:
        """One request; a ``body`` of bytes goes as it is with no Content-Type, so a check can
        send one no SDK would (empty, broken, untyped JSON), any other as JSON.
        ``api_token=None`` sends no token, ``headers`` add or replace headers."""
        all_headers: dict[str, str] = {}
        token = self.app.api_token if api_token is MISSING else api_token
        if token is not None:
            all_headers["api-token"] = str(token)
        data = None
        if isinstance(body, bytes):
            data = body
        elif body is not MISSING:
            data = json_bytes(body)
            all_headers["Content-Type"] = JSON
        all_headers.update(headers or {})
        url, host = self.app.url, self.app.host
        if app_label is not None:
            url, host = with_first_label(url, host, app_label)
        return self.send_to(url, Request(method, path, all_headers, data, host))

    def create_user(self, **fields: Any) -> Response:
        """POST a user (a new id unless ``user_id`` is given); ``MISSING`` drops a field."""
        body = with_fields(
            {"user_id": new_id("user"), "nickname": "Contract", "profile_url": ""}, fields
        )
        if isinstance(body.get("user_id"), str):
            self.made.add(body["user_id"])
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

    def undo(self, made: str) -> None:
        self.delete_user(made)  # 400201 when the check already deleted the user: fine


def sendbird_error(response: Response, code: int, status: int = 400) -> dict[str, Any]:
    """``{"message": str, "code": int, "error": true}`` with ``code`` (docs/sendbird.md)."""
    body = error_json(response, status, code)
    assert body.get("error") is True, f'expected "error": true, got {body!r}'
    return body


TOKEN_FIELDS = {
    "gcm": "gcm_reg_token",
    "huawei": "huawei_device_token",
    "apns": "apns_device_token",
}
TYPE_NAMES = {"gcm": "GCM", "huawei": "HUAWEI", "apns": "APNS"}
