"""``fakepush serve`` as a real process: banner, state file, clock, faults, refusals, token."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

APP = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY"
REGISTRATIONS = f"{APP}/messaging/registrations"
START_TIMEOUT = 20


class Served:
    """A running ``python -m fakepush serve``, its URL parsed from the banner."""

    def __init__(self, tmp_path: Path, *args: str, env: dict | None = None) -> None:
        self.stdout_path = tmp_path / f"stdout-{time.monotonic_ns()}.txt"
        self.stderr_path = tmp_path / f"stderr-{time.monotonic_ns()}.txt"
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "fakepush", "serve", "--port", "0", *args],
                stdout=out,
                stderr=err,
                env={**os.environ, **(env or {})},
            )
        self.url = self._wait_for_url()

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            match = re.search(r"fakepush serving on (http://\S+)", self.stdout())
            if match:
                return match.group(1)
            if self.process.poll() is not None:
                raise AssertionError(f"fakepush exited {self.process.returncode}: {self.stderr()}")
            time.sleep(0.05)
        raise AssertionError(f"no banner after {START_TIMEOUT}s: {self.stdout()} {self.stderr()}")

    def stdout(self) -> str:
        return self.stdout_path.read_text()

    def stderr(self) -> str:
        return self.stderr_path.read_text()

    def stop(self, sig: int = signal.SIGTERM) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=START_TIMEOUT)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=START_TIMEOUT)


@pytest.fixture
def serve(tmp_path):
    started: list[Served] = []

    def start(*args: str, env: dict | None = None) -> Served:
        served = Served(tmp_path, *args, env=env)
        started.append(served)
        return served

    yield start
    for served in started:
        served.kill()


def http(url: str, method: str = "GET", body=None, headers: dict | None = None):
    """(status, parsed JSON body) of one request; errors are answers too."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def device(device_id: str, **fields) -> dict:
    return {
        "deviceId": device_id,
        "deviceToken": "tok",
        "os": "ANDROID",
        "osVersion": "14",
        **fields,
    }


def run_refused(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fakepush", "serve", "--port", "0", *args],
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
        check=False,
    )


# -- start and banner -------------------------------------------------------------------


def test_port_0_picks_a_free_port_and_the_banner_prints_the_real_url(serve):
    served = serve()
    assert not served.url.endswith(":0")
    assert http(f"{served.url}/_fakepush/health") == (200, {"status": "ok"})


def test_banner_lists_every_app_with_credentials_and_a_curl_that_works(serve):
    served = serve(
        "--backendless-app",
        "SECOND-APP:SECOND-KEY:second",
        "--backendless-app",
        "THIRD-APP:THIRD-KEY",
    )
    banner = served.stdout()
    for text in (
        "app_id=FAKEPUSH-APP-ID api_key=FAKEPUSH-REST-API-KEY subdomain=fakepush",
        "app_id=SECOND-APP api_key=SECOND-KEY subdomain=second",
        "app_id=THIRD-APP api_key=THIRD-KEY subdomain=-",
        f"{served.url}/_fakepush/",
    ):
        assert text in banner
    curls = [line.strip() for line in banner.splitlines() if line.strip().startswith("curl ")]
    assert curls, banner
    assert shutil.which("curl"), "curl is needed to run the banner's example"
    result = subprocess.run(
        shlex.split(curls[0]) + ["-s"],
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
        check=False,
    )
    assert json.loads(result.stdout)["registrationId"].endswith("::default")
    assert http(f"{served.url}{REGISTRATIONS}/device-1")[0] == 200


def test_each_request_is_logged_with_method_path_status_duration_and_error_code(serve):
    served = serve()
    http(f"{served.url}{REGISTRATIONS}/missing")
    http(f"{served.url}{REGISTRATIONS}", "POST", device("d1"))
    served.stop()
    log = served.stderr()
    assert re.search(rf"GET {re.escape(REGISTRATIONS)}/missing 400 [\d.]+ms code=5000", log), log
    assert re.search(rf"POST {re.escape(REGISTRATIONS)} 200 [\d.]+ms\n", log), log


# -- state file -------------------------------------------------------------------------


def test_state_file_keeps_registrations_across_a_restart(serve, tmp_path):
    state_file = tmp_path / "fake-state.json"
    first = serve("--state-file", str(state_file), "--backendless-app", "A2:K2:two")
    assert http(f"{first.url}{REGISTRATIONS}", "POST", device("d1", channels=["news"]))[0] == 200
    assert http(f"{first.url}/A2/K2/messaging/registrations", "POST", device("d2"))[0] == 200
    assert first.stop(signal.SIGTERM) == 0
    assert json.loads(state_file.read_text())["version"] == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".fake-state")] == []

    second = serve("--state-file", str(state_file))

    status, body = http(f"{second.url}{REGISTRATIONS}/d1")
    assert (status, body["channels"]) == (200, ["news"])
    assert http(f"{second.url}/A2/K2/messaging/registrations/d2")[0] == 200


def test_sigint_also_writes_the_state_file(serve, tmp_path):
    state_file = tmp_path / "state.json"
    served = serve("--state-file", str(state_file))
    http(f"{served.url}{REGISTRATIONS}", "POST", device("d1"))
    assert served.stop(signal.SIGINT) == 0
    apps = json.loads(state_file.read_text())["backendless"]["apps"]
    assert [row["deviceId"] for row in apps[0]["registrations"]] == ["d1"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ("[1, 2, 3]", "cannot be loaded"),
        ('{"backendless": {"apps": [{"app_id": "X"}]}}', "cannot be loaded"),
        (None, "cannot read state file"),
    ],
    ids=["corrupt", "not-an-export", "app-without-key", "a-directory"],
)
def test_unusable_state_file_refuses_to_start_and_is_left_alone(tmp_path, content, message):
    state_file = tmp_path / "state.json"
    if content is None:
        state_file.mkdir()
    else:
        state_file.write_text(content)

    result = run_refused("--state-file", str(state_file))

    assert result.returncode == 2
    assert message in result.stderr and str(state_file) in result.stderr
    assert "fakepush serving" not in result.stdout
    if content is not None:
        assert state_file.read_text() == content


def test_state_file_in_a_missing_directory_refuses_to_start(tmp_path):
    result = run_refused("--state-file", str(tmp_path / "no-such-dir" / "state.json"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr


# -- clock and faults over the admin API ------------------------------------------------


def test_advancing_the_clock_with_one_admin_call_expires_a_registration(serve):
    served = serve()
    now = http(f"{served.url}/_fakepush/clock")[1]["now"]
    expiration = now + 3_600_000
    assert (
        http(f"{served.url}{REGISTRATIONS}", "POST", device("d1", expiration=expiration))[0] == 200
    )
    assert http(f"{served.url}{REGISTRATIONS}/d1")[0] == 200

    status, clock = http(f"{served.url}/_fakepush/clock", "PUT", {"advance_ms": 3_600_001})

    assert status == 200 and clock["now"] >= expiration
    assert http(f"{served.url}{REGISTRATIONS}/d1") == (
        400,
        {"message": "Unable to retrieve device registration - unknown device ID.", "code": 5000},
    )


def test_injected_503_on_the_next_register_call_then_the_retry_succeeds(serve):
    served = serve()
    fault = {
        "provider": "backendless",
        "method": "POST",
        "path": "/messaging/registrations$",
        "status": 503,
        "body": {"message": "Service unavailable", "code": 503},
    }
    assert http(f"{served.url}/_fakepush/faults", "POST", fault) == (200, {"id": 1})

    first = http(f"{served.url}{REGISTRATIONS}", "POST", device("d1"))
    retry = http(f"{served.url}{REGISTRATIONS}", "POST", device("d1"))

    assert first == (503, {"message": "Service unavailable", "code": 503})
    assert retry[0] == 200
    assert http(f"{served.url}{REGISTRATIONS}/d1")[0] == 200
    statuses = [r["status"] for r in http(f"{served.url}/_fakepush/requests")[1]["requests"]]
    assert statuses == [503, 200, 200]


# -- refusals and the admin token -------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10"])
def test_non_loopback_host_without_admin_token_is_refused(host):
    result = run_refused("--host", host)
    assert result.returncode == 2
    assert "not a loopback address" in result.stderr
    assert "--admin-token" in result.stderr
    assert result.stdout == ""


def test_admin_token_guards_every_admin_route_but_not_the_emulated_api(serve):
    served = serve("--admin-token", "let-me-in")
    status, body = http(f"{served.url}/_fakepush/health")
    assert status == 401 and set(body) == {"message"}
    assert (
        http(f"{served.url}/_fakepush/state", "PUT", {}, {"Authorization": "Bearer nope"})[0] == 401
    )
    assert http(
        f"{served.url}/_fakepush/health", headers={"Authorization": "Bearer let-me-in"}
    ) == (200, {"status": "ok"})
    assert http(f"{served.url}{REGISTRATIONS}", "POST", device("d1"))[0] == 200
    assert "let-me-in" not in served.stdout()


def test_debug_variables_never_turn_on_the_werkzeug_debugger(serve):
    served = serve(
        env={"FLASK_DEBUG": "1", "FLASK_ENV": "development", "WERKZEUG_DEBUG_PIN": "off"}
    )
    status, body = http(f"{served.url}/nothing?__debugger__=yes&cmd=resource&f=debugger.js")
    assert status == 404 and "message" in body


def test_bad_app_flag_is_a_usage_error():
    result = run_refused("--backendless-app", "ONLY-AN-ID")
    assert result.returncode == 2
    assert "APP_ID:API_KEY" in result.stderr


def test_two_apps_with_one_subdomain_refuse_to_start():
    result = run_refused("--backendless-app", "A:K:same", "--backendless-app", "B:K:same")
    assert result.returncode == 2
    assert "subdomain" in result.stderr


def test_sendbird_app_flag_adds_the_app_or_says_the_provider_is_missing(tmp_path):
    from fakepush.state import FakeState
    from fakepush.providers import ALL

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fakepush",
            "serve",
            "--port",
            "0",
            "--sendbird-app",
            "SB-APP:master-token,second-token",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        if "sendbird" in FakeState(ALL).stores:
            line = ""
            deadline = time.monotonic() + START_TIMEOUT
            while "Stop with" not in line and time.monotonic() < deadline:
                line += process.stdout.readline()
            assert "app_id=SB-APP api_token=master-token secondary=second-token" in line
            assert "/v3/users" in line and "Api-Token: fakepush-api-token" in line
        else:
            assert process.wait(timeout=START_TIMEOUT) == 2
            assert "no Sendbird provider" in process.stderr.read()
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=START_TIMEOUT)
        process.stdout.close()
        process.stderr.close()


def test_sendbird_app_flag_needs_an_app_id_and_a_token():
    result = run_refused("--sendbird-app", "ONLY-AN-ID")
    assert result.returncode == 2
    assert "APP_ID:API_TOKEN" in result.stderr


def test_profile_flag_chooses_the_servers_profile(serve):
    served = serve("--profile", "sdk")
    assert "(profile sdk)" in served.stdout()
    assert http(f"{served.url}/_fakepush/config")[1]["profile"] == "sdk"
    assert http(f"{served.url}{REGISTRATIONS}", "POST", device("d1"))[0] == 200
    status, retrieved = http(f"{served.url}{REGISTRATIONS}/d1")
    assert status == 200 and isinstance(retrieved, list) and retrieved[0]["deviceId"] == "d1"
