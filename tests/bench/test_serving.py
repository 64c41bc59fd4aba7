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


def info_answered(port: int) -> socket.socket:
    """A raw connection that has had one answer (GET /api/info, 200) and stays open."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(b"GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    answer = b""
    while b"\r\n\r\n{}" not in answer:
        answer += sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 200")
    return sock


def test_idle_kept_alive_connection_is_closed_after_the_idle_timeout(monkeypatch):
    # An idle client must not hold a connection forever.
    from fakepush.web import serving

    default = serving.KeepAliveRequestHandler.timeout
    assert default is not None and 0 < default <= 600
    monkeypatch.setattr(serving.KeepAliveRequestHandler, "timeout", 0.3)
    with FakePush() as fake:
        sock = info_answered(fake._server.port)
        # Past the idle timeout the server hangs up: recv sees the end of the stream
        # (without the timeout it would block until this socket's own 5 s timeout).
        assert sock.recv(4096) == b""
        sock.close()


def test_idle_connection_is_parked_without_a_thread_and_served_when_it_speaks(monkeypatch):
    from fakepush.web import idle

    monkeypatch.setattr(idle, "HOT_WAIT_SECONDS", 0.1)
    monkeypatch.setattr("fakepush.web.serving.HOT_WAIT_SECONDS", 0.1)
    with FakePush() as fake:
        conn = connect(fake._server.port)
        register(conn).read()

        def serving_threads() -> int:  # all but the one selector thread of idle connections
            return sum(t.name != "fakepush-idle" for t in threading.enumerate())

        before = serving_threads()
        for _ in range(50):  # the connection's thread ends
            if serving_threads() < before:
                break
            threading.Event().wait(0.05)
        assert serving_threads() == before - 1
        conn.request("GET", f"{BASE}/d1")  # the same socket, now parked
        response = conn.getresponse()
        assert response.status == 200 and json.loads(response.read())["deviceId"] == "d1"


def test_parked_connection_is_closed_after_the_idle_timeout(monkeypatch):
    from fakepush.web import serving

    monkeypatch.setattr(serving, "HOT_WAIT_SECONDS", 0.05)
    monkeypatch.setattr(serving.KeepAliveRequestHandler, "timeout", 0.4)
    with FakePush() as fake:
        sock = info_answered(fake._server.port)
        assert sock.recv(4096) == b""  # parked after 0.05 s, closed by the selector at 0.4 s
        sock.close()


def test_stop_hangs_up_parked_connections(monkeypatch):
    monkeypatch.setattr("fakepush.web.serving.HOT_WAIT_SECONDS", 0.05)
    fake = FakePush().start()
    conn = connect(fake._server.port)
    register(conn).read()
    threading.Event().wait(0.3)  # parked by now
    fake.stop()
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        conn.request("GET", f"{BASE}/d1")
        conn.getresponse()


def raw_exchange(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        head, _, rest = answer.partition(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
        while len(rest) < length:
            rest += sock.recv(65536)
        return head + b"\r\n\r\n" + rest


def test_header_fields_reach_the_app_in_the_environ_as_werkzeug_gives_them():
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        start_response("200 OK", [("Content-Length", "2")])
        return [b"ok"]

    server = make_server("127.0.0.1", 0, app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        raw_exchange(server.server_port, b"GET /p?q=1 HTTP/1.1\r\nHost: h\r\nX-Two: a\r\n"
                     b"x-two: b\r\nX-Fold: one\r\n two\r\nX-Space:   v \r\n\r\n")
    finally:
        server.shutdown()
        server.server_close()
    assert seen["HTTP_HOST"] == "h" and seen["QUERY_STRING"] == "q=1"
    assert seen["HTTP_X_TWO"] == "a,b"
    assert seen["HTTP_X_FOLD"] == "one two"
    assert seen["HTTP_X_SPACE"] == "v "


def test_more_than_100_headers_get_a_json_431(fake):
    headers = b"".join(b"X-H%d: v\r\n" % i for i in range(101))
    answer = raw_exchange(fake._server.port, b"GET / HTTP/1.1\r\nHost: h\r\n" + headers + b"\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 431") and json.loads(body)["code"] == 431


def test_header_line_without_a_colon_gets_a_json_400(fake):
    answer = raw_exchange(fake._server.port, b"GET / HTTP/1.1\r\nHost: h\r\nnonsense\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400") and json.loads(body)["code"] == 400


def test_http_1_0_keep_alive_header_keeps_the_connection(fake):
    with socket.create_connection(("127.0.0.1", fake._server.port), timeout=10) as sock:
        for _ in range(2):
            sock.sendall(b"GET /api/info HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            answer = b""
            while b"\r\n\r\n{" not in answer:
                answer += sock.recv(4096)
            assert answer.startswith(b"HTTP/1.1 200") and b"connection: close" not in answer.lower()


def test_environ_of_the_usual_request_is_werkzeugs():
    from werkzeug.serving import WSGIRequestHandler

    from fakepush.web.http11 import FastHTTP11, RequestHeaders

    class Server:
        ssl_context = None
        multithread, multiprocess = True, False
        server_address = ("127.0.0.1", 5000)

    for target in ("/a/b%2Fc?x=1&y=%20", "/caf%C3%A9?q=\u00e9", "/x", "/p?"):
        environs = []
        for make in (FastHTTP11.make_environ, WSGIRequestHandler.make_environ):
            handler = FastHTTP11.__new__(FastHTTP11)
            handler.server, handler.path, handler.command = Server(), target, "GET"
            handler.request_version, handler.client_address = "HTTP/1.1", ("127.0.0.1", 9)
            handler.rfile = handler.connection = None
            handler.headers = RequestHeaders([("Host", "h"), ("X-A", "1"), ("x-a", "2"),
                                              ("Content-Type", "a/b"), ("X_U", "dropped")])
            environs.append(make(handler))
        assert environs[0] == environs[1], target


def test_response_head_is_one_buffered_piece_with_date_and_server(fake):
    conn = connect(fake._server.port)
    response = register(conn)
    assert response.status == 200
    assert response.getheader("Date").endswith(" GMT")
    assert response.getheader("Server").startswith("Werkzeug/")
    assert response.getheader("Content-Type") == "application/json"
