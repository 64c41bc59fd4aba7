"""Faults survived: handler exceptions, dropped and vanished clients, a failing request mid-way."""

from __future__ import annotations

import json
import socket
import threading

import pytest
from .hostile_http import request

from fakepush import FakePush
from fakepush.providers.backendless.store import BackendlessStore

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


# -- the state file ------------------------------------------------------------------------

import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from fakepush.statefile import read_state_file, write_state_file  # noqa: E402
from fakepush.state import FakeState  # noqa: E402
from fakepush.providers import ALL


def _export_with(device_ids) -> dict:
    state = FakeState(ALL)
    app = state.backendless.app_by_id()
    for device_id in device_ids:
        state.backendless.register(app, {**BODY, "deviceId": device_id})
    return state.export()


def test_state_file_write_failing_midway_leaves_the_previous_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "state.json"
    previous = _export_with(["before-1", "before-2"])
    write_state_file(str(path), previous)
    previous_bytes = path.read_bytes()

    real_dump = json.dump

    def dump_half_then_die(data, file, **kwargs):
        text = json.dumps(data, **kwargs)
        file.write(text[: len(text) // 2])
        file.flush()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(json, "dump", dump_half_then_die)
    with pytest.raises(OSError):
        write_state_file(str(path), _export_with([f"after-{i}" for i in range(50)]))
    monkeypatch.setattr(json, "dump", real_dump)

    assert path.read_bytes() == previous_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]  # no temp left
    restored = FakeState(ALL)
    restored.load(read_state_file(str(path)))
    assert restored.export() == previous


def _big_export(rows: int) -> dict:
    app = {"app_id": "BIG-APP", "api_key": "BIG-KEY", "channels": ["default"], "users": [],
           "registrations": [
               {"objectId": f"OID-{i}", "deviceId": f"big-{i}", "deviceToken": "t" * 200,
                "os": "IOS", "osVersion": "17", "channel": "default", "expiration": None,
                "ownerId": None, "created": 1, "updated": 1}
               for i in range(rows)
           ]}
    return {"version": 1, "backendless": {"apps": [app]}}


@pytest.mark.slow
def test_cli_killed_while_writing_its_state_file_leaves_the_previous_file_loadable(tmp_path):
    """Start from a big state file, change one device, SIGTERM (the shutdown write of the
    big state begins), SIGKILL while the temp file is being written: the previous state
    file must still be there, whole and loadable."""
    path = tmp_path / "state.json"
    write_state_file(str(path), _big_export(60000))
    previous_bytes = path.read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-m", "fakepush", "serve", "--port", "0", "--state-file", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        url = process.stdout.readline().split("serving on ", 1)[1].split()[0]
        import urllib.request

        cancel = urllib.request.Request(
            f"{url}/BIG-APP/BIG-KEY/messaging/registrations/big-0", method="DELETE"
        )
        assert json.loads(urllib.request.urlopen(cancel, timeout=30).read()) == {"result": True}
        process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 60
        temp = None
        while temp is None and time.monotonic() < deadline and process.poll() is None:
            temp = next((p for p in tmp_path.iterdir() if p.name.endswith(".tmp")), None)
        assert temp is not None, "the write finished before it could be interrupted"
        process.kill()
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    assert path.read_bytes() == previous_bytes
    restored = FakeState(ALL)
    restored.load(read_state_file(str(path)))
    rows = restored.backendless.registrations(restored.backendless.app_by_id("BIG-APP"))
    assert len(rows) == 60000 and rows[0]["deviceId"] == "big-0"  # the cancel was not saved


CORRUPT_STATE_FILES = {
    "truncated": lambda good: good[: len(good) // 2],
    "empty": lambda good: b"",
    "binary": lambda good: bytes(range(256)) * 4,
    "utf16": lambda good: good.decode().encode("utf-16"),
    "not-an-object": lambda good: b"[1, 2, 3]",
    "nested-too-deep": lambda good: b"[" * 100000 + b"]" * 100000,
    "lone-surrogate": lambda good: good.replace(b'"FAKEPUSH-APP-ID"', b'"\\ud800"', 1),
    "infinite-created": lambda good: good.replace(b'"created": 1', b'"created": 1e400', 1),
    "list-as-owner": lambda good: good.replace(b'"ownerId": null', b'"ownerId": [1]', 1),
    "number-as-device-id": lambda good: good.replace(b'"deviceId": "d1"', b'"deviceId": 7', 1),
    "NaN-expiration": lambda good: good.replace(b'"expiration": null', b'"expiration": NaN', 1),
}


@pytest.mark.parametrize("corruption", sorted(CORRUPT_STATE_FILES))
def test_corrupt_state_file_is_refused_at_start_with_a_clear_message(tmp_path, corruption):
    good = tmp_path / "good.json"
    export = _export_with(["d1"])
    for row in export["backendless"]["apps"][0]["registrations"]:
        row["created"] = 1  # a fixed value the corruptions can find
    write_state_file(str(good), export)
    corrupt = CORRUPT_STATE_FILES[corruption](good.read_bytes())
    assert corrupt != good.read_bytes()
    path = tmp_path / "state.json"
    path.write_bytes(corrupt)
    result = subprocess.run(
        [sys.executable, "-m", "fakepush", "serve", "--port", "0", "--state-file", str(path)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "serving on" not in result.stdout
    assert str(path) in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") <= 2  # one clear line, not a dump
    assert path.read_bytes() == corrupt  # refused, not overwritten
