"""Interception: hard-coded provider URLs reach the fake in process; other URLs pass or are refused."""

from __future__ import annotations

import asyncio
import http.server
import threading
from collections.abc import Iterator

import httpx
import pytest
import requests
import respx

from fakepush import FakePush
from fakepush.intercept import intercept, is_intercepted

DEVICE = {"deviceId": "phone-1", "deviceToken": "tok-1", "os": "IOS", "osVersion": "17"}


@pytest.fixture
def fake() -> FakePush:
    return FakePush()


@pytest.fixture
def other_server() -> Iterator[str]:
    """A plain loopback server standing for 'anything else' (the network)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            body = b"not the fake"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://api.backendless.com/A/K/messaging/registrations", True),
        ("https://eu-api.backendless.com/A/K/messaging/registrations", True),
        ("https://myapp.backendless.app/api/messaging/registrations", True),
        ("https://api-ABC123.sendbird.com/v3/users", True),
        ("https://API.BACKENDLESS.COM/x", True),
        ("https://api.backendless.com.evil.example/x", False),
        ("https://sendbird.com/v3/users", False),
        ("https://api-x.sendbird.com.evil.example/v3/users", False),
        ("https://example.com/api.backendless.com/", False),
        ("https://backendless.app/api", False),
    ],
)
def test_only_the_providers_hostnames_are_intercepted(url: str, expected: bool) -> None:
    assert is_intercepted(url) is expected


def test_requests_to_the_backendless_host_reach_the_fake_without_a_server(fake: FakePush) -> None:
    app_id, key = fake.backendless.app_id, fake.backendless.api_key
    with fake.intercept():
        answer = requests.post(
            f"https://api.backendless.com/{app_id}/{key}/messaging/registrations",
            json=DEVICE,
            timeout=5,
        )
    assert answer.status_code == 200
    assert answer.json()["registrationId"]
    assert fake.backendless.device("phone-1") is not None
    assert not fake.running


def test_httpx_to_the_sendbird_host_picks_the_app_of_the_hostname(fake: FakePush) -> None:
    app_id = fake.sendbird.app_id
    token = fake.sendbird.api_token
    with fake.intercept():
        with httpx.Client() as client:
            created = client.post(
                f"https://api-{app_id}.sendbird.com/v3/users",
                headers={"Api-Token": token},
                json={"user_id": "alice", "nickname": "Alice", "profile_url": ""},
            )
            viewed = client.get(
                f"https://api-{app_id}.sendbird.com/v3/users/alice?include_unread_count=false",
                headers={"Api-Token": token},
            )
    assert created.status_code == 200, created.text
    assert viewed.json()["nickname"] == "Alice"
    assert [u["user_id"] for u in fake.sendbird.users()] == ["alice"]


async def _async_get(url: str) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.get(url)


def test_httpx_async_client_is_intercepted_too(fake: FakePush) -> None:
    app_id, key = fake.backendless.app_id, fake.backendless.api_key
    with fake.intercept():
        answer = asyncio.run(
            _async_get(f"https://eu-api.backendless.com/{app_id}/{key}/messaging/registrations/x")
        )
    assert answer.status_code == 400
    assert answer.json()["code"] == 5000


def test_other_urls_pass_through_untouched(fake: FakePush, other_server: str) -> None:
    with fake.intercept():
        assert requests.get(other_server, timeout=5).text == "not the fake"
        assert httpx.get(other_server).text == "not the fake"
    assert fake.journal.filter() == []


def test_only_refuses_every_other_url(fake: FakePush, other_server: str) -> None:
    with fake.intercept(only=True):
        with pytest.raises(requests.ConnectionError):
            requests.get(other_server, timeout=5)
        with pytest.raises(respx.models.AllMockedAssertionError):
            httpx.get(other_server)


def test_interception_ends_with_the_block(fake: FakePush, other_server: str) -> None:
    with fake.intercept(only=True):
        pass
    assert requests.get(other_server, timeout=5).status_code == 200
    assert httpx.get(other_server).status_code == 200


def test_the_backendless_app_domain_selects_the_app_by_subdomain() -> None:
    fake = FakePush(backendless_apps=[{"app_id": "MINE", "api_key": "KEY", "subdomain": "myapp"}])
    with intercept(fake.app):
        answer = requests.post(
            "https://myapp.backendless.app/api/messaging/registrations", json=DEVICE, timeout=5
        )
    assert answer.status_code == 200, answer.text
    assert [r["deviceId"] for r in fake.backendless.registrations(app_id="MINE")] == ["phone-1"]
