"""The admin API refuses other sites and rebound names; the emulated APIs keep their CORS.

Over raw HTTP here; tests/reliability/test_safe_cross_site_browser.py makes the same
attacks from a page in real Chromium.
"""

from __future__ import annotations

import json

import pytest
from tests.reliability.hostile_http import request
from tests.reliability.serve_process import REGISTRATIONS, ServeProcess, device

from fakepush import FakePush

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain")
TOKEN = "cross-site-admin-token"


@pytest.fixture
def fake():
    fp = FakePush()
    fp.start()
    status, _, _ = request(fp, "POST", REGISTRATIONS, json.dumps(device("kept")).encode(),
                           {"Content-Type": "application/json"})
    assert status == 200
    yield fp
    fp.stop()


def kept(fake) -> bool:
    return [row["deviceId"] for row in fake.backendless.registrations()] == ["kept"]


def refused(status: int, body: bytes) -> bool:
    return status == 403 and isinstance(json.loads(body).get("message"), str)


@pytest.mark.parametrize("host", ["rebind.attacker.example", "rebind.attacker.example:80",
                                  "10.0.0.5", "localhost.attacker.example"])
def test_admin_api_refuses_a_host_that_is_not_loopback(fake, host):
    status, headers, body = request(fake, "GET", "/_fakepush/state", headers={"Host": host})
    assert refused(status, body)
    assert headers["content-type"].startswith("application/json")
    assert b"FAKEPUSH-REST-API-KEY" not in body
    status, _, body = request(fake, "PUT", "/_fakepush/state", b'{"version": 1}',
                              {"Host": host, "Content-Type": "application/json"})
    assert refused(status, body) and kept(fake)


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST:1", "app.localhost", "127.0.0.1",
                                  "127.9.8.7:8080", "[::1]", "[::1]:8080"])
def test_admin_api_answers_loopback_names_and_addresses(fake, host):
    status, _, body = request(fake, "GET", "/_fakepush/state", headers={"Host": host})
    assert status == 200 and b"FAKEPUSH-REST-API-KEY" in body


def test_emulated_api_answers_any_host(fake):
    status, headers, body = request(fake, "GET", f"{REGISTRATIONS}/kept",
                                    headers={"Host": "example.test"})
    assert status == 200 and b"kept" in body
    assert headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("headers", [
    {"Origin": "http://attacker.example"},
    {"Origin": "http://127.0.0.2:8000"},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Origin": "http://attacker.example", "Content-Type": "application/json"},
])
def test_admin_write_from_another_site_is_refused(fake, headers):
    status, _, body = request(fake, "POST", "/_fakepush/reset", headers=headers)
    assert refused(status, body) and kept(fake)


def test_admin_write_from_the_same_site_is_allowed(fake):
    host = fake.url.split("//")[1]
    status, _, _ = request(fake, "POST", "/_fakepush/reset",
                           headers={"Origin": fake.url, "Sec-Fetch-Site": "same-origin",
                                    "Host": host})
    assert status == 200 and fake.backendless.registrations() == []


def test_admin_read_with_a_foreign_origin_answers_without_a_cors_permission(fake):
    """Answered, but the browser keeps it from the other site's page: no CORS header."""
    for path in ("/_fakepush/health", "/_fakepush/state"):
        status, headers, _ = request(fake, "GET", path, headers={"Origin": "http://x.example"})
        assert status == 200
        assert not any(name.startswith("access-control-allow") for name in headers), path


@pytest.mark.parametrize("content_type", FORM_TYPES)
def test_admin_write_with_a_form_content_type_is_refused_without_the_token(fake, content_type):
    rule = b'{"drop": true, "times": null, "body": "="}'
    status, _, body = request(fake, "POST", "/_fakepush/faults", rule,
                              {"Content-Type": content_type})
    assert refused(status, body) and fake.faults.list() == []


@pytest.mark.parametrize("content_type", FORM_TYPES)
def test_admin_write_with_a_form_content_type_and_the_token_is_allowed(content_type):
    with FakePush() as fp:
        fp.app.extensions["fakepush"].admin_token = TOKEN
        status, _, _ = request(fp, "POST", "/_fakepush/faults", b'{"status": 503}',
                               {"Content-Type": content_type,
                                "Authorization": f"Bearer {TOKEN}"})
        assert status == 200 and len(fp.faults.list()) == 1


def test_admin_write_without_body_or_content_type_stays_allowed(fake):
    status, _, _ = request(fake, "POST", "/_fakepush/reset")
    assert status == 200 and fake.backendless.registrations() == []


def test_admin_preflight_never_grants_cors(fake):
    status, headers, _ = request(fake, "OPTIONS", "/_fakepush/reset", headers={
        "Origin": "http://attacker.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert status >= 400
    assert not any(name.startswith("access-control-allow") for name in headers)


def test_emulated_preflight_keeps_its_cors_answer(fake):
    status, headers, _ = request(fake, "OPTIONS", REGISTRATIONS, headers={
        "Origin": "http://app.example", "Access-Control-Request-Method": "POST"})
    assert status == 200 and headers["access-control-allow-origin"] == "*"


@pytest.mark.slow
def test_allowed_host_flag_adds_names_the_admin_api_answers(tmp_path):
    served = ServeProcess(tmp_path, "--allowed-host", "devbox.lan", "--allowed-host", "ci.internal")
    try:
        for host, expected in (("devbox.lan", 200), ("ci.internal:1234", 200),
                               ("other.lan", 403)):
            status, _, _ = request(served, "GET", "/_fakepush/config", headers={"Host": host})
            assert status == expected, host
    finally:
        served.end()
