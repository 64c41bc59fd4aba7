"""Routing, host selection, auth and the order of checks of the Sendbird emulation."""

from __future__ import annotations

import pytest

TOKEN_WITH_SLASH = "fP7c:APA91bE/x+y="


def test_token_with_slash_and_colon_round_trips_through_every_token_route(sb):
    sb.create_user("alice")
    encoded = sb.q(TOKEN_WITH_SLASH)
    assert encoded == "fP7c%3AAPA91bE%2Fx%2By%3D"

    assert sb.add_token("alice", TOKEN_WITH_SLASH).json["token"] == TOKEN_WITH_SLASH
    assert sb.tokens("alice") == [TOKEN_WITH_SLASH]
    owners = sb.call("GET", f"/v3/push/device_tokens/gcm/{encoded}")
    assert owners.json == {"user_id": "alice"}
    removed = sb.call("DELETE", f"/v3/users/alice/push/gcm/{encoded}")
    assert removed.status_code == 200
    assert removed.json["token"] == [TOKEN_WITH_SLASH]
    assert sb.tokens("alice") == []


def test_encoded_slash_stays_inside_its_segment(sb):
    """``/v3/users/a%2Fpush`` is user ``a/push``, not the push route of user ``a``."""
    sb.create_user("a")
    sb.create_user("a/push")
    sb.add_token("a", "tok-of-a")

    response = sb.call("DELETE", f"/v3/users/{sb.q('a/push')}")

    assert response.status_code == 200
    assert response.json == {}
    assert sb.tokens("a") == ["tok-of-a"]
    assert [u["user_id"] for u in sb.state.sendbird.users(sb.state.sendbird.app_by_id())] == ["a"]


def test_user_id_segment_is_percent_decoded(sb):
    sb.create_user("Jane Doe+1")
    response = sb.call("GET", f"/v3/users/{sb.q('Jane Doe+1')}")
    assert response.status_code == 200
    assert response.json["user_id"] == "Jane Doe+1"


def test_unknown_route_is_404_json_in_sendbird_shape(sb):
    response = sb.call("GET", "/v3/channels")
    assert response.status_code == 404
    assert response.is_json
    assert response.json["error"] is True and response.json["code"] == 404


def test_wrong_method_is_405_json(sb):
    response = sb.call("PATCH", f"/v3/users/{sb.q('a/b')}")  # PUT updates a user
    assert response.status_code == 405
    assert response.is_json
    assert response.json["error"] is True
    assert response.headers["Allow"]


def test_route_is_checked_before_the_app(sb):
    response = sb.call("GET", "/v3/nothing/here", host="api-unknown.sendbird.com")
    assert response.status_code == 404


@pytest.mark.parametrize("host", ["api-OTHER.sendbird.com", "API-other.sendbird.com:443"])
def test_host_api_app_id_selects_that_app_case_insensitively(sb, host):
    sb.state.sendbird.add_app({"app_id": "OTHER", "api_token": "other-token"})
    sb.create_user("bob", host=host, api_token="other-token")

    other = sb.state.sendbird.app_by_id("OTHER")
    assert [u["user_id"] for u in sb.state.sendbird.users(other)] == ["bob"]
    assert sb.state.sendbird.users(sb.state.sendbird.app_by_id()) == []


def test_unknown_app_host_is_403_with_403100(sb):
    response = sb.call("GET", "/v3/users/bob", host="api-nope.sendbird.com")
    sb.assert_error(
        response, 403100, "The application identified with the request isn't available.", 403
    )


@pytest.mark.parametrize("host", ["127.0.0.1:8080", "localhost", "[::1]:9000", "fake.test"])
def test_other_hosts_mean_the_default_app(sb, host):
    sb.create_user("carol", host=host)
    default = sb.state.sendbird.app_by_id()
    assert [u["user_id"] for u in sb.state.sendbird.users(default)] == ["carol"]


@pytest.mark.parametrize("api_token", [None, "wrong", ""])
def test_missing_or_wrong_api_token_is_400401(sb, api_token):
    response = sb.call("GET", "/v3/users/bob", api_token=api_token)
    sb.assert_error(response, 400401, 'Invalid value: "Api-Token".')


def test_api_token_header_name_is_case_insensitive(sb):
    sb.create_user("dave")
    response = sb.client.get("/v3/users/dave", headers={"api-token": "fakepush-api-token"})
    assert response.status_code == 200


def test_secondary_token_is_accepted(sb):
    sb.state.sendbird.add_app({"app_id": "FAKEPUSH", "secondary_tokens": ["second-1", "second-2"]})
    sb.create_user("erin", api_token="second-2")
    assert sb.call("GET", "/v3/users/erin", api_token="second-1").status_code == 200
    assert sb.call("GET", "/v3/users/erin", api_token="fakepush-api-token").status_code == 200


def test_another_apps_token_is_rejected(sb):
    sb.state.sendbird.add_app({"app_id": "OTHER", "api_token": "other-token"})
    response = sb.call("GET", "/v3/users/bob", api_token="other-token")
    sb.assert_error(response, 400401, 'Invalid value: "Api-Token".')


def test_app_is_checked_before_auth(sb):
    response = sb.call("GET", "/v3/users/bob", host="api-nope.sendbird.com", api_token="bad")
    assert response.json["code"] == 403100


def test_auth_is_checked_before_the_body(sb):
    response = sb.call("POST", "/v3/users", b"not json", api_token="bad")
    assert response.json["code"] == 400401


def test_journal_names_operations_and_app(sb):
    sb.create_user("u")
    sb.add_token("u", "t/1")
    calls = [
        ("GET", "/v3/users/u"),
        ("GET", "/v3/users/u/push/gcm"),
        ("GET", "/v3/push/device_tokens/gcm/t%2F1"),
        ("DELETE", "/v3/push/device_tokens/gcm/t%2F1"),
        ("DELETE", "/v3/users/u/push/gcm/t%2F1"),
        ("DELETE", "/v3/users/u/push"),
        ("DELETE", "/v3/users/u"),
    ]
    for method, path in calls:
        assert sb.call(method, path).status_code == 200
    assert [(r["operation"], r["app_id"]) for r in sb.state.journal] == [
        (f"sendbird.{verb}", "FAKEPUSH")
        for verb in (
            "create_user",
            "add_token",
            "view_user",
            "list_tokens",
            "view_token_owners",
            "remove_token_from_owners",
            "remove_token",
            "remove_all_tokens",
            "delete_user",
        )
    ]
    assert {r["provider"] for r in sb.state.journal} == {"sendbird"}
