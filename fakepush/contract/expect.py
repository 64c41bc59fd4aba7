"""Assertions shared by the checks: each provider's error shape, JSON everywhere."""

from __future__ import annotations

import re
from typing import Any

from fakepush.contract.http import Response

UPPER_UUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")


def ok_json(response: Response, status: int = 200) -> Any:
    """The JSON body of a success, after checking the status and the JSON content type."""
    assert response.status == status, (
        f"expected HTTP {status}, got {response.status}: {response.body[:300]!r}"
    )
    assert response.is_json, f"expected a JSON content type, got {response.content_type!r}"
    return response.json()


def backendless_error(response: Response, code: int) -> dict[str, Any]:
    """``400 {"message": str, "code": int}`` with ``code`` (docs/backendless.md)."""
    assert response.status == 400, (
        f"expected HTTP 400 with code {code}, got {response.status}: {response.body[:300]!r}"
    )
    assert response.is_json, f"expected a JSON content type, got {response.content_type!r}"
    body = response.json()
    assert isinstance(body, dict), body
    assert body.get("code") == code, f"expected code {code}, got {body!r}"
    assert isinstance(body.get("message"), str) and body["message"], body
    return body


def sendbird_error(response: Response, code: int, status: int = 400) -> dict[str, Any]:
    """``{"message": str, "code": int, "error": true}`` with ``code`` (docs/sendbird.md)."""
    assert response.status == status, (
        f"expected HTTP {status} with code {code}, got {response.status}: {response.body[:300]!r}"
    )
    assert response.is_json, f"expected a JSON content type, got {response.content_type!r}"
    body = response.json()
    assert isinstance(body, dict), body
    assert body.get("code") == code, f"expected code {code}, got {body!r}"
    assert body.get("error") is True, f'expected "error": true, got {body!r}'
    assert isinstance(body.get("message"), str) and body["message"], body
    return body


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
