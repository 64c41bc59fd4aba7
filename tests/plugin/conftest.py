"""Helpers for the plugin's own tests: one HTTP call through urllib, as a user's test would make."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest


def call(url: str, method: str = "GET", body: Any = None, headers: dict | None = None):
    """(status, parsed JSON body) of one request; HTTP errors are answers, not exceptions."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@pytest.fixture(name="call")
def call_fixture():
    return call


@pytest.fixture(autouse=True)
def clean_environment(clean_fakepush_environment):
    """Every plugin test runs its inner sessions without the outer run's overrides."""
