"""A TypeScript-style Sendbird server flow (``sendbird_ts/flow.mjs``, plain ``fetch``)
against a real ``fakepush serve``: create the user, on 400202 update them, add and remove
apns and gcm tokens, set ``push_trigger_option``, issue a session token; no error.

Needs node 18+ (for ``fetch``); no npm packages.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

FLOW = Path(__file__).parent / "sendbird_ts" / "flow.mjs"
START_TIMEOUT = 20


@pytest.fixture
def served(tmp_path):
    out = tmp_path / "stdout.txt"
    with open(out, "wb") as stdout:
        process = subprocess.Popen(
            [sys.executable, "-m", "fakepush", "serve", "--port", "0"],
            stdout=stdout,
            stderr=subprocess.DEVNULL,
            env=dict(os.environ),
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            match = re.search(r"fakepush serving on (http://\S+)", out.read_text())
            if match:
                break
            assert process.poll() is None, f"fakepush exited {process.returncode}"
            time.sleep(0.05)
        else:
            raise AssertionError(f"no banner after {START_TIMEOUT}s")
        yield match.group(1)
    finally:
        process.terminate()
        process.wait(timeout=START_TIMEOUT)


def test_typescript_style_login_flow_runs_twice_without_one_error(served):
    node = shutil.which("node")
    assert node, "node (18+) is needed on PATH for the TypeScript-style flow"
    result = subprocess.run(
        [node, str(FLOW), served, "fakepush-api-token"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen == {
        "nicknames": ["TS User", "TS User Again"],
        "trigger": ["mention_only", "mention_only"],
        "sessions": ["string", "number"],
        "apns": ["apns-2"],
        "gcm": ["fcm:tok/2"],
    }
