"""The live server keeps connections alive and still keeps every promise of the fault rules."""

from __future__ import annotations

import http.client
import json
import socket
import threading

import pytest

from fakepush import FakePush
from fakepush.web.serving import make_server

BASE = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/registrations"
BODY = {"deviceId": "d1", "deviceToken": "tok", "os": "ANDROID", "osVersion": "14"}


@pytest.fixture
def fake():
    with FakePush() as fp:
        yield fp


def connect(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=10)


def register(conn: http.client.HTTPConnection, device_id: str = "d1") -> http.client.HTTPResponse:
    conn.request("POST", BASE, json.dumps({**BODY, "deviceId": device_id}),
                 {"Content-Type": "application/json"})
    return conn.getresponse()


def test_requests_share_one_connection(fake):
    conn = connect(fake._server.port)
    first = register(conn)
    assert first.status == 200 and first.getheader("Connection") is None
    first.read()
    sock = conn.sock
    conn.request("GET", f"{BASE}/d1")
    second = conn.getresponse()
    assert second.status == 200 and json.loads(second.read())["deviceId"] == "d1"
    assert conn.sock is sock  # http.client reconnects (a new socket) after a close


def test_body_the_app_did_not_read_is_drained_before_the_next_request():
    def app(environ, start_response):  # never reads wsgi.input
        body = environ["PATH_INFO"].encode()
        start_response("200 OK", [("Content-Type", "text/plain"),
                                  ("Content-Length", str(len(body)))])
        return [body]

    server = make_server("127.0.0.1", 0, app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        conn = connect(server.server_port)
        conn.request("POST", "/first", b"x" * 100_000)
        assert conn.getresponse().read() == b"/first"
        conn.request("GET", "/second")
        response = conn.getresponse()
        assert response.status == 200 and response.read() == b"/second"
    finally:
        server.shutdown()
        server.server_close()


def test_response_without_length_is_chunked_and_keeps_the_connection():
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return iter([b"one,", b"two"])

    server = make_server("127.0.0.1", 0, app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        conn = connect(server.server_port)
        for _ in range(2):
            conn.request("GET", "/")
            response = conn.getresponse()
            assert response.getheader("Transfer-Encoding") == "chunked"
            assert response.read() == b"one,two"
    finally:
        server.shutdown()
        server.server_close()


def test_http_1_0_client_gets_connection_close(fake):
    with socket.create_connection(("127.0.0.1", fake._server.port), timeout=10) as sock:
        sock.sendall(f"GET {BASE}/nobody HTTP/1.0\r\nHost: x\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):  # the server closes: recv ends
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode().lower()
    assert "connection: close" in head and " 400 " in head.split("\r\n")[0] + " "


def test_fault_path_matches_the_raw_path_on_a_kept_alive_connection(fake):
    fake.state.faults.add(path=r"device%2F1$", status=503, times=None)
    conn = connect(fake._server.port)
    conn.request("GET", f"{BASE}/device%2F1")
    hit = conn.getresponse()
    assert hit.status == 503
    hit.read()
    conn.request("GET", f"{BASE}/device/1")  # the same id, decoded: no match
    assert conn.getresponse().status == 400


def test_dropped_connection_fault_closes_without_an_answer(fake):
    fake.state.faults.add(path="registrations$", drop=True)
    conn = connect(fake._server.port)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        register(conn)
    conn.close()
    again = connect(fake._server.port)
    assert register(again).status == 200


def test_delayed_request_does_not_stall_another_client(fake):
    fake.state.faults.add(path="slow", delay_ms=3000)
    slow_done = threading.Event()

    def slow() -> None:
        conn = connect(fake._server.port)
        conn.request("GET", f"{BASE}/slow")
        conn.getresponse().read()
        slow_done.set()

    thread = threading.Thread(target=slow, daemon=True)
    thread.start()
    while len(fake.state.faults):  # the slow request has taken its rule: it is waiting
        threading.Event().wait(0.01)
    conn = connect(fake._server.port)
    assert register(conn).status == 200
    assert not slow_done.is_set()  # the fast answer came while the slow one still waits
    thread.join(10)
    assert slow_done.is_set()


def test_stop_hangs_up_idle_kept_alive_connections():
    fake = FakePush().start()
    port = fake._server.port
    conn = connect(port)
    response = register(conn)
    response.read()
    fake.stop()
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        conn.request("GET", f"{BASE}/d1")
        conn.getresponse()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5)


def test_idle_kept_alive_connection_is_closed_after_the_idle_timeout(monkeypatch):
    # An idle client must not hold a server thread forever (found by issue 7's review).
    from fakepush.web import serving

    default = serving.KeepAliveRequestHandler.timeout
    assert default is not None and 0 < default <= 600
    monkeypatch.setattr(serving.KeepAliveRequestHandler, "timeout", 0.3)
    with FakePush() as fake:
        sock = socket.create_connection(("127.0.0.1", fake._server.port), timeout=5)
        sock.sendall(b"GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = b""
        while b"\r\n\r\n{}" not in answer:
            answer += sock.recv(4096)
        assert answer.startswith(b"HTTP/1.1 200")
        # Past the idle timeout the server hangs up: recv sees the end of the stream
        # (without the timeout it would block until this socket's own 5 s timeout).
        assert sock.recv(4096) == b""
        sock.close()
