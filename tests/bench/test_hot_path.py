"""The request path's shortcuts change nothing a user can see."""

from __future__ import annotations

BASE = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/registrations"
BODY = {"deviceId": "d1", "deviceToken": "tok", "os": "ANDROID", "osVersion": "14"}


def test_journal_bodies_are_parsed_json_in_every_way_of_reading(client, state):
    client.post(BASE, json=BODY)
    client.get(f"{BASE}/nobody")
    journal = state.journal
    assert journal[0]["request"] == BODY
    assert journal[-1]["response"]["code"] == 5000
    assert [r["request"] for r in journal[0:1]] == [BODY]
    assert [r["request"] for r in journal] == [BODY, None]
    assert journal.filter(status=400)[0]["response"]["code"] == 5000
    assert journal.filter(method="POST")[0]["response"]["registrationId"].endswith("::default")


def test_user_token_header_is_read_on_the_hot_path(client, state):
    token = state.backendless.login(state.backendless.app_by_id())["user-token"]
    assert client.post(BASE, json=BODY, headers={"user-token": token}).status_code == 200
    unknown = client.post(BASE, json=BODY, headers={"user-token": "nope"})
    assert unknown.json["code"] == 3064


def test_a_fault_still_matches_when_rules_exist(client, state):
    state.faults.add(path="registrations$", status=503)
    assert client.post(BASE, json=BODY).status_code == 503
    assert client.post(BASE, json=BODY).status_code == 200
