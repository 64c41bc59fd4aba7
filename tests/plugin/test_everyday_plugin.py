"""The plugin in a user's everyday runs: strict by default, interception, property tests, logs, one start error."""

from __future__ import annotations

import pytest

UNKNOWN_ROUTE = """
def test_calls_an_unknown_route(fakepush_client):
    assert fakepush_client.get("/v3/no/such/route").status_code == 404
"""


def test_a_request_to_an_unknown_route_fails_the_test_at_teardown_with_its_journal_line(pytester):
    pytester.makepyfile(UNKNOWN_ROUTE)
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_calls_an_unknown_route*",
            "*fakepush (strict): 1 request the fake could not route or answered with a 500*",
            "*#1 GET /v3/no/such/route -> 404 (unknown route)*",
            "*@pytest.mark.fakepush(strict=False)*",
        ]
    )


def test_a_405_fails_the_live_fixture_too(pytester):
    pytester.makepyfile(
        """
import urllib.request, urllib.error

def test_patches_registrations(fakepush):
    request = urllib.request.Request(
        fakepush.backendless.base_url + "/messaging/registrations", method="PATCH", data=b"{}"
    )
    try:
        urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        assert error.code == 405
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*#1 PATCH /*/messaging/registrations -> 405*"])


def test_provider_errors_on_known_routes_are_not_strict_failures(pytester):
    pytester.makepyfile(
        """
def test_unknown_device_and_user(fakepush_client, fakepush):
    base = f"/{fakepush.backendless.app_id}/{fakepush.backendless.api_key}"
    assert fakepush_client.get(base + "/messaging/registrations/nobody").status_code == 400
    headers = {"Api-Token": fakepush.sendbird.api_token}
    assert fakepush_client.get("/v3/users/nobody", headers=headers).status_code == 400
    assert fakepush_client.get("/v3/users/nobody", headers={"Api-Token": "x"}).status_code in (400, 401, 403)
"""
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_strict_opts_out_per_test_with_the_marker(pytester):
    pytester.makepyfile("import pytest\n\n@pytest.mark.fakepush(strict=False)" + UNKNOWN_ROUTE)
    pytester.runpytest("--strict-markers").assert_outcomes(passed=1)


def test_strict_opts_out_per_session_with_fakepush_config(pytester):
    pytester.makeconftest(
        """
import pytest

@pytest.fixture(scope="session")
def fakepush_config():
    return {"strict": False}
"""
    )
    pytester.makepyfile(UNKNOWN_ROUTE)
    pytester.runpytest().assert_outcomes(passed=1)


def test_a_marker_can_turn_strict_back_on_for_one_test(pytester):
    pytester.makeconftest(
        """
import pytest

@pytest.fixture(scope="session")
def fakepush_config():
    return {"strict": False}
"""
    )
    pytester.makepyfile("import pytest\n\n@pytest.mark.fakepush(strict=True)" + UNKNOWN_ROUTE)
    pytester.runpytest().assert_outcomes(passed=1, errors=1)


def test_a_bad_strict_value_is_a_usage_error(pytester):
    pytester.makepyfile("import pytest\n\n@pytest.mark.fakepush(strict='no')" + UNKNOWN_ROUTE)
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*strict must be True or False*"])


def test_fakepush_intercept_routes_hard_coded_urls_to_the_fake(pytester):
    pytester.makepyfile(
        """
import requests, httpx

def test_hard_coded_urls(fakepush_intercept, fakepush):
    app, key = fakepush.backendless.app_id, fakepush.backendless.api_key
    answer = requests.post(
        f"https://api.backendless.com/{app}/{key}/messaging/registrations",
        json={"deviceId": "d1", "deviceToken": "t1", "os": "IOS", "osVersion": "17"},
        timeout=5,
    )
    assert answer.status_code == 200
    token = fakepush.sendbird.api_token
    made = httpx.post(
        f"https://api-{fakepush.sendbird.app_id}.sendbird.com/v3/users",
        headers={"Api-Token": token},
        json={"user_id": "alice", "nickname": "A", "profile_url": ""},
    )
    assert made.status_code == 200
    assert fakepush.backendless.device("d1") is not None
    assert [u["user_id"] for u in fakepush.sendbird.users()] == ["alice"]
"""
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_an_intercepted_unknown_route_is_a_strict_failure(pytester):
    pytester.makepyfile(
        """
import requests

def test_hard_coded_typo(fakepush_intercept):
    requests.get("https://api-FAKEPUSH.sendbird.com/v3/userz", timeout=5)
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*#1 GET /v3/userz -> 404 (unknown route)*"])


@pytest.mark.slow
def test_a_run_that_does_not_use_the_intercept_fixture_loads_neither_library(pytester):
    pytester.makepyfile(
        """
import sys

def test_light(fakepush):
    assert not {"responses", "respx"} & set(sys.modules)
"""
    )
    # respx ships a pytest plugin of its own (entry point respx.plugin) that imports it.
    pytester.runpytest_subprocess("-p", "no:respx").assert_outcomes(passed=1)


def test_fresh_gives_each_hypothesis_example_a_reset_fake(pytester):
    pytester.makepyfile(
        """
from hypothesis import given, settings, strategies as st

@settings(max_examples=15, deadline=None)
@given(device_ids=st.lists(st.text("abc", min_size=1, max_size=4), unique=True, max_size=4))
def test_registrations_are_exactly_the_devices_registered(fakepush_server, device_ids):
    with fakepush_server.fresh() as fake:
        client = fake.client()
        base = f"/{fake.backendless.app_id}/{fake.backendless.api_key}/messaging/registrations"
        for device_id in device_ids:
            client.post(base, json={"deviceId": device_id, "deviceToken": "t", "os": "IOS", "osVersion": "1"})
        assert sorted(r["deviceId"] for r in fake.backendless.registrations()) == sorted(device_ids)
        assert len(fake.journal) == len(device_ids)
"""
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_fresh_puts_the_configured_profile_back(pytester):
    pytester.makepyfile(
        """
def test_profile(fakepush_server):
    with fakepush_server.fresh() as fake:
        fake.profile = "sdk"
    with fakepush_server.fresh() as fake:
        assert fake.profile == "auto"
"""
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_the_fakes_request_lines_reach_the_captured_log_as_plain_text(pytester):
    pytester.makepyfile(
        """
import urllib.error, urllib.request

def test_fails_after_a_request(fakepush):
    try:
        urllib.request.urlopen(fakepush.backendless.base_url + "/messaging/registrations/nobody", timeout=10)
    except urllib.error.HTTPError:
        pass
    assert False, "show the captured log"
"""
    )
    # pytest's own --color=yes colours the level name; the fake's message must stay plain.
    result = pytester.runpytest("--color=no")
    result.assert_outcomes(failed=1)
    lines = [
        line for line in result.stdout.lines if "GET /" in line and "/registrations/nobody" in line
    ]
    assert lines, result.stdout.str()
    for line in lines:
        assert "\x1b" not in line, repr(line)
    assert any(line.startswith("INFO     fakepush") for line in lines), lines


def test_a_bad_fakepush_host_stops_the_run_once_at_start(pytester, monkeypatch):
    monkeypatch.setenv("FAKEPUSH_HOST", "0.0.0.0")
    pytester.makepyfile("\n".join(f"def test_{n}(fakepush):\n    pass\n" for n in range(3)))
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    text = result.stdout.str() + result.stderr.str()
    assert text.count("FAKEPUSH_HOST=0.0.0.0 is not a loopback address") == 1, text
