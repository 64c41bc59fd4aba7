"""Assertions shared by every provider's checks: a JSON success, an error with its code."""

from __future__ import annotations

from typing import Any

from fakepush.contract.http import Response


def ok_json(response: Response, status: int = 200) -> Any:
    """The JSON body of a success, after checking the status and the JSON content type."""
    assert response.status == status, (
        f"expected HTTP {status}, got {response.status}: {response.body[:300]!r}"
    )
    assert response.is_json, f"expected a JSON content type, got {response.content_type!r}"
    return response.json()


def error_json(response: Response, status: int, code: int) -> dict[str, Any]:
    """An error's JSON object with ``status``, ``code`` and a non-empty ``message``."""
    assert response.status == status, (
        f"expected HTTP {status} with code {code}, got {response.status}: {response.body[:300]!r}"
    )
    assert response.is_json, f"expected a JSON content type, got {response.content_type!r}"
    body = response.json()
    assert isinstance(body, dict), body
    assert body.get("code") == code, f"expected code {code}, got {body!r}"
    assert isinstance(body.get("message"), str) and body["message"], body
    return body
