"""A small HTTP client on the standard library, so the contract suite needs no extra dependency."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

TIMEOUT_SECONDS = 30


def segment(value: str) -> str:
    """Percent-encode one path segment, as the Sendbird SDK does (``quote(v, safe='')``)."""
    return quote(value, safe="")


@dataclass
class Response:
    """What a server answered; ``headers`` have lower-case names."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def is_json(self) -> bool:
        media = self.content_type.split(";", 1)[0].strip().lower()
        return media == "application/json" or media.endswith("+json")

    def json(self) -> Any:
        """The body parsed as JSON; an AssertionError that shows the body if it is not JSON."""
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise AssertionError(
                f"expected a JSON body, got HTTP {self.status} {self.content_type!r}: "
                f"{self.body[:300]!r}"
            ) from None

    def json_or_text(self) -> Any:
        """Parsed JSON where the body is JSON, else the text, else None (for records)."""
        if not self.body:
            return None
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return self.body.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Request:
    """One request as a check builds it: what ``send`` sends and a record keeps, in one value,
    so the client, the target's recording and a replay pass it on without spelling it out.

    ``path`` is sent as given (already percent-encoded). ``host`` overrides the ``Host``
    header, which is how the fake is asked for an app by subdomain
    (``myapp.backendless.app``, ``api-{app_id}.sendbird.com``) on a loopback port.
    """

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    host: str | None = None


def send(base_url: str, request: Request, *, timeout: float = TIMEOUT_SECONDS) -> Response:
    """``base_url``'s path, if any, prefixes the request's: a target may sit below a root."""
    parts = urlsplit(base_url)
    connection_type = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_type(parts.netloc, timeout=timeout)
    prefix = parts.path.rstrip("/")
    try:
        connection.putrequest(
            request.method, prefix + request.path, skip_host=True, skip_accept_encoding=True
        )
        connection.putheader("Host", request.host or parts.netloc)
        connection.putheader("Accept", "application/json")
        for name, value in request.headers.items():
            connection.putheader(name, value)
        if request.body is not None:
            connection.putheader("Content-Length", str(len(request.body)))
        connection.endheaders(request.body)
        answer = connection.getresponse()
        payload = answer.read()
        return Response(
            status=answer.status,
            headers={name.lower(): value for name, value in answer.getheaders()},
            body=payload,
        )
    finally:
        connection.close()
