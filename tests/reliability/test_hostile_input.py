"""Hostile input gets its documented JSON error and changes nothing.

Every case goes to a live server (the bytes reach Werkzeug as sent) and checks the status,
the provider code, a JSON content type, and that the export is the same before and after.
"""

from __future__ import annotations

import json
import socket
import time

import pytest
from .hostile_http import parse_response, raw, request, snapshot

APP = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY"
REG = f"{APP}/messaging/registrations"
GOOD = {"deviceId": "hostile-1", "deviceToken": "tok", "os": "ANDROID", "osVersion": "14"}


def body_with(**fields) -> bytes:
    return json.dumps({**GOOD, **fields}).encode()


def raw_body_with(field: str, raw_value: str) -> bytes:
    """A register body whose ``field`` is the given JSON text, unvalidated."""
    head = json.dumps({k: v for k, v in GOOD.items() if k != field})[:-1]
    return f'{head}, "{field}": {raw_value}}}'.encode()


def nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


# (id, body bytes, expected status, expected provider code)
REGISTER_CASES = [
    # malformed and truncated JSON
    ("malformed", b'{"deviceId": ', 400, 8002),
    ("truncated", body_with()[:-1], 400, 8002),
    ("trailing-garbage", body_with() + b" x", 400, 8002),
    ("empty", b"", 400, 8002),
    ("whitespace-only", b" \r\n\t", 400, 8002),
    ("single-quotes", b"{'deviceId': 'd'}", 400, 8002),
    ("comment", b'{"deviceId": "d" /* hi */}', 400, 8002),
    ("utf8-bom", b"\xef\xbb\xbf" + body_with(), 400, 8002),
    # not an object
    ("json-null", b"null", 400, 5006),
    ("json-array", b"[]", 400, 5006),
    ("json-string", b'"deviceId"', 400, 5006),
    ("json-number", b"1", 400, 5006),
    # wrong types and nulls
    ("deviceId-number", body_with(deviceId=5), 400, 5005),
    ("deviceId-bool", body_with(deviceId=True), 400, 5005),
    ("deviceId-object", body_with(deviceId={"a": 1}), 400, 5005),
    ("deviceId-list", body_with(deviceId=["a"]), 400, 5005),
    ("deviceId-null", body_with(deviceId=None), 400, 5011),
    ("deviceId-empty", body_with(deviceId=""), 400, 5011),
    ("deviceToken-null", body_with(deviceToken=None), 400, 5005),
    ("deviceToken-number", body_with(deviceToken=1), 400, 5005),
    ("os-list", body_with(os=[]), 400, 5005),
    ("os-empty", body_with(os=""), 400, 5005),
    ("osVersion-float", body_with(osVersion=1.5), 400, 5005),
    ("channels-string", body_with(channels="news"), 400, 5005),
    ("channels-numbers", body_with(channels=[1]), 400, 5005),
    ("channels-null-item", body_with(channels=[None]), 400, 5005),
    ("channels-object", body_with(channels={"news": 1}), 400, 5005),
    ("expiration-string", body_with(expiration="2099-01-01"), 400, 5005),
    ("expiration-bool", body_with(expiration=True), 400, 5005),
    ("expiration-list", body_with(expiration=[1]), 400, 5005),
    # numbers beyond 64 bits, NaN and Infinity
    ("expiration-2**64", body_with(expiration=2**64), 400, 5004),
    ("expiration-2**70", body_with(expiration=2**70), 400, 5004),
    ("expiration-minus-2**70", body_with(expiration=-(2**70)), 400, 5004),
    ("expiration-1e308", raw_body_with("expiration", "1e308"), 400, 5004),
    ("expiration-1e400", raw_body_with("expiration", "1e400"), 400, 5004),
    ("expiration-minus-1e400", raw_body_with("expiration", "-1e400"), 400, 5004),
    ("expiration-5000-digits", raw_body_with("expiration", "9" * 5000), 400, 8002),
    ("deviceId-2**70", body_with(deviceId=2**70), 400, 5005),
    ("expiration-NaN", raw_body_with("expiration", "NaN"), 400, 8002),
    ("expiration-Infinity", raw_body_with("expiration", "Infinity"), 400, 8002),
    ("expiration-minus-Infinity", raw_body_with("expiration", "-Infinity"), 400, 8002),
    ("expiration-past", body_with(expiration=1), 400, 5004),
    ("expiration-zero", body_with(expiration=0), 400, 5004),
    # deeply nested
    ("nested-100000-arrays", nested(100000).encode(), 400, 8002),
    ("nested-100000-in-deviceId", raw_body_with("deviceId", nested(100000)), 400, 8002),
    ("nested-50000-objects", ('{"a":' * 50000 + "1" + "}" * 50000).encode(), 400, 8002),
    ("nested-500-in-channels", raw_body_with("channels", nested(500, '"x"')), 400, 5005),
    # invalid UTF-8 and not-Unicode escapes
    ("invalid-utf8", b'{"deviceId": "\xff\xfe", "deviceToken": "t", "os": "A", "osVersion": "1"}',
     400, 8002),
    ("overlong-utf8-slash", body_with(deviceId="a").replace(b'"a"', b'"a\xc0\xafb"'), 400, 8002),
    ("utf16-body", json.dumps(GOOD).encode("utf-16"), 400, 8002),
    ("lone-surrogate-deviceId", raw_body_with("deviceId", '"\\ud800"'), 400, 8002),
    ("lone-surrogate-channel", raw_body_with("channels", '["\\udfff"]'), 400, 8002),
    ("lone-surrogate-key", b'{"\\ud800": 1, ' + body_with()[1:], 400, 8002),
    # overlong and control-character strings
    ("deviceId-501", body_with(deviceId="d" * 501), 400, 8000),
    ("deviceToken-100000", body_with(deviceToken="t" * 100000), 400, 8000),
    ("os-501", body_with(os="o" * 501), 400, 8000),
    ("osVersion-501", body_with(osVersion="v" * 501), 400, 8000),
    ("channel-501", body_with(channels=["c" * 501]), 400, 8000),
    ("channel-NUL", body_with(channels=["a\u0000b"]), 400, 5044),
    ("channel-newline", body_with(channels=["a\nb"]), 400, 5044),
    ("channel-DEL", body_with(channels=["a\u007fb"]), 400, 5044),
    ("channel-C1", body_with(channels=["a\u0085b"]), 400, 5044),
    ("channel-empty", body_with(channels=[""]), 400, 5044),
    ("channel-slash", body_with(channels=["a/b"]), 400, 5044),
    ("channel-dotdot-slash", body_with(channels=["../default"]), 400, 5044),
    ("channel-bad-after-good", body_with(channels=["news", "x\u0000"]), 400, 5044),
    # duplicate keys: the last one wins (as Jackson's default does), and is checked
    ("duplicate-deviceId-last-null", body_with()[:-1] + b', "deviceId": null}', 400, 5011),
    ("duplicate-channels-last-bad", body_with(channels=["ok"])[:-1] + b', "channels": ["a/b"]}',
     400, 5044),
    ("duplicate-deviceToken-last-number", body_with()[:-1] + b', "deviceToken": 7}', 400, 5005),
]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [pytest.param(b, s, c, id=i) for i, b, s, c in REGISTER_CASES],
)
def test_hostile_register_body_gets_its_error_and_changes_nothing(live, body, status, code):
    before = snapshot(live)
    got_status, headers, data = request(
        live, "POST", REG, body, {"Content-Type": "application/json"}
    )
    assert headers["content-type"].startswith("application/json")
    payload = json.loads(data)
    assert (got_status, payload["code"]) == (status, code), payload
    assert isinstance(payload["message"], str) and "Traceback" not in payload["message"]
    assert snapshot(live) == before


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "json", ""]
)
def test_register_without_a_json_content_type_is_8002_and_changes_nothing(live, content_type):
    before = snapshot(live)
    headers = {} if content_type is None else {"Content-Type": content_type}
    status, _, data = request(live, "POST", REG, body_with(), headers)
    assert (status, json.loads(data)["code"]) == (400, 8002)
    assert snapshot(live) == before


def test_unknown_user_token_is_refused_before_the_body(live):
    before = snapshot(live)
    status, _, data = request(
        live, "POST", REG, b"{not json", {"Content-Type": "application/json", "user-token": "../x"}
    )
    assert (status, json.loads(data)["code"]) == (400, 3064)
    assert snapshot(live) == before


# -- bodies over 1 MiB ---------------------------------------------------------------------

MIB = 1024 * 1024


def test_body_over_one_mib_is_413_json_and_changes_nothing(live):
    before = snapshot(live)
    big = body_with(channels=["c"] * (MIB // 4))
    assert len(big) > MIB
    status, headers, data = request(live, "POST", REG, big, {"Content-Type": "application/json"})
    assert status == 413
    assert headers["content-type"].startswith("application/json")
    assert json.loads(data)["code"] == 413
    assert snapshot(live) == before


def test_body_one_byte_over_one_mib_is_413(live):
    status, _, data = request(
        live, "POST", REG, b" " * (MIB + 1), {"Content-Type": "application/json"}
    )
    assert (status, json.loads(data)["code"]) == (413, 413)


def test_chunked_body_over_one_mib_is_413_not_a_parse_error(live):
    """Werkzeug cuts a chunked body at the limit silently; the fake must still say 413."""
    before = snapshot(live)
    big = body_with(deviceId="chunked-big", channels=["c"] * (MIB // 4))
    chunks = b"".join(
        b"%x\r\n" % len(big[i : i + 65536]) + big[i : i + 65536] + b"\r\n"
        for i in range(0, len(big), 65536)
    )
    head = (
        f"POST {REG} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    ).encode()
    status, headers, payload = parse_response(raw(live, head + chunks + b"0\r\n\r\n"))
    assert (status, payload["code"]) == (413, 413)
    assert headers["content-type"].startswith("application/json")
    assert snapshot(live) == before


def test_small_chunked_body_is_read_whole(live):
    """The 413 check for chunked bodies does not refuse the small ones."""
    body = body_with(deviceId="chunked-small")
    head = (
        f"POST {REG} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    ).encode()
    try:
        status, _, payload = parse_response(
            raw(live, head + b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n")
        )
        assert status == 200 and payload["registrationId"].endswith("::default")
    finally:
        live.state.backendless.app_by_id().devices.pop("chunked-small", None)


# -- device ids and app ids with "..", encoded slashes and other tricks ---------------------

PATH_CASES = [
    # (method, path, extra headers, status, code)
    ("GET", f"{REG}/..%2F..%2Finfo", {}, 400, 5000),
    ("GET", f"{REG}/%2e%2e%2f%2e%2e%2finfo", {}, 400, 5000),
    ("GET", f"{REG}/%2E%2E", {}, 200, None),  # the seeded device ".." itself, exactly
    ("GET", f"{REG}/x%252Fy", {}, 200, None),  # the seeded "x%2Fy", decoded once only
    ("GET", f"{REG}/x%2Fy", {}, 400, 5000),  # ... is not "x/y"
    ("DELETE", f"{REG}/a%2F..%2Fa", {}, 400, 5001),
    ("DELETE", f"{REG}/a/../a", {}, 400, 5001),
    ("DELETE", f"{REG}/a%2F..", {}, 400, 5001),
    ("DELETE", f"{REG}/./a", {}, 400, 5001),
    ("DELETE", f"{REG}/%2e%2e%2fa", {}, 400, 5001),
    ("DELETE", f"{REG}/a%00", {}, 400, 5001),
    ("DELETE", f"{REG}/a%2Fb%00", {}, 400, 5001),
    ("DELETE", f"{REG}/A", {}, 400, 5001),  # device ids are case-sensitive
    ("DELETE", f"{REG}/a%0D%0AX-Injected:%201", {}, 400, 5001),
    ("DELETE", f"{REG}/%ff", {}, 400, 5001),
    ("DELETE", f"{REG}//a", {}, 400, 5001),  # device "/a": not a redirect to ".../a"
    ("DELETE", f"{REG}/a//b", {}, 400, 5001),
    ("GET", "/FAKEPUSH-APP-ID//FAKEPUSH-REST-API-KEY/info", {}, 404, 404),
    ("GET", f"{APP}/messaging//registrations/a", {}, 404, 404),
    ("DELETE", "/../FAKEPUSH-REST-API-KEY/messaging/registrations/a", {}, 400, 2002),
    ("DELETE", "/OTHER-APP/FAKEPUSH-REST-API-KEY/messaging/registrations/a", {}, 400, 2002),
    ("DELETE", "/FAKEPUSH-APP-ID/OTHER-KEY/messaging/registrations/a", {}, 400, 2002),
    ("DELETE", "/fakepush-app-id/FAKEPUSH-REST-API-KEY/messaging/registrations/a", {}, 400, 2002),
    ("DELETE", "/FAKEPUSH-APP-ID%2F..%2FOTHER-APP/OTHER-KEY/messaging/registrations/a", {},
     404, 404),
    # A Host that is not a host name at all is a bad request before it is a wrong app.
    ("DELETE", "/api/messaging/registrations/a", {"Host": "..:80"}, 400, 400),
    ("DELETE", "/api/messaging/registrations/a", {"Host": "x" * 300}, 400, 400),
    ("DELETE", "/api/messaging/registrations/a", {"Host": "nosuchapp.backendless.app"}, 400, 2002),
    ("DELETE", "/api/messaging/registrations/a", {"Host": "%2e%2e.backendless.app"}, 400, 2002),
    ("GET", f"{APP}/info/..%2F..%2Fmessaging", {}, 404, 404),
    ("FOO", f"{REG}/a", {}, 405, 405),
    ("POST", f"{REG}/a", {}, 405, 405),
]


@pytest.mark.parametrize(
    ("method", "path", "headers", "status", "code"),
    [pytest.param(*case, id=f"{case[0]} {case[1]}") for case in PATH_CASES],
)
def test_tricky_paths_name_nothing_but_what_they_say(live, method, path, headers, status, code):
    before = snapshot(live)
    got_status, got_headers, data = request(live, method, path, None, headers)
    payload = json.loads(data)
    assert got_headers["content-type"].startswith("application/json")
    assert "x-injected" not in got_headers
    assert got_status == status, payload
    if code is not None:
        assert payload["code"] == code
    assert snapshot(live) == before


def test_traversal_looking_device_id_is_stored_literally(live):
    """A device id full of ``..`` and ``/`` is data: stored as sent, found only by itself."""
    device_id = "../../a/%2e%2e/b"
    client = live.client()
    try:
        response = client.post(REG, json={**GOOD, "deviceId": device_id})
        assert response.status_code == 200
        from urllib.parse import quote

        status, _, data = request(live, "GET", f"{REG}/{quote(device_id, safe='')}")
        assert status == 200 and json.loads(data)["deviceId"] == device_id
        status, _, _ = request(live, "GET", f"{REG}/../../a/%2e%2e/b")  # decoded once: "..", not "%2e%2e"
        assert status == 400
        assert live.backendless.device("a") is not None  # the neighbour is untouched
    finally:
        live.state.backendless.app_by_id().devices.pop(device_id, None)


# -- header injection through raw sockets --------------------------------------------------

HEADER_CASES = [
    # (request bytes, expected status, code)
    (  # obs-fold in a header the fake reflects (CORS preflight)
        f"OPTIONS {REG} HTTP/1.1\r\nHost: localhost\r\n"
        "Access-Control-Request-Headers: content-type\r\n X-Injected: 1\r\n"
        "Connection: close\r\n\r\n",
        200,
        None,
    ),
    (  # obs-fold in user-token, which the 3064 message repeats
        f"DELETE {REG}/a HTTP/1.1\r\nHost: localhost\r\nuser-token: t\r\n X-Injected: 1\r\n"
        "Connection: close\r\n\r\n",
        400,
        3064,
    ),
    (  # a bare LF inside a header value
        f"DELETE {REG}/a HTTP/1.1\r\nHost: localhost\r\nuser-token: t\nX-Injected: 1\r\n"
        "Connection: close\r\n\r\n",
        400,
        3064,
    ),
    (  # a bare CR inside a header value
        f"DELETE {REG}/a HTTP/1.1\r\nHost: localhost\r\nuser-token: t\rX-Injected: 1\r\n"
        "Connection: close\r\n\r\n",
        400,
        3064,
    ),
    (  # CRLF smuggled into the Host header (domain form)
        "DELETE /api/messaging/registrations/a HTTP/1.1\r\nHost: fakepush\r\n X-Injected: 1\r\n"
        "Connection: close\r\n\r\n",
        400,
        2002,
    ),
    (  # a NUL in a header value
        f"DELETE {REG}/a HTTP/1.1\r\nHost: localhost\r\nuser-token: t\x00u\r\n"
        "Connection: close\r\n\r\n",
        400,
        3064,
    ),
    (  # two Content-Length headers that disagree: not a second, smuggled request
        f"POST {REG} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        "Content-Length: 2\r\nContent-Length: 200\r\nConnection: close\r\n\r\n{}",
        400,
        None,
    ),
    (  # a negative Content-Length
        f"POST {REG} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        "Content-Length: -5\r\nConnection: close\r\n\r\n{}",
        400,
        8002,
    ),
    (  # malformed chunk sizes
        f"POST {REG} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        400,
        None,
    ),
]


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [pytest.param(d, s, c, id=str(i)) for i, (d, s, c) in enumerate(HEADER_CASES)],
)
def test_header_injection_never_reaches_the_response_headers(live, data, status, code):
    before = snapshot(live)
    reply = raw(live, data.encode("latin-1"))
    got_status, headers, payload = parse_response(reply)
    head = reply.partition(b"\r\n\r\n")[0].lower()
    assert b"\r\nx-injected" not in head and b"\nx-injected" not in head
    assert headers["content-type"].startswith("application/json")
    assert got_status == status, payload
    if code is not None:
        assert payload["code"] == code
    assert snapshot(live) == before


# -- requests http.server refuses before Flask sees them -----------------------------------

PROTOCOL_CASES = [
    ("uri-over-64KiB", f"GET /{'a' * 70000} HTTP/1.1\r\nHost: localhost\r\n\r\n", 414),
    ("101-headers", f"GET {APP}/info HTTP/1.1\r\nHost: localhost\r\n"
     + "".join(f"X-H{i}: 1\r\n" for i in range(101)) + "\r\n", 431),
    ("header-line-over-64KiB", f"GET {APP}/info HTTP/1.1\r\nHost: localhost\r\nX-Big: "
     + "b" * 70000 + "\r\n\r\n", 431),
    ("bad-version", "GET / HTTP/1'\"x\r\nHost: localhost\r\n\r\n", 400),
    ("garbage", "\x00\x01\x02 \x03\r\n\r\n", 400),
    ("http-2-preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505),
]


@pytest.mark.parametrize(
    ("data", "status"), [pytest.param(d, s, id=i) for i, d, s in PROTOCOL_CASES]
)
def test_requests_refused_by_the_http_layer_are_answered_in_json(live, data, status):
    before = snapshot(live)
    reply = raw(live, data.encode("latin-1"))
    head, _, body = reply.partition(b"\r\n\r\n")
    if not reply.startswith(b"HTTP/"):  # an HTTP/0.9-style answer: the body alone
        body = reply
    else:
        assert parse_response(reply)[0] == status
        assert b"content-type: application/json" in head.lower()
    assert json.loads(body)["code"] == status
    assert b"<html" not in reply.lower()
    assert snapshot(live) == before


# -- clients that stop half-way ------------------------------------------------------------


def _info_answers(live) -> bool:
    status, _, data = request(live, "GET", f"{APP}/info")
    return status == 200 and json.loads(data) == {}


def test_request_cut_off_mid_body_stores_nothing_and_server_keeps_serving(live):
    before = snapshot(live)
    body = body_with(deviceId="cut-off")  # a whole, valid body...
    head = (
        f"POST {REG} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body) + 1000}\r\n\r\n"  # ...promised to be longer
    ).encode()
    for _ in range(5):
        sock = socket.create_connection(("127.0.0.1", int(live.url.rsplit(":", 1)[1])))
        sock.sendall(head + body)
        sock.close()
    time.sleep(0.2)
    assert _info_answers(live)
    assert live.backendless.device("cut-off") is None
    assert snapshot(live) == before


def test_clients_that_disconnect_before_the_answer_do_not_stop_the_server(live):
    before = snapshot(live)
    for path in (f"{REG}/a", f"{APP}/info", REG):
        sock = socket.create_connection(("127.0.0.1", int(live.url.rsplit(":", 1)[1])))
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()  # an RST, not a FIN
    time.sleep(0.2)
    assert _info_answers(live)
    assert snapshot(live) == before


def test_idle_half_open_connections_do_not_block_other_clients(live):
    port = int(live.url.rsplit(":", 1)[1])
    idle = []
    try:
        for _ in range(30):
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(f"POST {REG} HTTP/1.1\r\nHost: localhost\r\nContent-Le".encode())
            idle.append(sock)
        assert _info_answers(live)
    finally:
        for sock in idle:
            sock.close()


# -- one kept-alive connection: pipelining and smuggling ------------------------------------

from .hostile_http import split_responses  # noqa: E402


def _http(method: str, path: str, body: bytes = b"", extra: str = "") -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: localhost\r\n{extra}"
    if body or method == "POST":
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


def test_pipelined_requests_are_answered_in_order_on_one_connection(live):
    before = snapshot(live)
    data = b"".join([
        _http("GET", f"{APP}/info"),
        _http("GET", f"{REG}/seed-1"),
        _http("DELETE", f"{REG}/no-such-device"),
        _http("POST", REG, b'{"deviceId": '),
        _http("GET", f"{APP}/info", extra="Connection: close\r\n"),
    ])
    answers = split_responses(raw(live, data))
    assert [(s, json.loads(b).get("code") if isinstance(json.loads(b), dict) else None)
            for s, _, b in answers] == [(200, None), (200, None), (400, 5001), (400, 8002),
                                        (200, None)]
    assert snapshot(live) == before


@pytest.mark.parametrize(
    ("path", "status"),
    [("/NO-APP/NO-KEY/messaging/registrations", 400), ("/_fakepush/health", 405)],
)
def test_unread_body_of_a_refused_request_is_not_parsed_as_a_second_request(live, path, status):
    """A refusal (2002, 405) comes before the body is read; the body, which looks like a
    request that would cancel a device, must be thrown away, not served."""
    before = snapshot(live)
    smuggled = _http("DELETE", f"{REG}/seed-1")
    data = _http("POST", path, smuggled) + _http(
        "GET", f"{REG}/seed-1", extra="Connection: close\r\n"
    )
    answers = split_responses(raw(live, data))
    assert [s for s, _, _ in answers] == [status, 200]
    assert json.loads(answers[1][2])["deviceId"] == "seed-1"
    assert snapshot(live) == before


@pytest.mark.parametrize(
    "framing",
    [
        "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n",  # CL.TE
        "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n",  # TE.CL
        "Transfer-Encoding: chunked, identity\r\n",
    ],
)
def test_conflicting_body_framing_never_smuggles_a_second_request(live, framing):
    before = snapshot(live)
    smuggled = _http("DELETE", f"{REG}/seed-1")
    data = (
        f"POST {REG} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        f"{framing}\r\n0\r\n\r\n"
    ).encode() + smuggled
    answers = split_responses(raw(live, data))
    assert answers and all(status != 200 or b"result" not in body for status, _, body in answers)
    assert snapshot(live) == before
    assert live.backendless.device("seed-1") is not None


# -- Sendbird --------------------------------------------------------------------------------

SB = {"Api-Token": "fakepush-api-token", "Content-Type": "application/json"}
USER = b'{"user_id": "hostile-u", "nickname": "n", "profile_url": ""}'

SENDBIRD_CASES = [
    # (id, method, path, body, headers, status, code)
    ("malformed", "POST", "/v3/users", b'{"user_id": ', SB, 400, 400403),
    ("empty", "POST", "/v3/users", b"", SB, 400, 400403),
    ("null", "POST", "/v3/users", b"null", SB, 400, 400403),
    ("array", "POST", "/v3/users", b"[]", SB, 400, 400403),
    ("NaN", "POST", "/v3/users", USER[:-1] + b', "x": NaN}', SB, 400, 400403),
    ("nested-100000", "POST", "/v3/users", b"[" * 100000, SB, 400, 400403),
    ("invalid-utf8", "POST", "/v3/users", USER.replace(b"hostile-u", b"\xff\xfe"), SB, 400, 400403),
    ("lone-surrogate", "POST", "/v3/users", USER.replace(b"hostile-u", b"\\ud800"), SB, 400,
     400403),
    ("user_id-number", "POST", "/v3/users", USER.replace(b'"hostile-u"', b"5"), SB, 400, 400111),
    ("user_id-2**70", "POST", "/v3/users", USER.replace(b'"hostile-u"', b"1180591620717411303424"),
     SB, 400, 400111),
    ("user_id-null", "POST", "/v3/users", USER.replace(b'"hostile-u"', b"null"), SB, 400, 400105),
    ("user_id-81", "POST", "/v3/users", USER.replace(b"hostile-u", b"u" * 81), SB, 400, 400111),
    ("duplicate-user", "POST", "/v3/users", USER.replace(b"hostile-u", b"sb-1"), SB, 400, 400202),
    ("duplicate-key-last-null", "POST", "/v3/users", USER[:-1] + b', "nickname": null}', SB, 400,
     400105),
    ("token-number", "POST", "/v3/users/sb-1/push/gcm", b'{"gcm_reg_token": 5}', SB, 400, 400111),
    ("token-wrong-field", "POST", "/v3/users/sb-1/push/gcm", b'{"apns_device_token": "t"}', SB,
     400, 400105),
    ("token-type-upper", "POST", "/v3/users/sb-1/push/GCM", b'{"gcm_reg_token": "t"}', SB, 400,
     400111),
    ("token-type-dotdot", "GET", "/v3/users/sb-1/push/..%2Fgcm", None, SB, 400, 400111),
    ("user-dotdot-slash", "GET", "/v3/users/..%2Fusers", None, SB, 400, 400201),
    ("user-encoded-dotdot", "DELETE", "/v3/users/%2e%2e%2fsb-1", None, SB, 400, 400201),
    ("owners-dotdot", "GET", "/v3/push/device_tokens/gcm/..%2F..%2Ftok-1", None, SB, 400, 400201),
    ("remove-token-dotdot", "DELETE", "/v3/push/device_tokens/gcm/tok-1%2F..", None, SB, 400,
     400201),
    ("no-api-token", "DELETE", "/v3/users/sb-1", None, {}, 400, 400401),
    ("wrong-api-token", "DELETE", "/v3/users/sb-1", None, {"Api-Token": "fakepush-api-tokeN"},
     400, 400401),
    ("api-token-prefix", "DELETE", "/v3/users/sb-1", None, {"Api-Token": "fakepush-api-toke"},
     400, 400401),
    ("unknown-app-host", "DELETE", "/v3/users/sb-1", None,
     {**SB, "Host": "api-nosuch.sendbird.com"}, 403, 403100),
    ("over-1-MiB", "POST", "/v3/users", b" " * (1024 * 1024 + 1), SB, 413, 413),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status", "code"),
    [pytest.param(*case[1:], id=case[0]) for case in SENDBIRD_CASES],
)
def test_hostile_sendbird_request_gets_its_error_and_changes_nothing(
    live, method, path, body, headers, status, code
):
    before = snapshot(live)
    got_status, got_headers, data = request(live, method, path, body, headers)
    assert got_headers["content-type"].startswith("application/json")
    payload = json.loads(data)
    assert (got_status, payload["code"], payload["error"]) == (status, code, True), payload
    assert snapshot(live) == before


def test_sendbird_tokens_and_user_ids_with_dots_and_slashes_are_data(live):
    """``..`` and ``a/b:c`` are the seeded names themselves, found exactly and only so."""
    for user in ("a%2Fb", "%2E%2E"):
        status, _, data = request(live, "GET", f"/v3/users/{user}/push/gcm", None, SB)
        assert status == 200 and json.loads(data)["tokens"] == ["tok-1", "a/b:c", ".."]
    status, _, data = request(live, "GET", "/v3/push/device_tokens/gcm/a%2Fb%3Ac", None, SB)
    assert status == 200 and json.loads(data)["user_id"] == ".."
