"""Create, view and delete users: the documented Sendbird rules, row by row."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

MISSING = object()


@pytest.mark.parametrize(
    "body",
    [b"", b"   ", b"{not json", b'{"user_id": "a",}', b"\xff\xfe"],
    ids=["empty", "blank", "broken", "trailing-comma", "not-utf8"],
)
def test_create_user_with_empty_or_invalid_json_body_is_400403(sb, body):
    response = sb.call("POST", "/v3/users", body)
    sb.assert_error(response, 400403, "The request body is an invalid JSON.")


@pytest.mark.parametrize("body", [[], None, "user", 3])
def test_create_user_with_a_json_body_that_is_not_an_object_is_400403(sb, body):
    response = sb.call("POST", "/v3/users", __import__("json").dumps(body).encode())
    assert response.json["code"] == 400403


def test_create_user_needs_no_content_type(sb):
    body = b'{"user_id": "u1", "nickname": "N", "profile_url": ""}'
    response = sb.call("POST", "/v3/users", body, content_type=None)
    assert response.status_code == 200
    assert response.json["user_id"] == "u1"


@pytest.mark.parametrize("field", ["user_id", "nickname", "profile_url"])
@pytest.mark.parametrize("value", [MISSING, None], ids=["absent", "null"])
def test_create_user_without_a_required_field_is_400105(sb, field, value):
    body = {"user_id": "u1", "nickname": "N", "profile_url": ""}
    if value is MISSING:
        del body[field]
    else:
        body[field] = value
    response = sb.call("POST", "/v3/users", body)
    sb.assert_error(response, 400105, f"{field} must be required.")


def test_create_user_reports_the_first_missing_field_in_documented_order(sb):
    response = sb.call("POST", "/v3/users", {})
    sb.assert_error(response, 400105, "user_id must be required.")


def test_create_user_accepts_an_empty_profile_url(sb):
    response = sb.call("POST", "/v3/users", {"user_id": "u", "nickname": "N", "profile_url": ""})
    assert response.status_code == 200
    assert response.json["profile_url"] == ""


@pytest.mark.parametrize("field", ["user_id", "nickname"])
def test_create_user_with_empty_user_id_or_nickname_is_400105(sb, field):
    body = {"user_id": "u", "nickname": "N", "profile_url": "", field: ""}
    response = sb.call("POST", "/v3/users", body)
    sb.assert_error(response, 400105, f"{field} must be required.")


def test_create_user_with_user_id_over_80_characters_is_400111(sb):
    response = sb.call(
        "POST", "/v3/users", {"user_id": "u" * 81, "nickname": "N", "profile_url": ""}
    )
    sb.assert_error(response, 400111, 'Invalid value: "user_id".')
    assert sb.create_user("u" * 80).json["user_id"] == "u" * 80


@pytest.mark.parametrize("field,limit", [("nickname", 80), ("profile_url", 2048)])
def test_create_user_with_overlong_nickname_or_profile_url_is_400111(sb, field, limit):
    body = {"user_id": "u", "nickname": "N", "profile_url": "", field: "x" * (limit + 1)}
    sb.assert_error(sb.call("POST", "/v3/users", body), 400111, f'Invalid value: "{field}".')


@pytest.mark.parametrize("field", ["user_id", "nickname", "profile_url"])
def test_create_user_with_a_non_string_field_is_400111(sb, field):
    body = {"user_id": "u", "nickname": "N", "profile_url": "", field: 12}
    sb.assert_error(sb.call("POST", "/v3/users", body), 400111, f'Invalid value: "{field}".')


def test_create_user_twice_is_400202(sb):
    sb.create_user("u")
    response = sb.call("POST", "/v3/users", {"user_id": "u", "nickname": "M", "profile_url": ""})
    sb.assert_error(response, 400202, '"User" already exists.')


def test_created_user_is_the_full_resource_on_the_fakes_clock(sb):
    sb.state.clock.freeze(datetime(2030, 1, 2, 3, 4, 5, 678000, tzinfo=UTC))
    body = {
        "user_id": "u",
        "nickname": "Nick",
        "profile_url": "https://example.test/p.png",
        "metadata": {"team": "blue"},
        "discovery_keys": ["u@example.test"],
    }
    user = sb.call("POST", "/v3/users", body).json

    assert user["created_at"] == int(datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC).timestamp())
    assert user["last_seen_at"] == 0
    assert user["access_token"] == ""
    assert user["metadata"] == {"team": "blue"}
    assert user["discovery_keys"] == ["u@example.test"]
    assert (user["user_id"], user["nickname"], user["profile_url"]) == (
        "u",
        "Nick",
        "https://example.test/p.png",
    )
    assert user["is_active"] is True and user["is_online"] is False
    # SDK 2.1.5 raises on null strings and timestamps: none may be null.
    assert all(value is not None for value in user.values())
    assert sb.call("GET", "/v3/users/u").json == user


def test_issue_access_token_gives_the_user_an_access_token(sb):
    body = {"user_id": "u", "nickname": "N", "profile_url": "", "issue_access_token": True}
    token = sb.call("POST", "/v3/users", body).json["access_token"]
    assert isinstance(token, str) and len(token) == 40


@pytest.mark.parametrize(
    "field,value",
    [
        ("metadata", {"k": 1}),
        ("metadata", ["k"]),
        ("metadata", {str(i): "v" for i in range(6)}),
        ("discovery_keys", "k"),
        ("issue_access_token", "yes"),
    ],
)
def test_create_user_with_a_bad_optional_field_is_400111(sb, field, value):
    body = {"user_id": "u", "nickname": "N", "profile_url": "", field: value}
    sb.assert_error(sb.call("POST", "/v3/users", body), 400111, f'Invalid value: "{field}".')


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/v3/users/ghost"),
        ("DELETE", "/v3/users/ghost"),
        ("GET", "/v3/users/ghost/push/gcm"),
        ("DELETE", "/v3/users/ghost/push/gcm/tok"),
        ("DELETE", "/v3/users/ghost/push"),
    ],
)
def test_unknown_user_is_400201_everywhere(sb, method, path):
    sb.assert_error(sb.call(method, path), 400201, '"User" not found.')


def test_add_token_to_an_unknown_user_is_400201(sb):
    sb.assert_error(sb.add_token("ghost", "tok"), 400201, '"User" not found.')


def test_delete_user_answers_empty_object_and_takes_their_tokens(sb):
    sb.create_user("u")
    sb.add_token("u", "shared")
    sb.add_token("u", "apns-1", "apns")
    sb.create_user("v")
    sb.add_token("v", "shared")

    response = sb.call("DELETE", "/v3/users/u")

    assert response.status_code == 200 and response.json == {}
    sb.assert_error(sb.call("GET", "/v3/users/u"), 400201, '"User" not found.')
    assert sb.call("GET", "/v3/push/device_tokens/gcm/shared").json == {"user_id": "v"}
    sb.assert_error(
        sb.call("GET", "/v3/push/device_tokens/apns/apns-1"), 400201, '"Token" not found.'
    )


def test_a_deleted_user_id_can_be_created_again_without_old_tokens(sb):
    sb.create_user("u")
    sb.add_token("u", "old")
    sb.call("DELETE", "/v3/users/u")
    sb.create_user("u")
    assert sb.tokens("u") == []
