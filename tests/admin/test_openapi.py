"""The OpenAPI document matches the fake: every route is described, real responses validate.

Each provider's scenario drives its routes (success and error) through the test client;
every response is checked against the schema the document gives for its path, method and
status. Every provider of ``fakepush.providers.ALL`` must have a scenario here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from fakepush import create_app
from fakepush.state import FakeState
from fakepush.providers import ALL

BL = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY"
DEVICE = {"deviceId": "d1", "deviceToken": "tok", "os": "ANDROID", "osVersion": "14"}
SB_HEADERS = {"Api-Token": "fakepush-api-token"}
WIDE_PARAMETERS = ("device_id", "token", "filename")  # may hold "/"


@dataclass
class Call:
    method: str
    path: str
    status: int
    body: Any
    content_type: str
    request_body: Any


class Recorder:
    """A test client that remembers every call, to validate them all afterwards."""

    def __init__(self, client) -> None:  # type: ignore[no-untyped-def]
        self.client = client
        self.calls: list[Call] = []

    def __call__(self, method: str, path: str, json: Any = None, **kwargs: Any):  # type: ignore[no-untyped-def]
        if json is not None:
            kwargs["json"] = json
        response = self.client.open(path, method=method.upper(), **kwargs)
        self.calls.append(
            Call(
                method.lower(),
                path.split("?", 1)[0],
                response.status_code,
                response.get_json(silent=True) if response.is_json else None,
                response.mimetype,
                json,
            )
        )
        return response


# -- scenarios: success and error on every route ----------------------------------------


def data_table_calls(call: Recorder, table: str, headers: dict[str, str]) -> None:
    """Success and error on each DeviceRegistration table route."""
    call("post", f"{BL}/messaging/registrations", {**DEVICE, "deviceId": "row"})
    call("get", f"{table}?where=deviceId%20%3D%20%27row%27&pageSize=5", headers=headers)
    call("get", f"{table}?where=nope", headers=headers)
    rows = call("post", f"{table}/find", {"where": "deviceId = 'row'"}, headers=headers).json
    call("post", f"{table}/find", {"pageSize": 101}, headers=headers)
    for method in ("get", "post"):
        call(method, f"{table}/count", {} if method == "post" else None, headers=headers)
        call(method, f"{table}/count?where=(", {"where": "("} if method == "post" else None,
             headers=headers)
    object_id = rows[0]["objectId"]
    call("get", f"{table}/{object_id}", headers=headers)
    call("delete", f"{table}/{object_id}", headers=headers)
    call("get", f"{table}/{object_id}", headers=headers)
    call("delete", f"{table}/{object_id}", headers=headers)


def backendless_scenario(call: Recorder, state: FakeState) -> None:
    token = call("post", "/_fakepush/backendless/users", {"user_id": "U1"}).json["user-token"]
    for prefix, headers in ((BL, {}), ("/api", {"Host": "fakepush.backendless.app"})):
        call("get", f"{prefix}/info", headers=headers)
        call("post", f"{prefix}/messaging/registrations", DEVICE, headers=headers)
        call(
            "post",
            f"{prefix}/messaging/registrations",
            {**DEVICE, "deviceId": "a/b", "channels": ["x", "y"], "expiration": 4102444800000},
            headers={**headers, "user-token": token},
        )
        call("get", f"{prefix}/messaging/registrations/d1", headers=headers)
        call("get", f"{prefix}/messaging/registrations/a/b", headers=headers)
        call("get", f"{prefix}/messaging/registrations/missing", headers=headers)
        call("post", f"{prefix}/messaging/registrations", {"deviceId": ""}, headers=headers)
        call(
            "post",
            f"{prefix}/messaging/registrations",
            data="{",
            headers=headers,
            content_type="application/json",
        )
        call(
            "post",
            f"{prefix}/messaging/registrations",
            DEVICE,
            headers={**headers, "user-token": "nope"},
        )
        call("delete", f"{prefix}/messaging/registrations/d1", headers=headers)
        call("delete", f"{prefix}/messaging/registrations/d1", headers=headers)
        call("put", f"{prefix}/messaging/registrations", DEVICE, headers=headers)
        call(
            "post",
            f"{prefix}/messaging/registrations",
            data=b"x" * (1024 * 1024 + 1),
            headers=headers,
            content_type="application/json",
        )
        _delivery_calls(call, prefix, headers)
    for prefix, headers in ((BL, {}), ("/api", {"Host": "fakepush.backendless.app"})):
        data_table_calls(call, f"{prefix}/data/DeviceRegistration", headers)
    call("get", "/NOPE/NOPE/info")
    call("get", "/api/info", headers={"Host": "unknown.backendless.app"})
    state.set_profile("sdk")
    call("get", f"{BL}/messaging/registrations/a/b")
    call("get", "/api/messaging/registrations/a/b")


def _delivery_calls(call: Recorder, prefix: str, headers: dict[str, str]) -> None:
    call("post", f"{prefix}/messaging/registrations", DEVICE, headers=headers)
    call("post", f"{prefix}/messaging/default", {"message": "hi"}, headers=headers)
    call("post", f"{prefix}/messaging/default", {"message": {"no": 1}}, headers=headers)
    later = call(
        "post", f"{prefix}/messaging/default",
        {"message": "later", "publishAt": 4102444800000}, headers=headers,
    ).json["messageId"]
    call("get", f"{prefix}/messaging/{later}", headers=headers)
    call("get", f"{prefix}/messaging/message:UNKNOWN", headers={**headers, "user-token": "x"})
    call("delete", f"{prefix}/messaging/{later}", headers=headers)
    call("delete", f"{prefix}/messaging/{later}", headers=headers)
    call("put", "/_fakepush/backendless/templates/t1", {"message": "Hi {who}"})
    call("get", f"{prefix}/messaging/pushtemplates", headers=headers)
    call("get", f"{prefix}/messaging/pushtemplates", headers={**headers, "user-token": "x"})
    call("get", f"{prefix}/messaging/pushtemplates/android", headers=headers)
    call("get", f"{prefix}/messaging/pushtemplates/tv", headers=headers)
    call("post", f"{prefix}/messaging/push/t1", {"templateValues": {"who": "you"}}, headers=headers)
    call("post", f"{prefix}/messaging/push/none", {}, headers=headers)
    call("delete", f"{prefix}/messaging/channels/default", headers=headers)
    call("delete", f"{prefix}/messaging/channels/default", headers=headers)


def sendbird_scenario(call: Recorder, state: FakeState) -> None:
    h = SB_HEADERS
    user = {"user_id": "u1", "nickname": "U1", "profile_url": ""}
    call("post", "/v3/users", user, headers=h)
    call("post", "/v3/users", user, headers=h)  # duplicate
    call("post", "/v3/users", {"user_id": "u2", "nickname": None, "profile_url": ""}, headers=h)
    call("post", "/v3/users", data="{", headers=h)
    call("post", "/v3/users", {"user_id": "u3", "nickname": "U3", "profile_url": ""}, headers=h)
    call("get", "/v3/users/u1", headers=h)
    call("get", "/v3/users/u1", headers={"Api-Token": "wrong"})
    call("get", "/v3/users/u1", headers={**h, "Host": "api-unknown.sendbird.com"})
    call("get", "/v3/users/missing", headers=h)
    push_surface_scenario(call, state)
    fields = {"gcm": "gcm_reg_token", "huawei": "huawei_device_token", "apns": "apns_device_token"}
    for token_type, field in fields.items():
        call("post", f"/v3/users/u1/push/{token_type}", {field: f"{token_type}/tok:1"}, headers=h)
        call("post", f"/v3/users/u3/push/{token_type}", {field: f"{token_type}/tok:1"}, headers=h)
        call("post", f"/v3/users/u1/push/{token_type}", {"wrong_field": "x"}, headers=h)
        call("get", f"/v3/users/u1/push/{token_type}", headers=h)
        call("get", f"/v3/push/device_tokens/{token_type}/{token_type}%2Ftok:1", headers=h)
    call("post", "/v3/users/u1/push/fcm", {"gcm_reg_token": "x"}, headers=h)
    call("get", "/v3/push/device_tokens/gcm/unknown", headers=h)
    call("delete", "/v3/push/device_tokens/gcm/unknown", headers=h)
    call("get", "/v3/users/missing/push/gcm", headers=h)
    call("delete", "/v3/users/u1/push/fcm/x", headers=h)
    for profile in ("docs", "sdk"):
        state.set_profile(profile)
        call("get", "/v3/push/device_tokens/apns/apns%2Ftok:1", headers=h)
        call("delete", "/v3/users/u1/push/gcm/gcm%2Ftok:1", headers=h)
        call("delete", "/v3/users/u1/push/gcm/never-had", headers=h)
        call("delete", "/v3/push/device_tokens/huawei/huawei%2Ftok:1", headers=h)
    call("delete", "/v3/users/u1/push", headers=h)
    call("delete", "/v3/users/missing/push", headers=h)
    call("delete", "/v3/users/u1", headers=h)
    call("delete", "/v3/users/u1", headers=h)
    call("patch", "/v3/users", user, headers=h)
    call("get", "/v3/nothing/here", headers=h)
    sendbird_channels_scenario(call, state)


def sendbird_channels_scenario(call: Recorder, state: FakeState) -> None:
    h = SB_HEADERS
    for user_id in ("c1", "c2", "c3"):
        call("post", "/v3/users", {"user_id": user_id, "nickname": user_id, "profile_url": ""},
             headers=h)
    call("post", "/v3/users/c2/push/apns", {"apns_device_token": "c2-phone"}, headers=h)
    channels = "/v3/group_channels"
    body = {"user_ids": ["c1", "c2"], "users": [], "channel_url": "ch-1"}
    call("post", channels, body, headers=h)
    call("post", channels, body, headers=h)  # taken url
    call("post", channels, {"user_ids": ["c1"], "strict": True, "users": [{"user_id": "x"}]},
         headers=h)
    message = {"message_type": "MESG", "user_id": "c1", "message": "hi", "mentioned_user_ids": ["c2"]}
    call("post", f"{channels}/ch-1/messages", message, headers=h)
    call("post", f"{channels}/ch-1/messages",
         {"message_type": "FILE", "user_id": "c1", "url": "https://x.test/a.png"}, headers=h)
    call("post", f"{channels}/ch-1/messages", {"message_type": "ADMM", "message": "m"}, headers=h)
    call("post", f"{channels}/ch-1/messages", {"message_type": "MESG", "user_id": "c3",
         "message": "x"}, headers=h)  # not a member
    for profile in ("docs", "sdk"):
        state.set_profile(profile)
        call("get", f"{channels}/ch-1?show_member=True&user_id=c2", headers=h)
        call("get", f"{channels}/ch-1/members?include_push_preference=true", headers=h)
        call("post", f"{channels}/ch-1/invite", {"user_ids": ["c3"]}, headers=h)
    state.set_profile("docs")
    call("post", f"{channels}/ch-1/invite", {}, headers=h)
    call("put", f"{channels}/ch-1/leave", {"user_ids": ["c3"]}, headers=h)
    call("put", f"{channels}/ch-1/leave", {"user_ids": "c3"}, headers=h)
    preference = "/v3/users/{}/push_preference/ch-1"
    call("put", preference.format("c2"), {"push_trigger_option": "mention_only"}, headers=h)
    for profile in ("docs", "sdk"):
        state.set_profile(profile)
        call("get", preference.format("c1"), headers=h)
    state.set_profile("docs")
    call("get", preference.format("c3"), headers=h)  # left: not a member
    for suffix in ("", "/members"):
        call("get", f"{channels}/nope{suffix}", headers=h)
    call("delete", f"{channels}/ch-1", headers=h)
    call("delete", f"{channels}/ch-1", headers=h)


def push_surface_scenario(call: Recorder, state: FakeState) -> None:
    """The user's push surface: each route once right, once wrong (user u1 exists)."""
    h = SB_HEADERS
    call("put", "/v3/users/u1", {"nickname": "New", "preferred_languages": ["en"]}, headers=h)
    call("put", "/v3/users/u1", {"nickname": ""}, headers=h)
    call("post", "/v3/users/u1/token", headers=h)
    call("post", "/v3/users/u1/token", {"expires_at": 1}, headers=h)
    call("delete", "/v3/users/u1/token", headers=h)
    call("delete", "/v3/users/missing/token", headers=h)
    call("put", "/v3/users/u1/push/template", {"name": "alternative"}, headers=h)
    call("put", "/v3/users/u1/push/template", {"name": "other"}, headers=h)
    call("get", "/v3/users/u1/push/template", headers=h)
    call("get", "/v3/users/missing/push/template", headers=h)
    window = {"start_hour": 22, "start_min": 0, "end_hour": 6, "end_min": 0}
    schedule = {"day_of_week": "monday", "time_windows": [window]}
    call("put", "/v3/users/u1/push_preference", {"dnd_schedules": [schedule]}, headers=h)
    call("put", "/v3/users/u1/push_preference", {"start_hour": 99}, headers=h)
    call("get", "/v3/users/u1/push_preference", headers=h)
    call("get", "/v3/users/missing/push_preference", headers=h)
    call("delete", "/v3/users/u1/push_preference", headers=h)
    call("delete", "/v3/users/missing/push_preference", headers=h)
    for method in ("get", "put"):
        call(method, "/v3/users/u1/push_preference/ch1", {"push_trigger_option": "off"}, headers=h)
    call("put", "/v3/applications/push/settings", {"push_enabled": False}, headers=h)
    call("put", "/v3/applications/push/settings", {"push_enabled": 1}, headers=h)
    call("get", "/v3/applications/push/settings", headers=h)
    call("get", "/v3/applications/push/settings", headers={"Api-Token": "wrong"})
    call("put", "/_fakepush/sendbird/online", {"user_id": "u1", "online": True})
    call("put", "/_fakepush/sendbird/online", {"user_id": "missing", "online": True})


def admin_scenario(call: Recorder, state: FakeState) -> None:
    call("post", f"{BL}/messaging/registrations", DEVICE)
    call("get", "/_fakepush/health")
    call("get", "/_fakepush/openapi.json")
    call("get", "/_fakepush/")
    call("get", "/_fakepush/static/dashboard.js")
    call("get", "/_fakepush/static/dashboard.css")
    call("get", "/_fakepush/static/missing.js")
    exported = call("get", "/_fakepush/state").json
    call("put", "/_fakepush/state", exported)
    call("put", "/_fakepush/state", [1])
    call("get", "/_fakepush/requests")
    call("get", "/_fakepush/requests?status=200&provider=backendless")
    call("get", "/_fakepush/requests?status=x")
    call("get", "/_fakepush/dashboard.json")
    call("delete", "/_fakepush/requests")
    call("get", "/_fakepush/clock")
    call("put", "/_fakepush/clock", {"frozen_at": 1_700_000_000_000})
    call("put", "/_fakepush/clock", {"advance_ms": 1000})
    call("put", "/_fakepush/clock", {})
    call("delete", "/_fakepush/clock")
    call("post", "/_fakepush/faults", {"status": 503, "body": {"a": 1}, "path": "nomatch"})
    call("post", "/_fakepush/faults", {"delay_ms": 5, "times": None, "path": "nomatch"})
    call("post", "/_fakepush/faults", {"status": 5})
    call("get", "/_fakepush/faults")
    call("delete", "/_fakepush/faults")
    call("get", "/_fakepush/config")
    call(
        "put",
        "/_fakepush/config",
        {"profile": "sdk", "backendless_apps": [{"app_id": "A2", "api_key": "K"}]},
    )
    call("put", "/_fakepush/config", {"profile": "nope"})
    call("post", "/_fakepush/backendless/users", {"app_id": "A2"})
    call("post", "/_fakepush/backendless/users")
    call("post", "/_fakepush/backendless/users", {"app_id": "missing"})
    call("get", "/_fakepush/pushes?channel=default")
    call("get", "/_fakepush/pushes?colour=red")
    call("delete", "/_fakepush/pushes")
    call("put", "/_fakepush/rejected-tokens", {"token": "tok"})
    call("put", "/_fakepush/rejected-tokens", {"token": ""})
    call("get", "/_fakepush/rejected-tokens")
    call("delete", "/_fakepush/rejected-tokens?token=tok")
    call("delete", "/_fakepush/rejected-tokens?token=tok")
    call("delete", "/_fakepush/rejected-tokens")
    call("put", "/_fakepush/backendless/templates/t1", {"message": "m", "platforms": ["IOS"]})
    call("put", "/_fakepush/backendless/templates/t2", {"message": 5})
    call("delete", "/_fakepush/backendless/templates/t1")
    call("delete", "/_fakepush/backendless/templates/t1")
    call("post", "/_fakepush/reset")
    call("get", "/_fakepush/nothing")
    call("get", "/no/such/route/at/all")
    call("delete", "/_fakepush/health")
    call("put", "/_fakepush/state", data=b"x" * (1024 * 1024 + 1), content_type="application/json")
    state.admin_token = "t0ken"
    call("get", "/_fakepush/health")
    call("get", "/_fakepush/", headers={"Authorization": "Bearer wrong"})
    call("get", "/_fakepush/health", headers={"Authorization": "Bearer t0ken"})


SCENARIOS: dict[str, Callable[[Recorder, FakeState], None]] = {
    "backendless": backendless_scenario,
    "sendbird": sendbird_scenario,
    "admin": admin_scenario,
}


def present_scenarios() -> list[str]:
    return list(SCENARIOS)


def test_every_provider_has_a_scenario():
    assert {provider.name for provider in ALL} <= set(SCENARIOS)


# -- matching calls to the document -----------------------------------------------------


def _template_regex(template: str) -> re.Pattern[str]:
    pattern = ""
    for piece in re.split(r"(\{[^}]+\})", template):
        if piece.startswith("{"):
            pattern += ".+" if piece[1:-1] in WIDE_PARAMETERS else "[^/]+"
        else:
            pattern += re.escape(piece)
    return re.compile(pattern + "$")


def operation_for(document: dict[str, Any], method: str, path: str) -> tuple[str, dict] | None:
    """The most literal path template matching ``path`` that has ``method``."""
    candidates = []
    for template, operations in document["paths"].items():
        if method in operations and _template_regex(template).match(path):
            literal = len(re.sub(r"\{[^}]+\}", "", template))
            candidates.append((literal, template, operations[method]))
    if not candidates:
        return None
    _, template, operation = max(candidates, key=lambda c: c[0])
    return template, operation


def error_schema_of(path: str) -> str:
    if path.startswith("/_fakepush"):
        return "AdminError"
    return "SendbirdError" if path.startswith("/v3") else "BackendlessError"


def validator(document: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    # "#/components/..." references resolve against this root, which carries the components.
    return Draft202012Validator({**schema, "components": document["components"]})


def check_call(document: dict[str, Any], call: Call) -> Iterator[str]:
    """Every way ``call`` disagrees with the document."""
    where = f"{call.method.upper()} {call.path} -> {call.status}"
    found = operation_for(document, call.method, call.path)
    if found is None:
        if call.status in (404, 405):  # no route: the error shape of the path's provider
            schema = {"$ref": f"#/components/schemas/{error_schema_of(call.path)}"}
            for error in validator(document, schema).iter_errors(call.body):
                yield f"{where}: unrouted error {error.message}"
            return
        yield f"{where}: no operation in the document"
        return
    template, operation = found
    response = operation["responses"].get(str(call.status))
    if response is None:
        yield f"{where}: status not documented for {template}"
        return
    content = response.get("content", {})
    if call.content_type not in content:
        yield f"{where}: content type {call.content_type} not documented ({list(content)})"
        return
    if call.content_type != "application/json":
        return
    schema = content["application/json"]["schema"]
    for error in validator(document, schema).iter_errors(call.body):
        yield f"{where}: response {error.message} at {list(error.absolute_path)}"
    if call.status == 200 and call.request_body is not None and "requestBody" in operation:
        body_schema = operation["requestBody"]["content"]["application/json"]["schema"]
        for error in validator(document, body_schema).iter_errors(call.request_body):
            yield f"{where}: request body {error.message}"


# -- tests ------------------------------------------------------------------------------


@pytest.fixture
def document(client):
    return client.get("/_fakepush/openapi.json").json


@pytest.mark.parametrize("scenario", present_scenarios())
def test_real_responses_validate_against_the_openapi_document(document, scenario):
    state = FakeState(ALL)
    call = Recorder(create_app(state).test_client())
    SCENARIOS[scenario](call, state)

    problems = [p for c in call.calls for p in check_call(document, c)]

    assert len(call.calls) > 10
    assert {c.status for c in call.calls} >= {200, 400}
    assert problems == []


# Reads that cannot fail on a good request; they still meet 401 in the admin scenario.
ERRORS_NOT_REQUIRED = {
    ("/_fakepush/reset", "post"),
    ("/_fakepush/state", "get"),
    ("/_fakepush/requests", "delete"),
    ("/_fakepush/clock", "get"),
    ("/_fakepush/clock", "delete"),
    ("/_fakepush/faults", "get"),
    ("/_fakepush/faults", "delete"),
    ("/_fakepush/config", "get"),
    ("/_fakepush/openapi.json", "get"),
    ("/_fakepush/dashboard.json", "get"),
    ("/_fakepush/pushes", "delete"),
    ("/_fakepush/rejected-tokens", "get"),
}


def test_the_scenarios_call_every_documented_route_with_success_and_error(document):
    """Keeps the scenarios honest: a route nobody calls is a route nobody validates."""
    seen: dict[tuple[str, str], set[int]] = {}
    for scenario in present_scenarios():
        state = FakeState(ALL)
        call = Recorder(create_app(state).test_client())
        SCENARIOS[scenario](call, state)
        for c in call.calls:
            found = operation_for(document, c.method, c.path)
            if found:
                seen.setdefault((found[0], c.method), set()).add(c.status)
    missing = []
    for template, operations in document["paths"].items():
        for method in operations:
            statuses = seen.get((template, method), set())
            if 200 not in statuses:
                missing.append(f"{method.upper()} {template}: no 200")
            if (template, method) not in ERRORS_NOT_REQUIRED and not statuses - {200}:
                missing.append(f"{method.upper()} {template}: no error")
    assert missing == []


def test_a_response_that_breaks_its_schema_is_caught(document):
    """The checker itself can fail: a wrong body for a documented route is reported."""
    wrong = Call("get", "/_fakepush/clock", 200, {"now": "soon"}, "application/json", None)
    assert list(check_call(document, wrong))
    undocumented = Call("get", "/_fakepush/clock", 418, {}, "application/json", None)
    assert list(check_call(document, undocumented))


def _flask_template(rule: str) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def _shape(template: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", template).rstrip("/") or "/"


def test_every_route_of_the_fake_is_in_the_document_and_nothing_else(app, document):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":  # Flask's own app-level static route, unused
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((_shape(_flask_template(rule.rule)), method.lower()))
    documented = {
        (_shape(template), method)
        for template, operations in document["paths"].items()
        for method in operations
    }
    assert routes == documented


def test_the_document_describes_the_sendbird_user_and_push_surface_routes(document):
    """Every route of users, tokens and the user's push surface is documented; that nothing
    undocumented exists is the route-table test above."""
    expected = {
        ("/v3/users", "post"),
        ("/v3/users/{user_id}", "get"),
        ("/v3/users/{user_id}", "put"),
        ("/v3/users/{user_id}", "delete"),
        ("/v3/users/{user_id}/push/{token_type}", "post"),
        ("/v3/users/{user_id}/push/{token_type}", "get"),
        ("/v3/users/{user_id}/push/{token_type}/{token}", "delete"),
        ("/v3/users/{user_id}/push", "delete"),
        ("/v3/push/device_tokens/{token_type}/{token}", "get"),
        ("/v3/push/device_tokens/{token_type}/{token}", "delete"),
        ("/v3/users/{user_id}/token", "post"),
        ("/v3/users/{user_id}/token", "delete"),
        ("/v3/users/{user_id}/push/template", "get"),
        ("/v3/users/{user_id}/push/template", "put"),
        ("/v3/users/{user_id}/push_preference", "get"),
        ("/v3/users/{user_id}/push_preference", "put"),
        ("/v3/users/{user_id}/push_preference", "delete"),
        ("/v3/users/{user_id}/push_preference/{channel_url}", "get"),
        ("/v3/users/{user_id}/push_preference/{channel_url}", "put"),
        ("/v3/applications/push/settings", "get"),
        ("/v3/applications/push/settings", "put"),
        # group channels and messages
        ("/v3/group_channels", "post"),
        ("/v3/group_channels/{channel_url}", "get"),
        ("/v3/group_channels/{channel_url}", "delete"),
        ("/v3/group_channels/{channel_url}/members", "get"),
        ("/v3/group_channels/{channel_url}/invite", "post"),
        ("/v3/group_channels/{channel_url}/leave", "put"),
        ("/v3/group_channels/{channel_url}/messages", "post"),
    }
    documented = {
        (template, method)
        for template, operations in document["paths"].items()
        if template.startswith("/v3")
        for method in operations
    }
    assert expected <= documented, expected - documented
    assert ("/_fakepush/sendbird/online", "put") in {
        (t, m) for t, ops in document["paths"].items() for m in ops
    }


def test_every_component_schema_is_valid_json_schema_2020_12(document):
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    assert document["openapi"].startswith("3.1")


def test_every_reference_in_the_document_resolves(document):
    def refs(node):
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                yield node["$ref"]
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    found = set(refs(document))
    assert found
    for ref in found:
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[1] in document["components"]["schemas"], ref
