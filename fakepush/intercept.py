"""Interception: requests to the providers' real hostnames answered by the fake, in process.

Code under test that hard-codes ``https://api.backendless.com/...`` or
``https://api-<app>.sendbird.com/v3/...`` runs against the fake with no URL change, as
moto's in-process mode does for AWS. Built on the interception library each client
already has: ``responses`` (https://github.com/getsentry/responses) patches
``requests``' transport adapter, ``respx`` (https://github.com/lundberg/respx) patches
``httpx``' transports. Both come with the optional extra ``fakepush[intercept]``; this
module imports each only if it is installed, so a project with only one client works.

A request to one of the hostnames goes to the fake's WSGI app through a werkzeug test
client with the original scheme and ``Host`` (the fake picks the Sendbird app from
``api-{app_id}.sendbird.com`` and the Backendless app from ``{subdomain}.backendless.app``
by that header); every other request passes through to the network untouched, or with
``only=True`` is refused (``requests.ConnectionError`` from responses,
``respx.models.AllMockedAssertionError`` from respx).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any
from urllib.parse import urlsplit

from werkzeug.test import Client

from fakepush.providers import ALL
from fakepush.providers.base import Provider


def host_regex(host: str) -> str:
    """A hostname pattern as a regex: a leading ``*.`` is any subdomain (dots included), a
    ``*`` inside a label is one or more characters of that label."""
    if host.startswith("*."):
        return r"[^/:?#]+" + re.escape(host[1:])
    return r"[^/:?#.]+".join(re.escape(part) for part in host.split("*"))


def url_pattern(providers: Sequence[Provider]) -> re.Pattern[str]:
    """URLs on the providers' public API hosts (``Provider.intercept_hosts``), any port."""
    hosts = [host for provider in providers for host in provider.intercept_hosts]
    return re.compile(
        rf"^https?://(?:{'|'.join(map(host_regex, hosts))})(?::\d+)?(?:[/?#]|$)", re.IGNORECASE
    )


HOSTS = tuple(host for provider in ALL for host in provider.intercept_hosts)
URL_PATTERN = url_pattern(ALL)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
# Headers the fake's answer carries that the interception libraries set themselves.
_HOP_BY_HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length"})


def is_intercepted(url: str) -> bool:
    """Whether a request to ``url`` is answered by the fake."""
    return URL_PATTERN.match(url) is not None


class WSGIForwarder:
    """Answers one intercepted request from the fake's WSGI app: (status, headers, body)."""

    def __init__(self, app: Any) -> None:
        self._client = Client(app, use_cookies=False)

    def __call__(
        self, method: str, url: str, headers: list[tuple[str, str]], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        parts = urlsplit(url)
        base_url = f"{parts.scheme}://{parts.netloc}"
        response = self._client.open(
            parts.path or "/",
            base_url=base_url,
            method=method,
            query_string=parts.query,
            headers=[(k, v) for k, v in headers if k.lower() not in ("host", "content-length")],
            data=body,
        )
        try:
            data = response.get_data()
            answer = [(k, v) for k, v in response.headers if k.lower() not in _HOP_BY_HOP]
            return response.status_code, answer, data
        finally:
            response.close()


def available() -> dict[str, bool]:
    """Which clients can be intercepted here: ``{"requests": ..., "httpx": ...}``."""
    return {
        "requests": _installed("responses") and _installed("requests"),
        "httpx": _installed("respx") and _installed("httpx"),
    }


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


@contextmanager
def intercept(
    app: Any, *, only: bool = False, providers: Sequence[Provider] = ALL
) -> Iterator[None]:
    """Route ``requests`` and ``httpx`` calls to the providers' hostnames to ``app``.

    ``only=True`` refuses every other request instead of letting it through. Raises
    ImportError naming the extra when neither library pair is installed.
    """
    found = available()
    if not any(found.values()):
        raise ImportError(
            "fakepush interception needs responses (for requests) or respx (for httpx): "
            "pip install 'fakepush[intercept]'"
        )
    forward = WSGIForwarder(app)
    pattern = url_pattern(providers)
    with ExitStack() as stack:
        if found["requests"]:
            stack.enter_context(_intercept_requests(forward, pattern, only))
        if found["httpx"]:
            stack.enter_context(_intercept_httpx(forward, pattern, only))
        yield


@contextmanager
def _intercept_requests(
    forward: WSGIForwarder, pattern: re.Pattern[str], only: bool
) -> Iterator[None]:
    # Imported here: responses (and requests) are the optional extra "intercept".
    import responses

    def callback(request: Any) -> tuple[int, list[tuple[str, str]], bytes]:
        body = request.body
        if body is None:
            body = b""
        elif isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, bytes):  # a file or generator body
            body = b"".join(chunk if isinstance(chunk, bytes) else chunk.encode() for chunk in body)
        status, headers, data = forward(
            request.method, request.url, list(request.headers.items()), body
        )
        return status, headers, data

    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    for method in METHODS:
        mock.add_callback(method, pattern, callback=callback)
    if not only:
        mock.add_passthru(re.compile(r".*"))
    with mock:
        yield


@contextmanager
def _intercept_httpx(
    forward: WSGIForwarder, pattern: re.Pattern[str], only: bool
) -> Iterator[None]:
    # Imported here: respx (and httpx) are the optional extra "intercept".
    import httpx
    import respx

    def side_effect(request: httpx.Request) -> httpx.Response:
        body = request.read()
        status, headers, data = forward(
            request.method, str(request.url), list(request.headers.multi_items()), body
        )
        return httpx.Response(status, headers=headers, content=data)

    router = respx.mock(assert_all_called=False, assert_all_mocked=only)
    router.route(url__regex=pattern.pattern).mock(side_effect=side_effect)
    if not only:
        router.route().pass_through()
    with router:
        yield
