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


def with_fields(body: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """A valid body with ``fields`` set and those given as ``MISSING`` left out: how a check
    varies one field of a body the provider accepts (a field keeps its place in the body)."""
    return {name: value for name, value in {**body, **fields}.items() if value is not MISSING}


class CheckClient:
    """What every provider's contract client shares: the target, the target's app of that
    provider, the check's name (recorded with each request), and the ids of what the check
    made (``made``), which ``cleanup`` undoes after it."""

    provider = ""  # the provider's name (``Target.apps`` key), set by each client
    missing = ""  # the failure when the target has no app of that provider

    def __init__(self, target: Any, check: str) -> None:
        assert target.apps.get(self.provider) is not None, self.missing
        self.target = target
        self.app = target.apps[self.provider]
        self.check = check
        self.made: set[str] = set()

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

    def undo(self, made: str) -> None:
        """Each provider removes what it made its own way; an answer that it is gone is fine."""
        raise NotImplementedError

    def cleanup(self) -> None:
        """In sorted order, so a record's cleanup requests come in the same order every run."""
        for made in sorted(self.made):
            self.undo(made)
