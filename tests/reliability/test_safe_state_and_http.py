"""Loading state applies the API's own rules and replaces the apps; the server speaks HTTP right."""

from __future__ import annotations

import copy
import json
import socket
import subprocess
import sys
import textwrap

import pytest
from tests.reliability.hostile_http import host_port, parse_response, raw
from tests.reliability.serve_process import REGISTRATIONS, device

from fakepush import FakePush

EXTRA_APP = {"app_id": "EXTRA", "api_key": "EXTRA-KEY", "subdomain": "extra"}


@pytest.fixture
def fake():
    return FakePush()


def exported_with(fake, change) -> dict:
    fake.client().post(REGISTRATIONS, json=device("d1"))
    fake.client().post("/v3/users", json={"user_id": "u1", "nickname": "n", "profile_url": ""},
                       headers={"Api-Token": fake.sendbird.api_token})
    export = copy.deepcopy(fake.export())
    change(export)
    return export


def put_state(fake, export):
    return fake.client().put("/_fakepush/state", json=export)


@pytest.mark.parametrize("channel", ["a/b", "", "x" * 501, "bad\u0007name"],
                         ids=["slash", "empty", "501-chars", "control-char"])
def test_loading_a_channel_name_the_api_refuses_is_a_400(fake, channel):
    def change(export):
        app = export["backendless"]["apps"][0]
        app["channels"].append(channel)
        app["registrations"][0]["channel"] = channel

    export = exported_with(fake, change)
    before = fake.export()
    response = put_state(fake, export)
    assert response.status_code == 400 and fake.export() == before


def test_loading_more_than_20_tokens_of_one_type_is_refused_not_cut(fake):
    def change(export):
        user = export["sendbird"]["apps"][0]["users"][0]
        user["tokens"]["gcm"] = [f"token-{i}" for i in range(21)]

    export = exported_with(fake, change)
    before = fake.export()
    response = put_state(fake, export)
    assert response.status_code == 400 and "20" in response.get_json()["message"]
    assert fake.export() == before


def test_loading_an_older_export_removes_apps_added_since(fake):
    older = fake.export()
    assert fake.client().put("/_fakepush/config",
                             json={"backendless_apps": [EXTRA_APP]}).status_code == 200
    assert put_state(fake, older).status_code == 200
    assert fake.export() == older
    ids = [app["app_id"] for app in fake.client().get("/_fakepush/config").get_json()[
        "backendless_apps"]]
    assert ids == ["FAKEPUSH-APP-ID"]


def test_loading_an_export_without_the_default_apps_keeps_them(fake):
    response = put_state(fake, {"version": 1, "backendless": {"apps": [
        {**EXTRA_APP, "channels": [], "registrations": [], "users": []}]}})
    assert response.status_code == 200
    ids = [app["app_id"] for app in fake.export()["backendless"]["apps"]]
    assert sorted(ids) == ["EXTRA", "FAKEPUSH-APP-ID"]
    assert [app["app_id"] for app in fake.export()["sendbird"]["apps"]] == ["FAKEPUSH"]


def test_loading_forty_thousand_apps_is_linear_not_quadratic():
    """In a subprocess with a generous timeout: a quadratic load needs minutes for this.

    ``FakePush.load`` is what ``PUT state`` runs (whose 1 MiB body limit holds ~8,000)."""
    script = textwrap.dedent("""
        from fakepush import FakePush
        fake = FakePush()
        apps = [{"app_id": f"A{i}", "api_key": f"K{i}", "subdomain": f"s{i}", "channels": [],
                 "registrations": [], "users": []} for i in range(40000)]
        sb = [{"app_id": f"S{i}", "api_token": f"T{i}", "users": []} for i in range(40000)]
        fake.load({"version": 1, "backendless": {"apps": apps}, "sendbird": {"apps": sb}})
        print(len(fake.export()["backendless"]["apps"]))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == "40001", done.stderr[-2000:]


# -- HTTP on the wire -----------------------------------------------------------------------


@pytest.fixture
def live():
    fp = FakePush()
    fp.start()
    yield fp
    fp.stop()


def registration_request(version: str, extra: str = "", body: bytes | None = None) -> bytes:
    body = json.dumps(device("wire")).encode() if body is None else body
    return (f"POST {REGISTRATIONS} {version}\r\nHost: localhost\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
            ).encode() + body


def test_100_continue_is_sent_once_to_an_http_11_client_that_asked(live):
    answer = raw(live, registration_request("HTTP/1.1", "Expect: 100-continue\r\n"
                                                        "Connection: close\r\n"))
    assert answer.count(b"100 Continue") == 1
    assert parse_response(answer.split(b"\r\n\r\n", 1)[1])[0] == 200


def test_100_continue_is_never_sent_to_http_10(live):
    answer = raw(live, registration_request("HTTP/1.0", "Expect: 100-continue\r\n"))
    assert b"100 Continue" not in answer and parse_response(answer)[0] == 200


def test_http_10_without_keep_alive_is_answered_and_closed(live):
    """The client does not hang up first: the server must close."""
    sock = socket.create_connection(host_port(live.url), timeout=10)
    try:
        sock.sendall(registration_request("HTTP/1.0"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    finally:
        sock.close()
    assert parse_response(data)[0] == 200


def test_http_10_with_keep_alive_is_told_the_connection_stays(live):
    sock = socket.create_connection(host_port(live.url), timeout=10)
    try:
        for _ in range(2):
            sock.sendall(b"GET /_fakepush/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            data = b""
            while b'"ok"' not in data:
                data += sock.recv(65536)
            status, headers, _ = parse_response(data)
            assert status == 200 and headers["connection"].lower() == "keep-alive"
    finally:
        sock.close()


@pytest.mark.parametrize("line", [b"GET /\r\n", b"GET /_fakepush/health\r\n",
                                  b"NONSENSE\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n"])
def test_http_09_and_unparseable_request_lines_get_a_json_400_and_a_close(live, line):
    sock = socket.create_connection(host_port(live.url), timeout=10)
    try:
        sock.sendall(line)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    finally:
        sock.close()
    status, headers, body = parse_response(data)
    assert status in (400, 505) and headers["content-type"] == "application/json"
    assert isinstance(body["message"], str)


def test_chunk_extensions_and_trailers_are_accepted(live):
    body = json.dumps(device("chunked")).encode()
    head, tail = body[:10], body[10:]
    request = (f"POST {REGISTRATIONS} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
               "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
    request += b"%x;name=value\r\n%s\r\n%x ; x=\"q\"\r\n%s\r\n" % (len(head), head, len(tail), tail)
    request += b"0\r\nX-Checksum: abc\r\n\r\n"
    status, _, answer = parse_response(raw(live, request))
    assert status == 200, answer
    assert [r["deviceId"] for r in live.backendless.registrations()] == ["chunked"]
