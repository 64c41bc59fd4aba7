"""The pytest plugin as a user's project meets it: outside test modules that use only the fixtures."""

from __future__ import annotations

import inspect
import json
import socket

import pytest
from tests.plugin.conftest import call

# Inner test modules make their own HTTP calls, as a user's tests would: with the same
# urllib helper as these tests (tests/plugin/conftest.py), copied into each module.
CALL = (
    "import json, urllib.error, urllib.request\nfrom typing import Any\n\n\n"
    + inspect.getsource(call)
    + '\n\nDEVICE = {"deviceId": "d1", "deviceToken": "tok-1", "os": "ANDROID", '
    + '"osVersion": "14"}\n'
)


def _ephemeral_range() -> tuple[int, int]:
    try:
        low, high = open("/proc/sys/net/ipv4/ip_local_port_range").read().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999


def free_ports(count: int, host: str = "127.0.0.1") -> int:
    """A port P such that P .. P+count-1 are free right now (the test then binds them at once).

    Chosen below the kernel's ephemeral range: a port inside it can be taken at any moment
    by the local end of some outgoing connection, which made this test flaky.
    """
    import random

    low, _ = _ephemeral_range()
    for _ in range(200):
        first = random.randrange(10000, max(10001, low - count))
        sockets = []
        try:
            for port in range(first, first + count):
                s = socket.socket()
                sockets.append(s)
                s.bind((host, port))
            return first
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no run of free ports found")


def test_fakepush_resets_data_journal_faults_and_clock_before_each_test(pytester):
    pytester.makepyfile(
        CALL
        + """
def test_1_leaves_a_mess(fakepush):
    assert call(fakepush.backendless.base_url + "/messaging/registrations", "POST", DEVICE)[0] == 200
    fakepush.faults.add(provider="backendless", status=503, times=None)
    fakepush.clock.freeze(0)
    assert fakepush.backendless.registrations() and len(fakepush.journal) == 1

def test_2_starts_clean(fakepush):
    assert fakepush.backendless.registrations() == []
    assert len(fakepush.journal) == 0
    assert fakepush.faults.list() == []
    assert not fakepush.clock.frozen
    assert call(fakepush.backendless.base_url + "/messaging/registrations", "POST", DEVICE)[0] == 200

def test_3_the_session_fixture_is_not_reset_after_a_test(fakepush_server):
    # The reset happens when `fakepush` is set up, not at teardown.
    assert [r["deviceId"] for r in fakepush_server.backendless.registrations()] == ["d1"]
"""
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=3)


def test_fakepush_client_sees_the_same_reset_state(pytester):
    pytester.makepyfile(
        CALL
        + """
def test_1_registers_live(fakepush):
    assert call(fakepush.backendless.base_url + "/messaging/registrations", "POST", DEVICE)[0] == 200

def test_2_client_starts_clean_then_shares_state(fakepush, fakepush_client):
    path = f"/{fakepush.backendless.app_id}/{fakepush.backendless.api_key}/messaging/registrations"
    assert fakepush_client.get(path + "/d1").json["code"] == 5000
    assert fakepush_client.post(path, json=DEVICE).status_code == 200
    assert call(fakepush.backendless.base_url + "/messaging/registrations/d1")[0] == 200
"""
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def test_marker_switches_the_profile_for_one_test(pytester):
    pytester.makepyfile(
        CALL
        + """
import pytest

def retrieve_shape(fakepush):
    call(fakepush.backendless.base_url + "/messaging/registrations", "POST", DEVICE)
    return type(call(fakepush.backendless.base_url + "/messaging/registrations/d1")[1]).__name__

@pytest.mark.fakepush(profile="sdk")
def test_1_marked_sdk(fakepush):
    assert fakepush.profile == "sdk"
    assert retrieve_shape(fakepush) == "list"

def test_2_unmarked_is_back_to_auto(fakepush):
    assert fakepush.profile == "auto"
    assert retrieve_shape(fakepush) == "dict"  # urllib is no SDK: the documents' shape

@pytest.mark.fakepush(profile="sdk")
class TestMarkedClass:
    def test_3_class_marker_applies(self, fakepush_client, fakepush):
        assert fakepush.profile == "sdk"
"""
    )
    # --strict-markers: the marker must be registered by the plugin.
    pytester.runpytest("-p", "no:randomly", "--strict-markers").assert_outcomes(passed=3)


def test_marker_with_a_wrong_argument_errors_the_test(pytester):
    pytester.makepyfile(
        """
import pytest

@pytest.mark.fakepush("sdk")
def test_positional(fakepush):
    pass

@pytest.mark.fakepush(profile="real")
def test_unknown_profile(fakepush):
    pass
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        ["*use @pytest.mark.fakepush(profile=..., strict=...)*", "*profile must be one of*"]
    )


def test_fakepush_config_override_chooses_profile_and_adds_apps(pytester):
    pytester.makeconftest(
        """
import pytest

@pytest.fixture(scope="session")
def fakepush_config():
    return {
        "profile": "sdk",
        "backendless_apps": [{"app_id": "MY-APP", "api_key": "MY-KEY", "subdomain": "mine"}],
        "sendbird_apps": [],
    }
"""
    )
    pytester.makepyfile(
        CALL
        + """
import pytest

def test_configured_profile_and_app(fakepush):
    assert fakepush.profile == "sdk"
    assert call(fakepush.url + "/MY-APP/MY-KEY/messaging/registrations", "POST", DEVICE)[0] == 200
    assert [r["deviceId"] for r in fakepush.backendless.registrations("MY-APP")] == ["d1"]
    assert fakepush.backendless.registrations() == []  # the default app is still there, apart

@pytest.mark.fakepush(profile="docs")
def test_marker_beats_config(fakepush):
    assert fakepush.profile == "docs"

def test_back_to_the_configured_profile(fakepush):
    assert fakepush.profile == "sdk"
"""
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=3)


def test_fakepush_host_and_port_choose_where_the_session_server_listens(pytester, monkeypatch):
    port = free_ports(1, "127.0.0.2")
    monkeypatch.setenv("FAKEPUSH_HOST", "127.0.0.2")
    monkeypatch.setenv("FAKEPUSH_PORT", str(port))
    pytester.makepyfile(
        CALL
        + f"""
def test_listens_there(fakepush):
    assert fakepush.url == "http://127.0.0.2:{port}"
    assert call("http://127.0.0.2:{port}/api/info") == (200, {{}})
"""
    )
    pytester.runpytest().assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("FAKEPUSH_PORT", "eighty", "*FAKEPUSH_PORT must be a port number, not 'eighty'*"),
        ("FAKEPUSH_PORT", "70000", "*FAKEPUSH_PORT gives port 70000, outside 1-65535*"),
        ("FAKEPUSH_HOST", "0.0.0.0", "*FAKEPUSH_HOST=0.0.0.0 is not a loopback address*"),
    ],
)
def test_bad_listen_overrides_are_refused_with_the_reason(
    pytester, monkeypatch, name, value, message
):
    monkeypatch.setenv(name, value)
    pytester.makepyfile("def test_it(fakepush):\n    pass\n")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR  # the run stops at its start
    result.stderr.fnmatch_lines([message])


def test_a_taken_fakepush_port_is_refused_with_the_reason(pytester, monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        monkeypatch.setenv("FAKEPUSH_PORT", str(taken.getsockname()[1]))
        pytester.makepyfile("def test_it(fakepush):\n    pass\n")
        result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fakepush cannot listen on 127.0.0.1:*Address already in use*"])


@pytest.mark.slow
def test_freezegun_moves_expiry_seen_through_the_live_server(pytester):
    pytester.makepyfile(
        CALL
        + """
from freezegun import freeze_time

def test_registration_expires_when_time_moves(fakepush):
    url = fakepush.backendless.base_url + "/messaging/registrations"
    with freeze_time("2030-01-01 00:00:00") as frozen:
        expiration = 1893456000000 + 60_000  # 2030-01-01T00:01:00Z in ms
        assert call(url, "POST", {**DEVICE, "expiration": expiration})[0] == 200
        frozen.tick(59)
        assert call(url + "/d1")[0] == 200
        frozen.tick(1)
        assert call(url + "/d1") == (400, {"message": "Unable to retrieve device registration - unknown device ID.", "code": 5000})
"""
    )
    pytester.runpytest().assert_outcomes(passed=1)


def record_workers_module(pytester, out_dir) -> None:
    pytester.makepyfile(
        f"""
import json, os, pytest

@pytest.mark.parametrize("n", range(8))
def test_record(fakepush, n):
    worker = os.environ["PYTEST_XDIST_WORKER"]
    with open(os.path.join({str(out_dir)!r}, f"{{worker}}-{{n}}.json"), "w") as f:
        json.dump({{"worker": worker, "url": fakepush.url}}, f)
"""
    )


def servers_by_worker(out_dir) -> dict[str, set[str]]:
    by_worker: dict[str, set[str]] = {}
    for path in out_dir.iterdir():
        record = json.loads(path.read_text())
        by_worker.setdefault(record["worker"], set()).add(record["url"])
    return by_worker


@pytest.mark.slow
def test_xdist_runs_one_server_per_worker(pytester, tmp_path):
    out_dir = tmp_path / "records"
    out_dir.mkdir()
    record_workers_module(pytester, out_dir)
    result = pytester.runpytest_subprocess("-p", "xdist", "-n", "2")
    result.assert_outcomes(passed=8)
    by_worker = servers_by_worker(out_dir)
    assert sorted(by_worker) == ["gw0", "gw1"]
    assert all(len(urls) == 1 for urls in by_worker.values())
    assert by_worker["gw0"] != by_worker["gw1"]


@pytest.mark.slow
def test_xdist_worker_n_listens_on_fakepush_port_plus_n(pytester, tmp_path, monkeypatch):
    port = free_ports(2)
    monkeypatch.setenv("FAKEPUSH_PORT", str(port))
    out_dir = tmp_path / "records"
    out_dir.mkdir()
    record_workers_module(pytester, out_dir)
    result = pytester.runpytest_subprocess("-p", "xdist", "-n", "2")
    result.assert_outcomes(passed=8)
    assert servers_by_worker(out_dir) == {
        "gw0": {f"http://127.0.0.1:{port}"},
        "gw1": {f"http://127.0.0.1:{port + 1}"},
    }
