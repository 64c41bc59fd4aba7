"""Assertions shared by every provider's checks: a JSON success with its status."""

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
