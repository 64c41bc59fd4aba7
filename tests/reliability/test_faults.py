"""Faults survived: handler exceptions, dropped and vanished clients, a failing request mid-way."""

from __future__ import annotations

import json
import socket
import threading

import pytest
from hostile_http import request, snapshot

from fakepush import FakePush
from fakepush.backendless.store import BackendlessStore

APP = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY"
REG = f"{APP}/messaging/registrations"
BODY = {"deviceId": "d1", "deviceToken": "t", "os": "IOS", "osVersion": "17"}


@pytest.fixture
def fake(quiet_werkzeug):
    with FakePush() as fake:
        yield fake


def _register(fake, device_id: str = "d1") -> int:
    status, _, _ = request(
        fake, "POST", REG, json.dumps({**BODY, "deviceId": device_id}).encode(),
        {"Content-Type": "application/json"},
    )
    return status


def test_server_keeps_serving_after_a_handler_exception(fake, monkeypatch):
    def boom(self, *args, **kwargs):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(BackendlessStore, "retrieve", boom)
    for _ in range(3):
        status, headers, data = request(fake, "GET", f"{REG}/d1")
        payload = json.loads(data)
        assert status == 500 and headers["content-type"].startswith("application/json")
        assert payload["code"] == 500 and isinstance(payload["request_id"], int)
        assert "internal detail" not in data.decode()
    monkeypatch.undo()
    assert _register(fake) == 200
    assert request(fake, "GET", f"{REG}/d1")[0] == 200
    assert fake.journal.filter(status=500)  # the failure is in the journal


def test_server_keeps_serving_after_a_drop_fault(fake):
    fake.state.faults.add(provider="backendless", path="/info", times=2, drop=True)
    import http.client

    for _ in range(2):
        with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
            request(fake, "GET", f"{APP}/info")
    status, _, data = request(fake, "GET", f"{APP}/info")
    assert (status, json.loads(data)) == (200, {})


def test_many_clients_vanishing_mid_request_while_others_register(fake):
    """Half-sent requests, resets and cut-off bodies in one thread; honest clients in two
    others register 200 devices: every one of them is there at the end."""
    port = int(fake.url.rsplit(":", 1)[1])
    errors: list[BaseException] = []

    def vandal() -> None:
        head = (
            f"POST {REG} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            "Content-Length: 500\r\n\r\n{\"deviceId\": \"vandal"
        ).encode()
        for i in range(60):
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(head[: len(head) * (i % 4 + 1) // 4])
            if i % 2:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
            sock.close()

    def honest(offset: int) -> None:
        try:
            for i in range(100):
                assert _register(fake, f"honest-{offset + i}") == 200
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=vandal)] + [
        threading.Thread(target=honest, args=(n * 100,)) for n in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    devices = {row["deviceId"] for row in fake.backendless.registrations()}
    assert devices == {f"honest-{i}" for i in range(200)}
