"""What every provider's contract client shares: fresh ids, JSON bodies, a marker for a dropped field.

Each provider's client (``fakepush/providers/<name>/contract/client.py``) builds the
requests its SDKs build and cleans up after a check.

Every id a check creates comes from ``new_id`` (a uuid), so checks never collide with each
other or with data already in a real account, and ``cleanup`` removes what they made.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

JSON = "application/json"
MISSING = object()  # given as a field's value: the field is left out of the body


def new_id(prefix: str) -> str:
    return f"fakepush-contract-{prefix}-{uuid.uuid4().hex}"


def json_bytes(value: Any) -> bytes:
    return json.dumps(value).encode("utf-8")

