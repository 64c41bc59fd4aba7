"""Recording what the checks sent and got, with every secret replaced by a placeholder.

Secrets are the api key, the api token and every user-token (issued or made up); they are
replaced wherever they appear: in paths (raw or percent-encoded), headers and bodies. A
replay (``compare.py``) puts fresh values in their place.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
from typing import Any
from urllib.parse import quote

from fakepush.contract.http import Request, Response

RECORD_VERSION = 1
SECRET_HEADERS = {"api-token": "unknown_api_token", "user-token": "unknown_user_token"}
# Keys of response bodies whose non-empty string values are credentials (Sendbird users).
SECRET_KEYS = frozenset({"access_token", "session_token", "user-token", "api_token"})


def placeholder(kind: str, number: int) -> str:
    return f"<redacted:{kind}:{number}>"


class Recorder:
    """Exchanges in the order they happened; redacted when written."""

    def __init__(self, header: dict[str, Any]) -> None:
        self.header = header
        self.exchanges: list[dict[str, Any]] = []
        self.secrets: dict[str, dict[str, Any]] = {}

    def secret(self, value: str, kind: str, **extra: Any) -> str:
        """Remember a secret value; returns its placeholder (the first kind given wins)."""
        if value not in self.secrets:
            self.secrets[value] = {
                "placeholder": placeholder(kind, len(self.secrets) + 1),
                "kind": kind,
                **extra,
            }
        return self.secrets[value]["placeholder"]

    def add(
        self, *, check: str, provider: str, at: int, request: Request, host: str, response: Response
    ) -> None:
        """``host`` is the one the request reached (its own or the target URL's), as replayed."""
        for name, value in request.headers.items():
            kind = SECRET_HEADERS.get(name.lower())
            if kind is not None and value:
                self.secret(value, kind)
        self.exchanges.append(
            {
                "check": check,
                "provider": provider,
                "at": at,
                "request": {
                    "method": request.method,
                    "path": request.path,
                    "host": host,
                    "headers": dict(request.headers),
                    **_body_fields(request.body),
                },
                "response": {
                    "status": response.status,
                    "content_type": response.content_type,
                    "body": response.json_or_text(),
                },
            }
        )

    def redacted(self) -> dict[str, Any]:
        """The whole record, secrets replaced; what ``write`` puts in the file."""
        pairs = sorted(
            ((value, info["placeholder"]) for value, info in self.secrets.items()),
            key=lambda pair: -len(pair[0]),
        )
        secrets = [{k: v for k, v in info.items()} for info in self.secrets.values()]
        record = {
            "version": RECORD_VERSION,
            "target": self.header,
            "secrets": secrets,
            "exchanges": self.exchanges,
        }
        return _redact(record, pairs)

    def write(self, path: str) -> None:
        """Write atomically, so a crashed run never leaves half a record."""
        data = json.dumps(self.redacted(), indent=1, ensure_ascii=False)
        folder = os.path.dirname(os.path.abspath(path))
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".fakepush-record-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(data)
        os.replace(temporary, path)


def _body_fields(body: bytes | None) -> dict[str, Any]:
    """A request body as text when it is UTF-8, else base64, so any body replays byte for byte."""
    if body is None:
        return {"body": None}
    try:
        return {"body": body.decode("utf-8")}
    except UnicodeDecodeError:
        return {"body": None, "body_base64": base64.b64encode(body).decode("ascii")}


def _redact(value: Any, pairs: list[tuple[str, str]], key: str | None = None) -> Any:
    if isinstance(value, str):
        for secret, mark in pairs:
            if secret:
                value = value.replace(quote(secret, safe=""), mark).replace(secret, mark)
        if key in SECRET_KEYS and value and not value.startswith("<redacted:"):
            return "<redacted>"  # a credential the checks never saw (a Sendbird access token)
        return value
    if isinstance(value, list):
        return [_redact(item, pairs) for item in value]
    if isinstance(value, dict):
        return {k: _redact(v, pairs, k) for k, v in value.items()}
    return value
