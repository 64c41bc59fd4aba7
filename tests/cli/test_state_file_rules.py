"""``--state-file`` applies the API's own rules at start: a file the API could never have
made (a channel name it refuses, 21 Sendbird tokens of one type) stops the start, is
named in the message, and is left as it was: never cut to fit, never replaced."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest

from fakepush import FakePush
from tests.reliability.serve_process import ServeProcess, call, device_ids

pytestmark = pytest.mark.slow

DEVICE = {"deviceId": "d1", "deviceToken": "t1", "os": "ANDROID", "osVersion": "14"}
USER = {"user_id": "u1", "nickname": "n", "profile_url": ""}


def _export() -> dict:
    fake = FakePush()
    client = fake.client()
    assert client.post("/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/registrations",
                       json=DEVICE).status_code == 200
    assert client.post("/v3/users", json=USER,
                       headers={"Api-Token": fake.sendbird.api_token}).status_code == 200
    return copy.deepcopy(fake.export())


def _channel_the_api_refuses(export: dict) -> None:
    app = export["backendless"]["apps"][0]
    app["channels"].append("a/b")
    app["registrations"][0]["channel"] = "a/b"


def _twenty_one_tokens(export: dict) -> None:
    export["sendbird"]["apps"][0]["users"][0]["tokens"]["gcm"] = [f"t{i}" for i in range(21)]


@pytest.mark.parametrize("change", [_channel_the_api_refuses, _twenty_one_tokens],
                         ids=["channel-a/b", "21-gcm-tokens"])
def test_a_state_file_that_breaks_an_api_rule_refuses_the_start_and_is_left_alone(
    tmp_path, change
):
    export = _export()
    change(export)
    state_file = tmp_path / "state.json"
    state_file.write_text(json.dumps(export))
    before = state_file.read_bytes()
    done = subprocess.run([sys.executable, "-m", "fakepush", "serve", "--port", "0",
                           "--state-file", str(state_file)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "cannot be loaded" in done.stderr and str(state_file) in done.stderr
    assert "fakepush serving" not in done.stdout
    assert state_file.read_bytes() == before


def test_the_same_state_file_without_the_break_starts(tmp_path):
    """The control: the unchanged export loads (so the refusals above are the rules')."""
    state_file = tmp_path / "state.json"
    state_file.write_text(json.dumps(_export()))
    served = ServeProcess(tmp_path, "--state-file", str(state_file))
    try:
        status, export = call(served.url + "/_fakepush/state")
        assert status == 200 and device_ids(export) == {"d1"}
    finally:
        served.end()
