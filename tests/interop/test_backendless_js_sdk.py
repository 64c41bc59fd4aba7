"""The official Backendless JS SDK (backendless@8.0.0, pinned) against a live fake, profile ``sdk``.

Needs node and npm (the packages are installed from the committed package-lock.json on
first use). Without them the test fails: a skipped interop test would prove nothing.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from fakepush import FakePush

JS_DIR = Path(__file__).parent / "backendless_js"
OBJECT_ID = "[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}"
DEVICE_ID = "js-device 1/x"  # the SDK escapes the space and keeps the slash

pytestmark = [pytest.mark.interop, pytest.mark.slow]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"{name} was not found on PATH: the Backendless JS SDK test needs node and npm "
            f"(node 18+); install them, then run the test again"
        )
    return path


@pytest.fixture(scope="session")
def backendless_js() -> Path:
    """The driver's folder with node_modules installed (``npm ci`` once, under a file lock,
    so two xdist workers never install into the same folder at once)."""
    node, npm = _tool("node"), _tool("npm")
    digest = hashlib.sha1(str(JS_DIR).encode()).hexdigest()[:12]  # the same in every worker
    lock_path = Path(tempfile.gettempdir()) / f"fakepush-backendless-js-{digest}.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (JS_DIR / "node_modules" / "backendless" / "package.json").exists():
            result = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund"],
                cwd=JS_DIR,
                capture_output=True,
                check=False,
                text=True,
                timeout=300,
            )
            if result.returncode != 0:
                pytest.fail(f"npm ci failed in {JS_DIR}:\n{result.stdout}\n{result.stderr}")
    installed = json.loads((JS_DIR / "node_modules" / "backendless" / "package.json").read_text())
    assert installed["version"] == "8.0.0", "node_modules holds another SDK version: npm ci"
    assert subprocess.run([node, "--version"], capture_output=True, check=False).returncode == 0
    return JS_DIR


def run_driver(js_dir: Path, fake: FakePush, form: str, scenario: str = "registrations") -> dict:
    result = subprocess.run(
        [
            _tool("node"),
            "driver.js",
            fake.backendless.server_url,
            fake.backendless.app_id,
            fake.backendless.api_key,
            form,
            DEVICE_ID,
            scenario,
        ],
        cwd=js_dir,
        capture_output=True,
        check=False,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"driver failed:\n{result.stdout}\n{result.stderr}"
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("form", ["path", "domain"])
def test_js_sdk_register_retrieve_unregister_against_the_fake(backendless_js, form):
    with FakePush(profile="sdk") as fake:
        results = run_driver(backendless_js, fake, form)
        journal = fake.journal.filter(provider="backendless")
        rows_after = fake.backendless.registrations()

    # What the SDK resolved and rejected with.
    with_channels = results["registerWithChannels"]["resolved"]["registrationId"]
    match = re.fullmatch(f"({OBJECT_ID})::news,({OBJECT_ID})::alerts", with_channels)
    assert match, with_channels
    news_id, alerts_id = match.groups()
    without_channels = results["registerWithoutChannels"]["resolved"]["registrationId"]
    match = re.fullmatch(f"({OBJECT_ID})::default", without_channels)
    assert match, without_channels
    default_id = match.group(1)
    assert len({news_id, alerts_id, default_id}) == 3

    assert results["registerWithDateExpiration"] == {
        "rejected": {
            "code": 5004,
            "status": 400,
            "message": "Unable to register device. Invalid expiration date.",
        }
    }
    assert results["getRegistrations"] == {
        "resolved": [
            {
                "id": news_id,
                "deviceToken": "fcm-token-2",
                "deviceId": DEVICE_ID,
                "os": "ANDROID",
                "osVersion": "14",
                "channels": ["news", "alerts", "default"],
                "expiration": None,
            }
        ]
    }
    assert results["unregisterDevice"] == {"resolved": {"result": True}}
    assert results["getRegistrationsAfterUnregister"] == {
        "rejected": {
            "code": 5000,
            "status": 400,
            "message": "Unable to retrieve device registration - unknown device ID.",
        }
    }

    # What the fake saw: the SDK's requests, in its URL form, the device id decoded.
    prefix = (
        "/api" if form == "domain" else f"/{fake.backendless.app_id}/{fake.backendless.api_key}"
    )
    device_path = f"{prefix}/messaging/registrations/{DEVICE_ID}"
    info = [r for r in journal if r["operation"] == "backendless.info"]
    assert [(r["path"], r["status"], r["app_id"]) for r in info] == [
        (f"{prefix}/info", 200, "FAKEPUSH-APP-ID")
    ]
    calls = [
        (r["method"], r["path"], r["operation"], r["status"], r["error_code"])
        for r in journal
        if r["operation"] != "backendless.info"
    ]
    register_path = f"{prefix}/messaging/registrations"
    assert calls == [
        ("POST", register_path, "backendless.register", 200, None),
        ("POST", register_path, "backendless.register", 200, None),
        ("POST", register_path, "backendless.register", 400, 5004),
        ("GET", device_path, "backendless.retrieve", 200, None),
        ("DELETE", device_path, "backendless.cancel", 200, None),
        ("GET", device_path, "backendless.retrieve", 400, 5000),
    ]
    registers = [r["request"] for r in journal if r["operation"] == "backendless.register"]
    assert registers[0] == {
        "deviceToken": "fcm-token-1",
        "deviceId": DEVICE_ID,
        "os": "ANDROID",
        "osVersion": "14",
        "channels": ["news", "alerts"],
    }
    assert "channels" not in registers[1] and "expiration" not in registers[1]
    # The SDK turns a Date into seconds: about 1.8e9, far below any epoch-ms "now".
    assert 1e9 < registers[2]["expiration"] < 1e11
    assert all(r["app_id"] == "FAKEPUSH-APP-ID" for r in journal)
    assert rows_after == []


@pytest.mark.parametrize("form", ["path", "domain"])
def test_js_sdk_publishes_reads_status_cancels_and_pushes_templates(backendless_js, form):
    with FakePush(profile="sdk") as fake:
        fake.backendless.add_template(
            "welcome", "Welcome {name}", channel="news", android={"contentTitle": "Hi"}
        )
        results = run_driver(backendless_js, fake, form, scenario="delivery")
        pushes = fake.backendless.pushes()
        journal = fake.journal.filter(provider="backendless")
        rows_after = fake.backendless.registrations()

    for name in ("publishBroadcast", "publishSinglecast", "publishScheduled", "pushWithTemplate"):
        answer = results[name]["resolved"]
        assert answer["status"] == "scheduled" and answer["errorMessage"] is None, name
        assert re.fullmatch(f"message:{OBJECT_ID}", answer["messageId"]), name
    scheduled_id = results["publishScheduled"]["resolved"]["messageId"]
    assert results["statusScheduled"]["resolved"]["status"] == "scheduled"
    assert results["cancel"] == {"resolved": {"messageId": scheduled_id, "status": "cancelled"}}
    assert results["cancelAgain"]["rejected"]["code"] == 5040
    assert results["statusCancelled"]["resolved"]["status"] == "cancelled"
    assert results["getPushTemplates"] == {
        "resolved": {"welcome": {"name": "welcome", "contentTitle": "Hi"}}
    }
    assert results["deleteChannel"] == {"resolved": {"result": True}}
    assert results["deleteChannelAgain"]["rejected"]["code"] == 5010

    assert [(p["payload"], p["token"], p["message_id"]) for p in pushes] == [
        ({"android-content-title": "Title", "message": "hello"}, "fcm-token-d",
         results["publishBroadcast"]["resolved"]["messageId"]),
        ({"message": "just you"}, "fcm-token-d",
         results["publishSinglecast"]["resolved"]["messageId"]),
        ({"android-content-title": "Hi", "template_name": "welcome", "message": "Welcome Ann"},
         "fcm-token-d", results["pushWithTemplate"]["resolved"]["messageId"]),
    ]
    # What the SDK sent: the options flattened into the body, the Date as an ISO string.
    published = [r["request"] for r in journal if r["operation"] == "backendless.publish"]
    assert published[0] == {"message": "hello", "publisherId": "js",
                            "headers": {"android-content-title": "Title"}, "pushBroadcast": 2}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", published[2]["publishAt"])
    assert rows_after == []


@pytest.mark.parametrize("form", ["path", "domain"])
def test_js_sdk_finds_counts_and_removes_device_registration_rows(backendless_js, form):
    with FakePush(profile="sdk") as fake:
        results = run_driver(backendless_js, fake, form, scenario="table")
        journal = fake.journal.filter(provider="backendless")
        rows_after = fake.backendless.registrations()

    found = results["findByToken"]["resolved"]
    assert [(r["channelName"], r["deviceToken"], r["deviceId"]) for r in found] == [
        ("news", "fcm-token-t", DEVICE_ID), ("alerts", "fcm-token-t", DEVICE_ID)]
    assert all(r["___class"] == "DeviceRegistration" and r["operatingSystemName"] == "ANDROID"
               and re.fullmatch(OBJECT_ID, r["objectId"]) for r in found)
    assert results["findOwned"] == {"resolved": []}
    rejected = results["findBadClause"]["rejected"]
    assert rejected["code"] == 1017 and rejected["status"] == 400
    assert rejected["message"].startswith("Invalid where clause: unterminated string")
    assert results["count"] == {"resolved": 1}
    assert results["findById"] == {"resolved": found[0]}
    assert set(results["remove"]["resolved"]) == {"deletionTime"}
    assert results["findByIdAfterRemove"]["rejected"]["code"] == 1000
    assert results["countAfterRemove"] == {"resolved": 1}
    assert [r["channel"] for r in rows_after] == ["alerts"]

    prefix = (
        "/api" if form == "domain" else f"/{fake.backendless.app_id}/{fake.backendless.api_key}"
    )
    table = f"{prefix}/data/DeviceRegistration"
    calls = [(r["method"], r["path"], r["status"]) for r in journal if "/data/" in r["path"]]
    object_path = f"{table}/{found[0]['objectId']}"
    assert calls == [
        ("POST", f"{table}/find", 200), ("POST", f"{table}/find", 200),
        ("POST", f"{table}/find", 400), ("POST", f"{table}/count", 200),
        ("GET", object_path, 200), ("DELETE", object_path, 200), ("GET", object_path, 400),
        ("POST", f"{table}/count", 200),
    ]
    finds = [r["request"] for r in journal if r["path"] == f"{table}/find"]
    assert finds[0]["where"] == "deviceToken = 'fcm-token-t' AND channelName IN ('news', 'alerts')"
    assert finds[0]["pageSize"] == 50 and finds[0]["sortBy"] == "channelName DESC"
