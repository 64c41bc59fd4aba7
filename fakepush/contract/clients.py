"""What every provider's contract client shares: fresh ids, JSON bodies, a marker for a dropped field.

Each provider's client (``fakepush/providers/<name>/contract/client.py``) builds the
requests its SDKs build and cleans up after a check.

Every id a check creates comes from ``new_id`` (a uuid), so checks never collide with each
other or with data already in a real account, and ``cleanup`` removes what they made.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from fakepush.contract.http import Request, Response

JSON = "application/json"
MISSING = object()  # given as a field's value: the field is left out of the body


def new_id(prefix: str) -> str:
    return f"fakepush-contract-{prefix}-{uuid.uuid4().hex}"


def json_bytes(value: Any) -> bytes:
    return json.dumps(value).encode("utf-8")


class CheckClient:
    """What every provider's contract client shares: the target, the target's app of that
    provider, and the check's name (recorded with each request); ``cleanup`` undoes what
    the check made, after it."""

    provider = ""  # the provider's name (``Target.apps`` key), set by each client
    missing = ""  # the failure when the target has no app of that provider

    def __init__(self, target: Any, check: str) -> None:
        assert target.apps.get(self.provider) is not None, self.missing
        self.target = target
        self.app = target.apps[self.provider]
        self.check = check

    @classmethod
    def for_check(cls, target: Any, request: Any) -> Iterator[Any]:
        """The body of a check's client fixture: a client named after the check, cleaned up after."""
        if target.apps.get(cls.provider) is None:
            pytest.fail(cls.missing)
        client = cls(target, request.node.nodeid)
        yield client
        client.cleanup()

    def send_to(self, url: str, request: Request) -> Response:
        """Through the target, so a record names the check and the provider of each request."""
        return self.target.send(self.check, self.provider, url, request)

    def cleanup(self) -> None:
        raise NotImplementedError
