"""Defects found by the reliability work (hostile input, fuzzing), one test each, kept.

Each docstring names what was wrong before the fix.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

REG = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/registrations"


def _register(client, device_id):
    body = {"deviceId": device_id, "deviceToken": "t", "os": "IOS", "osVersion": "17"}
    response = client.post(REG, json=body)
    assert response.status_code == 200, response.json


@pytest.mark.parametrize("device_id", ["a\nb", "line\r\nbreak", "\n"])
def test_device_id_with_a_newline_can_be_retrieved_and_cancelled(client, device_id):
    """Werkzeug's ``path`` converter stopped at a newline: such a device registered fine
    but every retrieve and cancel of it answered 404."""
    _register(client, device_id)
    path = f"{REG}/{quote(device_id, safe='')}"
    assert client.get(path).json["deviceId"] == device_id
    assert client.delete(path).json == {"result": True}
    assert client.get(path).json["code"] == 5000


@pytest.mark.parametrize("device_id", ["/a", "//", "a//b", "a/"])
def test_device_id_with_leading_or_doubled_slashes_is_not_redirected(client, device_id):
    """``…/registrations//a`` answered a 308 redirect to ``…/registrations/a`` with an HTML
    page (Werkzeug merges slashes), so device ``/a`` could never be read; the JS SDK does not
    escape ``/`` in device ids."""
    _register(client, device_id)
    for path in (f"{REG}/{device_id}", f"{REG}/{quote(device_id, safe='')}"):
        response = client.get(path)
        assert response.status_code == 200, response.get_data()
        assert response.json["deviceId"] == device_id


def test_lone_surrogate_escape_is_refused_like_invalid_utf8(client, state):
    """``"\\ud800"`` was stored as a device id; the state could then not be encoded as
    UTF-8 (state file, dashboard, logs)."""
    response = client.post(
        REG,
        data=b'{"deviceId": "\\ud800", "deviceToken": "t", "os": "A", "osVersion": "1"}',
        content_type="application/json",
    )
    assert (response.status_code, response.json["code"]) == (400, 8002)
    assert state.backendless.registrations(state.backendless.app_by_id()) == []


def _state_with_row(**row_fields) -> bytes:
    import json

    row = {"objectId": "O1", "deviceId": "d", "deviceToken": "t", "os": "IOS", "osVersion": "1",
           "channel": "default", "expiration": None, "ownerId": None, "created": 1, "updated": 1}
    row.update(row_fields)
    text = json.dumps({"backendless": {"apps": [
        {"app_id": "X", "api_key": "k", "channels": [], "users": [], "registrations": [row]}
    ]}})
    return text.replace('"__INF__"', "1e400").encode()


@pytest.mark.parametrize(
    "row_fields",
    [
        {"created": "__INF__"},  # was a 500: OverflowError escaped FakeState.load
        {"updated": "__INF__"},
        {"expiration": "__INF__"},  # was stored: GET state then answered `Infinity` (not JSON)
        {"ownerId": [1]},  # was stored: the export broke its own OpenAPI schema
        {"deviceId": 7},  # was stored as "7"
        {"deviceId": ""},
        {"channel": None},  # was stored as "None"
    ],
    ids=str,
)
def test_put_state_refuses_rows_the_api_could_never_make(client, state, row_fields):
    before = state.export()
    response = client.put(
        "/_fakepush/state", data=_state_with_row(**row_fields), content_type="application/json"
    )
    assert response.status_code == 400, response.get_data()
    assert response.is_json and "message" in response.json
    assert state.export() == before
    assert client.get("/_fakepush/state").status_code == 200


def test_put_state_still_takes_a_real_export(client, state):
    response = client.put(
        "/_fakepush/state", data=_state_with_row(expiration=4102444800000, ownerId="U1"),
        content_type="application/json",
    )
    assert response.status_code == 200, response.get_data()
    assert state.export()["backendless"]["apps"][-1]["registrations"][0]["ownerId"] == "U1"


@pytest.mark.parametrize("mask", ["²", "١", " ³ "])
def test_push_broadcast_in_unicode_digits_is_8002_not_a_500(client, state, mask):
    """``"pushBroadcast": "²"`` passed ``str.isdigit`` and crashed ``int()`` (a 500); found by
    the fuzz run. Only ASCII digits are a mask; other text is read as OS names."""
    before = state.export()
    response = client.post(
        "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/news",
        json={"message": "hi", "pushBroadcast": mask},
    )
    assert response.status_code == 400 and response.json["code"] == 8002, response.get_data()
    assert "pushBroadcast" in response.json["message"]
    assert state.export() == before


SENDBIRD = {"Api-Token": "fakepush-api-token"}


def test_whole_number_floats_are_integers_where_the_openapi_says_integer(client):
    """``"end_hour": 5.0`` was 400111 though the OpenAPI document (JSON Schema ``integer``)
    allows it; found by the fuzz run. The answer holds ints."""
    user = {"user_id": "alice", "nickname": "Alice", "profile_url": ""}
    assert client.post("/v3/users", json=user, headers=SENDBIRD).status_code == 200
    preference = client.put(
        "/v3/users/alice/push_preference", json={"end_hour": 5.0, "snooze_end_ts": 7.0},
        headers=SENDBIRD,
    )
    assert preference.status_code == 200, preference.get_data()
    assert type(preference.json["end_hour"]) is int and preference.json["end_hour"] == 5
    assert type(preference.json["snooze_end_ts"]) is int
    updated = client.put("/v3/users/alice", json={"last_seen_at": 0.0}, headers=SENDBIRD)
    assert updated.status_code == 200 and updated.json["last_seen_at"] == 0
    fault = client.post("/_fakepush/faults", json={"status": 439.0, "times": 2.0})
    assert fault.status_code == 200, fault.get_data()
    (rule,) = client.get("/_fakepush/faults").json["faults"]
    assert (rule["status"], rule["times"]) == (439, 2)
    assert type(rule["status"]) is int


@pytest.mark.parametrize("operation", ["find", "count"])
def test_a_table_find_or_count_post_without_a_body_uses_the_defaults(client, operation):
    """``POST /data/DeviceRegistration/find`` (or ``/count``) with no body was 8002 though the
    OpenAPI document marks its body optional; found by the fuzz run."""
    _register(client, "phone-1")
    path = f"/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/data/DeviceRegistration/{operation}"
    response = client.post(path)
    assert response.status_code == 200, response.get_data()
    rows = response.json if operation == "count" else len(response.json)
    assert rows == 1
    spaces = client.post(path, data=" ", content_type="application/json")
    assert spaces.status_code == 400 and spaces.json["code"] == 8002
