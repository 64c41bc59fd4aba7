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


def test_journal_fields_are_worked_out_from_the_raw_pieces(client, state):
    client.post(BASE, json=BODY)
    client.get("/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/no/where")  # no route
    client.get(f"{BASE}/nobody")
    ok, unrouted, error = state.journal
    assert ok["provider"] == "backendless" and ok["operation"] == "backendless.register"
    assert ok["app_id"] == "FAKEPUSH-APP-ID" and ok["status"] == 200
    assert ok["error_code"] is None and ok["duration_ms"] >= 0
    assert isinstance(ok["at"], int) and ok["method"] == "POST" and ok["path"] == BASE
    assert unrouted["provider"] == "backendless" and unrouted["operation"] is None
    assert unrouted["error_code"] is None  # a 404 whose JSON code is the status itself
    assert error["error_code"] == 5000 and error["operation"] == "backendless.retrieve"
    assert [r["id"] for r in state.journal] == [1, 2, 3]
    assert state.journal[-1] is state.journal[2]  # worked out once, then kept


def test_every_answer_carries_the_request_id_and_cors_headers_once(client, state):
    response = client.get(f"{BASE}/nobody")
    assert response.headers.getlist("X-Fakepush-Request-Id") == ["1"]
    assert response.headers.getlist("Access-Control-Allow-Origin") == ["*"]
    preflight = client.options(BASE, headers={"Access-Control-Request-Headers": "user-token"})
    assert preflight.headers.getlist("Access-Control-Allow-Origin") == ["*"]
    assert preflight.headers["Access-Control-Allow-Headers"] == "user-token"


def test_hooks_registered_by_others_still_run_around_the_fakes_own(state):
    from flask import g

    from fakepush.app import create_app

    app = create_app(state)
    seen = []
    app.before_request(lambda: seen.append(("before", g.fakepush.request_id)))
    app.after_request(lambda r: seen.append(("after", "X-Fakepush-Request-Id" in r.headers)) or r)
    app.teardown_request(lambda exc: seen.append(("teardown", exc)))
    assert app.test_client().post(BASE, json=BODY).status_code == 200
    # After-request functions run before the fake's finish, as when it was a hook
    # registered first (Flask runs them in reverse order).
    assert seen == [("before", 1), ("after", False), ("teardown", None)]
    assert len(state.journal) == 1


def test_a_before_request_function_answering_stops_the_view_and_is_journaled(state):
    from fakepush.app import create_app

    app = create_app(state)
    app.before_request(lambda: ({"stopped": True}, 418))
    response = app.test_client().post(BASE, json=BODY)
    assert response.status_code == 418 and response.json == {"stopped": True}
    assert state.backendless.export()["apps"][0]["registrations"] == []
    assert state.journal[0]["status"] == 418 and state.journal[0]["request"] == BODY


def test_json_answers_are_flasks_bytes(client):
    response = client.post(BASE, json=BODY)
    assert response.mimetype == "application/json"
    assert response.data.endswith(b"\n") and b": " not in response.data
    assert response.headers["Content-Length"] == str(len(response.data))


def test_blueprint_hooks_and_url_value_preprocessors_still_run(state):
    from flask import Blueprint

    from fakepush.app import create_app

    app = create_app(state)
    seen = []
    extra = Blueprint("extra", __name__)
    extra.before_request(lambda: seen.append("blueprint before"))
    extra.url_value_preprocessor(lambda endpoint, values: seen.append(f"values {values}"))
    extra.add_url_rule("/extra/<name>", view_func=lambda name: {"name": name})
    app.register_blueprint(extra)
    app.url_value_preprocessor(lambda endpoint, values: seen.append(f"app values {endpoint}"))
    assert app.test_client().get("/extra/x").json == {"name": "x"}
    assert seen == ["app values extra.<lambda>", "values {'name': 'x'}", "blueprint before"]


def test_collect_spread_reports_the_per_round_ratios():
    from bench.pytest_cost import paired_spread

    times = {"with": [1.1, 1.0, 2.2, 1.3, 1.0], "without": [1.0, 1.0, 2.0, 1.0, 1.0]}
    text = paired_spread(times)
    assert "median 1.100" in text and "range 1.000-1.300" in text and "5 rounds" in text


def test_the_test_client_keeps_cookies_a_response_sets_and_sends_them_back(state):
    from flask import make_response, request

    from fakepush.app import create_app
    from fakepush.web.client import FakepushClient

    app = create_app(state)

    def set_cookie():
        response = make_response({"set": True})
        response.set_cookie("flavour", "oat")
        return response

    def clear_cookie():
        response = make_response({"cleared": True})
        response.delete_cookie("flavour")
        return response

    app.add_url_rule("/extra/set", view_func=set_cookie)
    app.add_url_rule("/extra/clear", view_func=clear_cookie)
    app.add_url_rule("/extra/echo", view_func=lambda: {"cookie": request.headers.get("Cookie")})
    client = app.test_client()
    assert type(client) is FakepushClient
    assert client.get("/extra/echo").json == {"cookie": None}
    client.get("/extra/set")
    assert client.get("/extra/echo").json == {"cookie": "flavour=oat"}
    assert client.get_cookie("flavour").value == "oat"
    client.get("/extra/clear")
    assert client.get("/extra/echo").json == {"cookie": None}
    client.set_cookie("chosen", "by-test")
    assert client.get("/extra/echo").json == {"cookie": "chosen=by-test"}
    # A Cookie header the test sends itself, with an empty jar, is dropped as werkzeug does.
    client.delete_cookie("chosen")
    assert client.get("/extra/echo", headers={"Cookie": "a=b"}).json == {"cookie": None}


def test_the_test_client_without_a_cookie_jar_sends_the_tests_cookie_header(state):
    from flask import request

    from fakepush.app import create_app

    app = create_app(state)
    app.add_url_rule("/extra/echo", view_func=lambda: {"cookie": request.headers.get("Cookie")})
    client = app.test_client(use_cookies=False)
    assert client.get("/extra/echo", headers={"Cookie": "a=b"}).json == {"cookie": "a=b"}
