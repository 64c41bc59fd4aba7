"""``fakepush serve`` left running: a full stderr pipe, signals, SIGKILL and its state file."""

from __future__ import annotations

import http.client
import re
import signal
import subprocess
import sys
import time

import pytest
from tests.reliability.serve_process import REGISTRATIONS, ServeProcess, call, device, device_ids, read_json

pytestmark = pytest.mark.slow

# The promise is 2 s; the test allows a loaded machine a little more. A server that hangs
# (the old behaviour with a full pipe) never exits at all.
STOP_SECONDS = 4
# Changes are on disk within 1 s of their answer; this is how long the test waits.
DURABLE_AFTER_SECONDS = 1.5


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_full_stderr_pipe_never_stalls_requests_or_the_shutdown(tmp_path, stop_signal):
    """Nobody reads the pipe: log lines of 4 KiB paths fill its 64 KiB buffer in 16 requests."""
    served = ServeProcess(tmp_path, stderr=subprocess.PIPE)
    try:
        host, port = served.url.split("//")[1].split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        long_path = "/no-such-route/" + "x" * 4096
        for _ in range(400):
            conn.request("GET", long_path)
            response = conn.getresponse()
            response.read()
            assert response.status == 404
        conn.close()
        started = time.monotonic()
        served.process.send_signal(stop_signal)
        served.process.wait(timeout=STOP_SECONDS)
        assert time.monotonic() - started < STOP_SECONDS
    finally:
        served.end()


def test_every_acknowledged_registration_survives_a_sigkill(tmp_path):
    state_file = tmp_path / "state.json"
    served = ServeProcess(tmp_path, "--state-file", str(state_file))
    try:
        acknowledged = set()
        for i in range(60):
            status, _ = call(served.url + REGISTRATIONS, "POST", device(f"kill-{i}"))
            assert status == 200
            acknowledged.add(f"kill-{i}")
        time.sleep(DURABLE_AFTER_SECONDS)
        served.process.send_signal(signal.SIGKILL)
        served.process.wait(timeout=10)
    finally:
        served.end()
    assert device_ids(read_json(state_file)) == acknowledged
    restarted = ServeProcess(tmp_path, "--state-file", str(state_file))
    try:
        status, export = call(restarted.url + "/_fakepush/state")
        assert status == 200 and device_ids(export) == acknowledged
    finally:
        restarted.end()


def test_a_reset_is_on_disk_within_a_second_too(tmp_path):
    """Durability is for every acknowledged change, a removal included."""
    state_file = tmp_path / "state.json"
    served = ServeProcess(tmp_path, "--state-file", str(state_file))
    try:
        assert call(served.url + REGISTRATIONS, "POST", device("gone"))[0] == 200
        time.sleep(DURABLE_AFTER_SECONDS)
        assert device_ids(read_json(state_file)) == {"gone"}
        assert call(served.url + "/_fakepush/reset", "POST")[0] == 200
        time.sleep(DURABLE_AFTER_SECONDS)
        assert device_ids(read_json(state_file)) == set()
    finally:
        served.end()


def test_stale_temporary_files_of_the_state_file_are_removed_at_start(tmp_path):
    state_file = tmp_path / "state.json"
    stale = [tmp_path / ".state.json.k2j3h4.tmp", tmp_path / ".state.json.zz9.tmp"]
    for path in stale:
        path.write_text('{"api_key": "secret"')
    unrelated = tmp_path / ".other.json.abc.tmp"
    unrelated.write_text("keep")
    served = ServeProcess(tmp_path, "--state-file", str(state_file))
    try:
        assert [path.exists() for path in stale] == [False, False]
        assert unrelated.exists()
    finally:
        served.end()


# Started as a shell's `fakepush serve 2>&-` would be: fd 2 closed, so `sys.stderr` is None.
CLOSED_STDERR = ("import os, sys\nos.close(2)\n"
                 "os.execv(sys.executable, [sys.executable, '-m', 'fakepush', 'serve', '--port', '0'])")


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_closed_stderr_neither_stops_the_start_nor_the_requests_nor_the_shutdown(
    tmp_path, stop_signal
):
    out_path = tmp_path / "stdout.txt"
    with open(out_path, "wb") as out:
        process = subprocess.Popen([sys.executable, "-c", CLOSED_STDERR], stdout=out)
    try:
        deadline = time.monotonic() + 30
        while not (match := re.search(r"fakepush serving on (http://\S+)", out_path.read_text())):
            assert process.poll() is None, f"serve exited {process.returncode} at start"
            assert time.monotonic() < deadline, "no banner"
            time.sleep(0.05)
        url = match.group(1)
        for i in range(20):  # each is a log line with nowhere to go
            assert call(url + REGISTRATIONS, "POST", device(f"closed-{i}"))[0] == 200
        started = time.monotonic()
        process.send_signal(stop_signal)
        assert process.wait(timeout=STOP_SECONDS) == 0
        assert time.monotonic() - started < STOP_SECONDS
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
