"""Every admin route through the Flask test client: what it answers and what it changes."""

from __future__ import annotations

import pytest

BASE = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/registrations"
DEVICE = {"deviceId": "d1", "deviceToken": "tok", "os": "ANDROID", "osVersion": "14"}


def register(client, device_id="d1", base=BASE, **fields):
    body = {**DEVICE, "deviceId": device_id, **fields}
    response = client.post(base, json=body)
    assert response.status_code == 200, response.json
    return response


def assert_admin_error(response, status=400):
    assert response.status_code == status
    assert response.is_json
    assert set(response.json) == {"message"} and response.json["message"]


# -- reset ------------------------------------------------------------------------------


def test_reset_clears_data_journal_faults_and_clock_but_keeps_apps_and_profile(client, state):
    client.put(
        "/_fakepush/config",
        json={
            "profile": "sdk",
            "backendless_apps": [{"app_id": "A2", "api_key": "K2", "subdomain": "two"}],
        },
    )
    register(client)
    client.post("/_fakepush/faults", json={"status": 500, "path": "nothing-matches-this"})
    client.put("/_fakepush/clock", json={"advance_ms": 60_000})

    response = client.post("/_fakepush/reset")

    assert response.status_code == 200 and response.is_json
    assert state.backendless.registrations(state.backendless.app_by_id()) == []
    assert state.backendless.channels(state.backendless.app_by_id()) == []
    assert len(state.journal) == 0
    assert state.faults.list() == []
    assert client.get("/_fakepush/clock").json["offset_ms"] == 0
    config = client.get("/_fakepush/config").json
    assert config["profile"] == "sdk"
    assert "A2" in [app["app_id"] for app in config["backendless_apps"]]


# -- state ------------------------------------------------------------------------------


def test_get_state_exports_what_put_state_loads_back(client):
    register(client, "d1")
    register(client, "d2", channels=["news"])
    exported = client.get("/_fakepush/state").json
    client.post("/_fakepush/reset")
    assert client.get(f"{BASE}/d1").status_code == 400

    response = client.put("/_fakepush/state", json=exported)

    assert response.status_code == 200
    assert response.json == exported
    assert client.get(f"{BASE}/d2").json["channels"] == ["news"]


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"[1, 2]", b'{"backendless": []}', b'{"backendless": {"apps": [{}]}}'],
    ids=["empty", "not-json", "list", "section-not-object", "app-without-id"],
)
def test_put_state_with_a_bad_body_is_400_and_changes_nothing(client, body):
    register(client)
    before = client.get("/_fakepush/state").json

    response = client.put("/_fakepush/state", data=body, content_type="application/json")

    assert_admin_error(response)
    assert client.get("/_fakepush/state").json == before


# -- journal ----------------------------------------------------------------------------


def test_requests_lists_emulated_requests_oldest_first_without_admin_requests(client):
    register(client, "d1")
    client.get(f"{BASE}/missing")
    client.get("/_fakepush/health")

    records = client.get("/_fakepush/requests").json["requests"]

    assert [(r["method"], r["status"]) for r in records] == [("POST", 200), ("GET", 400)]
    first, second = records
    assert set(first) == {
        "id",
        "at",
        "method",
        "path",
        "provider",
        "operation",
        "app_id",
        "status",
        "error_code",
        "request",
        "request_cut",
        "response",
        "response_cut",
        "duration_ms",
        "profile",
        "fault",
    }
    assert (first["profile"], first["fault"]) == ("docs", None)  # auto, and not an SDK
    assert first["request"]["deviceId"] == "d1"
    assert first["operation"] == "backendless.register"
    assert second["error_code"] == 5000


@pytest.mark.parametrize(
    ("query", "expected_paths"),
    [
        ("method=get", [f"{BASE}/d1"]),
        ("status=400", ["/NOPE/NOPE/messaging/registrations"]),
        ("path=/d1", [f"{BASE}/d1"]),
        ("provider=backendless&app_id=FAKEPUSH-APP-ID", [BASE, f"{BASE}/d1"]),
        ("app_id=NOPE", []),
        ("provider=sendbird", []),
    ],
)
def test_requests_filters_by_query(client, query, expected_paths):
    register(client, "d1")
    client.get(f"{BASE}/d1")
    client.post("/NOPE/NOPE/messaging/registrations", json=DEVICE)

    records = client.get(f"/_fakepush/requests?{query}").json["requests"]

    assert [r["path"] for r in records] == expected_paths


def test_requests_with_a_status_that_is_not_a_number_is_400(client):
    assert_admin_error(client.get("/_fakepush/requests?status=ok"))


def test_delete_requests_empties_the_journal(client, state):
    register(client)
    response = client.delete("/_fakepush/requests")
    assert response.status_code == 200 and response.json == {"deleted": 1}
    assert client.get("/_fakepush/requests").json == {"requests": []}


# -- clock ------------------------------------------------------------------------------


def test_put_clock_frozen_at_freezes_the_clock(client):
    response = client.put("/_fakepush/clock", json={"frozen_at": 1_700_000_000_000})
    assert response.status_code == 200
    assert response.json == {"now": 1_700_000_000_000, "frozen": True, "offset_ms": 0}
    assert client.get("/_fakepush/clock").json["now"] == 1_700_000_000_000


def test_put_clock_advance_moves_a_frozen_clock(client):
    client.put("/_fakepush/clock", json={"frozen_at": 1_700_000_000_000})
    response = client.put("/_fakepush/clock", json={"advance_ms": 1500})
    assert response.json == {"now": 1_700_000_001_500, "frozen": True, "offset_ms": 0}


def test_put_clock_advance_shifts_a_running_clock(client, state):
    response = client.put("/_fakepush/clock", json={"advance_ms": 3_600_000})
    assert response.json["frozen"] is False
    assert response.json["offset_ms"] == 3_600_000


def test_advancing_the_clock_expires_a_registration(client, state):
    client.put("/_fakepush/clock", json={"frozen_at": 1_700_000_000_000})
    register(client, expiration=1_700_000_060_000)
    assert client.get(f"{BASE}/d1").status_code == 200

    client.put("/_fakepush/clock", json={"advance_ms": 60_000})

    assert client.get(f"{BASE}/d1").json["code"] == 5000


def test_delete_clock_goes_back_to_the_system_clock(client):
    client.put("/_fakepush/clock", json={"frozen_at": 1_000})
    response = client.delete("/_fakepush/clock")
    assert response.status_code == 200
    assert response.json["frozen"] is False and response.json["offset_ms"] == 0
    assert response.json["now"] > 1_600_000_000_000


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"frozen_at": 1_000, "advance_ms": 5},
        {"frozen_at": "tomorrow"},
        {"frozen_at": True},
        {"frozen_at": -1},
        {"advance_ms": None},
        {"advance_ms": 10**20},
        {"advance": 5},
        [],
    ],
    ids=["neither", "both", "string", "bool", "negative", "null", "beyond-9999", "typo", "list"],
)
def test_put_clock_with_a_bad_body_is_400_and_leaves_the_clock(client, body):
    client.put("/_fakepush/clock", json={"frozen_at": 1_000})
    response = client.put("/_fakepush/clock", json=body)
    assert_admin_error(response)
    assert client.get("/_fakepush/clock").json == {"now": 1_000, "frozen": True, "offset_ms": 0}


# -- faults -----------------------------------------------------------------------------


def test_post_fault_without_times_fires_once(client):
    response = client.post("/_fakepush/faults", json={"status": 503, "body": {"down": True}})
    assert response.status_code == 200
    rule_id = response.json["id"]
    assert client.get("/_fakepush/faults").json == {
        "faults": [
            {
                "id": rule_id,
                "provider": None,
                "method": None,
                "path": None,
                "times": 1,
                "status": 503,
                "body": {"down": True},
                "delay_ms": 0,
                "drop": False,
                "remaining": 1,
            }
        ]
    }

    first = client.post(BASE, json=DEVICE)
    second = client.post(BASE, json=DEVICE)

    assert (first.status_code, first.json) == (503, {"down": True})
    assert second.status_code == 200
    assert client.get("/_fakepush/faults").json == {"faults": []}


def test_fault_with_times_null_fires_always_and_body_defaults_to_empty_object(client):
    client.post("/_fakepush/faults", json={"status": 500, "times": None, "method": "GET"})
    for _ in range(3):
        response = client.get(f"{BASE}/d1")
        assert (response.status_code, response.json) == (500, {})
    assert client.post(BASE, json=DEVICE).status_code == 200
    assert client.get("/_fakepush/faults").json["faults"][0]["remaining"] is None


def test_fault_that_answers_does_not_run_the_route(client, state):
    client.post("/_fakepush/faults", json={"status": 200, "body": {"registrationId": "X::y"}})
    assert client.post(BASE, json=DEVICE).json == {"registrationId": "X::y"}
    assert client.get(f"{BASE}/d1").json["code"] == 5000


def test_fault_path_is_a_regex_on_the_raw_path_and_the_oldest_rule_wins(client):
    client.post("/_fakepush/faults", json={"status": 502, "path": r"/registrations/a%2Fb$"})
    client.post("/_fakepush/faults", json={"status": 504, "path": "registrations"})
    assert client.get(f"{BASE}/a%2Fb").status_code == 502
    assert client.get(f"{BASE}/a%2Fb").status_code == 504


def test_faults_never_match_the_admin_api(client):
    client.post("/_fakepush/faults", json={"status": 500, "times": None})
    assert client.get("/_fakepush/health").status_code == 200
    assert client.get("/_fakepush/faults").json["faults"][0]["remaining"] is None


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"status": 99},
        {"status": "500"},
        {"status": 500, "times": 0},
        {"status": 500, "provider": "aws"},
        {"status": 500, "path": "("},
        {"delay_ms": -5},
        {"drop": "yes"},
        {"status": 500, "colour": "red"},
        [{"status": 500}],
    ],
    ids=[
        "nothing",
        "status-low",
        "status-string",
        "times-0",
        "provider",
        "bad-regex",
        "negative-delay",
        "drop-string",
        "unknown-field",
        "list",
    ],
)
def test_post_fault_with_a_bad_rule_is_400_and_adds_nothing(client, body):
    assert_admin_error(client.post("/_fakepush/faults", json=body))
    assert client.get("/_fakepush/faults").json == {"faults": []}


def test_delete_faults_removes_every_rule(client):
    client.post("/_fakepush/faults", json={"status": 500})
    client.post("/_fakepush/faults", json={"status": 501})
    assert client.delete("/_fakepush/faults").json == {"deleted": 2}
    assert client.post(BASE, json=DEVICE).status_code == 200


# -- config -----------------------------------------------------------------------------


def test_get_config_lists_the_default_apps(client):
    config = client.get("/_fakepush/config").json
    assert config["profile"] == "auto"  # the default
    assert config["backendless_apps"] == [
        {"app_id": "FAKEPUSH-APP-ID", "api_key": "FAKEPUSH-REST-API-KEY", "subdomain": "fakepush"}
    ]


def test_put_config_switches_the_profile(client):
    register(client)
    response = client.put("/_fakepush/config", json={"profile": "sdk"})
    assert response.status_code == 200 and response.json["profile"] == "sdk"
    assert isinstance(client.get(f"{BASE}/d1").json, list)


def test_put_config_adds_an_app_reachable_by_its_credentials_and_subdomain(client):
    response = client.put(
        "/_fakepush/config",
        json={"backendless_apps": [{"app_id": "APP2", "api_key": "KEY2", "subdomain": "second"}]},
    )
    assert response.status_code == 200
    assert {"app_id": "APP2", "api_key": "KEY2", "subdomain": "second"} in (
        response.json["backendless_apps"]
    )
    register(client, base="/APP2/KEY2/messaging/registrations")
    retrieved = client.get(
        "/api/messaging/registrations/d1", headers={"Host": "second.backendless.app"}
    )
    assert retrieved.status_code == 200
    assert client.get(f"{BASE}/d1").json["code"] == 5000


def test_put_config_with_a_partial_app_updates_only_the_given_fields(client):
    client.put(
        "/_fakepush/config",
        json={"backendless_apps": [{"app_id": "APP2", "api_key": "KEY2", "subdomain": "second"}]},
    )
    client.put(
        "/_fakepush/config", json={"backendless_apps": [{"app_id": "APP2", "api_key": "NEWKEY"}]}
    )
    apps = client.get("/_fakepush/config").json["backendless_apps"]
    assert {"app_id": "APP2", "api_key": "NEWKEY", "subdomain": "second"} in apps
    assert client.post("/APP2/KEY2/messaging/registrations", json=DEVICE).json["code"] == 2002


@pytest.mark.parametrize(
    "body",
    [
        {"profile": "strict"},
        {"profile": 1},
        {"backendless_apps": [{"app_id": "APP2", "api_key": "K", "subdomain": "FAKEPUSH"}]},
        {
            "backendless_apps": [
                {"app_id": "A3", "api_key": "K", "subdomain": "same"},
                {"app_id": "A4", "api_key": "K", "subdomain": "same"},
            ]
        },
        {"backendless_apps": [{"app_id": "NEW"}]},
        {"backendless_apps": {"app_id": "A"}},
        {"backendless_apps": ["A"]},
        {"profile": "sdk", "colour": "red"},
        "sdk",
    ],
    ids=[
        "unknown-profile",
        "profile-number",
        "subdomain-taken",
        "two-apps-one-subdomain",
        "new-app-without-key",
        "apps-not-list",
        "app-not-object",
        "unknown-field",
        "not-object",
    ],
)
def test_put_config_with_a_bad_body_is_400_and_changes_nothing(client, body):
    before = client.get("/_fakepush/config").json
    assert_admin_error(client.put("/_fakepush/config", json=body))
    assert client.get("/_fakepush/config").json == before


def test_put_config_with_one_bad_app_adds_none_of_them(client):
    body = {
        "profile": "sdk",
        "backendless_apps": [
            {"app_id": "GOOD", "api_key": "K", "subdomain": "good"},
            {"app_id": "BAD", "api_key": "K", "subdomain": "good"},
        ],
    }
    assert_admin_error(client.put("/_fakepush/config", json=body))
    config = client.get("/_fakepush/config").json
    assert config["profile"] == "auto"  # unchanged
    assert [app["app_id"] for app in config["backendless_apps"]] == ["FAKEPUSH-APP-ID"]


# -- Backendless users ------------------------------------------------------------------


def test_backendless_users_issues_a_token_that_owns_registrations(client, state):
    response = client.post("/_fakepush/backendless/users", json={"user_id": "USER-1"})
    assert response.status_code == 200
    assert response.json["objectId"] == "USER-1"
    token = response.json["user-token"]

    client.post(BASE, json=DEVICE, headers={"user-token": token})

    rows = state.backendless.registrations(state.backendless.app_by_id())
    assert [row["ownerId"] for row in rows] == ["USER-1"]


def test_backendless_users_without_a_body_makes_a_new_user(client):
    response = client.post("/_fakepush/backendless/users")
    assert response.status_code == 200
    object_id = response.json["objectId"]
    assert object_id == object_id.upper() and len(object_id) == 36


def test_backendless_users_token_belongs_to_the_app_it_was_issued_for(client):
    client.put("/_fakepush/config", json={"backendless_apps": [{"app_id": "A2", "api_key": "K2"}]})
    token = client.post("/_fakepush/backendless/users", json={"app_id": "A2"}).json["user-token"]
    assert (
        client.post(
            "/A2/K2/messaging/registrations", json=DEVICE, headers={"user-token": token}
        ).status_code
        == 200
    )
    response = client.post(BASE, json=DEVICE, headers={"user-token": token})
    assert response.json["code"] == 3064


@pytest.mark.parametrize(
    "body",
    [{"app_id": "NOPE"}, {"user_id": 5}, {"user_id": ""}, {"name": "x"}, [], "x"],
    ids=["unknown-app", "user-id-number", "user-id-empty", "unknown-field", "list", "string"],
)
def test_backendless_users_with_a_bad_body_is_400(client, state, body):
    assert_admin_error(client.post("/_fakepush/backendless/users", json=body))
    assert state.export()["backendless"]["apps"][0]["users"] == []


# -- health, openapi, dashboard, errors -------------------------------------------------


def test_health_is_ok(client):
    assert client.get("/_fakepush/health").json == {"status": "ok"}


def test_openapi_json_is_an_openapi_3_1_document(client):
    document = client.get("/_fakepush/openapi.json").json
    assert document["openapi"] == "3.1.0"
    assert "/_fakepush/clock" in document["paths"]


def test_dashboard_is_an_html_page_that_loads_its_script(client):
    response = client.get("/_fakepush/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert b"/_fakepush/static/dashboard.js" in response.data
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert client.get("/_fakepush/static/dashboard.js").status_code == 200


def test_dashboard_json_holds_config_clock_state_faults_requests_and_pushes(client):
    register(client)
    data = client.get("/_fakepush/dashboard.json").json
    assert set(data) == {"config", "clock", "state", "providers", "faults", "requests",
                         "requests_total", "pushes", "push_cards", "pushes_total"}
    assert data["pushes"] == data["push_cards"] == [] and data["pushes_total"] == 0
    rows = data["state"]["backendless"]["apps"][0]["registrations"]
    assert [row["deviceId"] for row in rows] == ["d1"]
    assert data["requests_total"] == 1


def test_dashboard_json_gives_each_providers_apps_and_tables_in_the_providers_order(client):
    register(client)
    data = client.get("/_fakepush/dashboard.json").json
    assert [p["name"] for p in data["providers"]] == ["backendless", "sendbird"]
    backendless, sendbird = data["providers"]
    assert backendless["apps"] == [["FAKEPUSH-APP-ID", "api_key FAKEPUSH-REST-API-KEY", "fakepush"]]
    tables = [[table["id"] for table in section] for section in backendless["sections"]]
    assert tables == [["registrations"], ["channels", "user-tokens"]]
    (row,) = backendless["sections"][0][0]["rows"]
    assert row[:4] == ["FAKEPUSH-APP-ID", "d1", "default", "ANDROID"]
    assert row[6] == {"value": "never", "className": "num"} and "time" in row[8]
    assert sendbird["sections"][0][0]["id"] == "sendbird-users"


def test_unknown_admin_route_and_wrong_method_are_json_message_errors(client):
    assert_admin_error(client.get("/_fakepush/nothing"), 404)
    assert_admin_error(client.delete("/_fakepush/health"), 405)


def test_admin_writes_answer_200_with_a_json_body(client):
    writes = [
        ("post", "/_fakepush/reset", None),
        ("put", "/_fakepush/state", {"backendless": {"apps": []}}),
        ("delete", "/_fakepush/requests", None),
        ("put", "/_fakepush/clock", {"advance_ms": 1}),
        ("delete", "/_fakepush/clock", None),
        ("post", "/_fakepush/faults", {"status": 500}),
        ("delete", "/_fakepush/faults", None),
        ("put", "/_fakepush/config", {"profile": "docs"}),
        ("post", "/_fakepush/backendless/users", {}),
    ]
    for method, path, body in writes:
        response = getattr(client, method)(path, json=body)
        assert response.status_code == 200, (method, path, response.json)
        assert response.is_json and isinstance(response.json, dict), (method, path)


# -- documented points the review found without a test ----------------------------------


def test_put_state_keeps_the_default_apps(client):
    exported = {
        "version": 1,
        "backendless": {"apps": [{"app_id": "ONLY", "api_key": "K", "subdomain": "only"}]},
        "sendbird": {"apps": [{"app_id": "SBONLY", "api_token": "T"}]},
    }
    assert client.put("/_fakepush/state", json=exported).status_code == 200
    config = client.get("/_fakepush/config").json
    assert [app["app_id"] for app in config["backendless_apps"]] == ["FAKEPUSH-APP-ID", "ONLY"]
    assert [app["app_id"] for app in config["sendbird_apps"]] == ["FAKEPUSH", "SBONLY"]
    register(client)  # the default app still answers
    register(client, base="/ONLY/K/messaging/registrations")


def test_put_config_adds_and_partly_updates_sendbird_apps(client):
    sendbird = {"Host": "api-second.sendbird.com"}
    assert client.get("/_fakepush/config").json["sendbird_apps"] == [
        {"app_id": "FAKEPUSH", "api_token": "fakepush-api-token", "secondary_tokens": []}
    ]
    new = {"app_id": "SECOND", "api_token": "master", "secondary_tokens": ["spare"]}
    response = client.put("/_fakepush/config", json={"sendbird_apps": [new]})
    assert response.status_code == 200 and new in response.json["sendbird_apps"]
    with_spare = {**sendbird, "Api-Token": "spare"}
    assert client.get("/v3/users/u", headers=with_spare).json["code"] == 400201  # auth passed

    client.put(
        "/_fakepush/config",
        json={"sendbird_apps": [{"app_id": "SECOND", "secondary_tokens": ["other"]}]},
    )
    apps = client.get("/_fakepush/config").json["sendbird_apps"]
    assert {"app_id": "SECOND", "api_token": "master", "secondary_tokens": ["other"]} in apps
    assert client.get("/v3/users/u", headers=with_spare).json["code"] == 400401


def test_journal_at_is_when_the_request_arrived(client, state):
    """A delay fault holds the request 200 ms; ``at`` is stamped before the wait."""
    client.post("/_fakepush/faults", json={"delay_ms": 200})
    register(client)
    answered = state.clock.now_ms()
    (record,) = client.get("/_fakepush/requests").json["requests"]
    assert record["at"] <= answered - 200


def test_journal_keeps_a_body_that_is_not_json_as_text_and_an_empty_one_as_null(client):
    client.post(BASE, data="deviceId=d1", content_type="text/plain")
    client.get(f"{BASE}/d1")
    posted, got = client.get("/_fakepush/requests").json["requests"]
    assert posted["request"] == "deviceId=d1"
    assert posted["response"]["code"] == 8002
    assert got["request"] is None


def test_unexpected_error_in_an_admin_route_is_a_message_naming_a_request_id(app, client, monkeypatch):
    state = app.extensions["fakepush"]

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(state.clock, "describe", broken)
    response = client.get("/_fakepush/clock")
    assert response.status_code == 500
    assert list(response.json) == ["message"]
    assert "request id admin-" in response.json["message"]
    assert "boom" not in response.get_data(as_text=True)
