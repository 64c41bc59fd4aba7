"""Push tokens: add, list, remove one, remove all, owners. The documented rules, row by row."""

from __future__ import annotations

import pytest

BASIC = {"user_id": "u", "nickname": "nick", "profile_url": "", "metadata": {}}
FIELDS = {"gcm": "gcm_reg_token", "huawei": "huawei_device_token", "apns": "apns_device_token"}


@pytest.fixture
def user(sb):
    sb.create_user("u")
    return "u"


@pytest.mark.parametrize(
    "token_type,kind", [("gcm", "GCM"), ("huawei", "HUAWEI"), ("apns", "APNS")]
)
def test_add_token_answers_token_type_and_basic_user(sb, user, token_type, kind):
    response = sb.add_token(user, "tok-1", token_type)
    assert response.status_code == 200
    assert response.json == {"token": "tok-1", "type": kind, "user": BASIC}


@pytest.mark.parametrize("token_type", ["gcm", "huawei", "apns"])
def test_add_token_with_another_types_field_is_400105(sb, user, token_type):
    other = next(f for t, f in FIELDS.items() if t != token_type)
    response = sb.call("POST", f"/v3/users/u/push/{token_type}", {other: "tok"})
    sb.assert_error(response, 400105, f"{FIELDS[token_type]} must be required.")
    assert sb.tokens(user, token_type) == []


@pytest.mark.parametrize("value", [None, ""], ids=["null", "empty"])
def test_add_token_with_null_or_empty_token_is_400105(sb, user, value):
    response = sb.call("POST", "/v3/users/u/push/gcm", {"gcm_reg_token": value})
    sb.assert_error(response, 400105, "gcm_reg_token must be required.")


def test_add_token_with_a_non_string_token_is_400111(sb, user):
    response = sb.call("POST", "/v3/users/u/push/gcm", {"gcm_reg_token": ["t"]})
    sb.assert_error(response, 400111, 'Invalid value: "gcm_reg_token".')


@pytest.mark.parametrize("body", [b"", b"[1]", b"nope"])
def test_add_token_with_an_empty_or_invalid_body_is_400403(sb, user, body):
    response = sb.call("POST", "/v3/users/u/push/gcm", body)
    sb.assert_error(response, 400403, "The request body is an invalid JSON.")


@pytest.mark.parametrize(
    "method,path",
    [
        ("POST", "/v3/users/u/push/fcm"),
        ("GET", "/v3/users/u/push/hms"),
        ("DELETE", "/v3/users/u/push/GCM/tok"),
        ("GET", "/v3/push/device_tokens/voip/tok"),
        ("DELETE", "/v3/push/device_tokens/APNS/tok"),
    ],
)
def test_token_type_outside_gcm_huawei_apns_is_400111_on_every_route(sb, user, method, path):
    sb.add_token(user, "tok")
    response = sb.call(method, path, {"gcm_reg_token": "tok"} if method == "POST" else None)
    sb.assert_error(response, 400111, 'Invalid value: "token_type".')


def test_token_type_is_checked_before_the_user_exists(sb):
    response = sb.call("GET", "/v3/users/ghost/push/fcm")
    assert response.json["code"] == 400111


def test_token_type_is_checked_before_the_body(sb, user):
    response = sb.call("POST", "/v3/users/u/push/fcm", b"not json")
    assert response.json["code"] == 400111


def test_add_token_body_is_checked_before_the_user_exists(sb):
    response = sb.call("POST", "/v3/users/ghost/push/gcm", {"apns_device_token": "t"})
    assert response.json["code"] == 400105


def test_adding_a_token_twice_keeps_one_and_makes_it_newest(sb, user):
    for token in ("a", "b", "c", "a"):
        assert sb.add_token(user, token).status_code == 200
    assert sb.tokens(user) == ["b", "c", "a"]


def test_twenty_first_token_evicts_the_oldest(sb, user):
    for i in range(21):
        sb.add_token(user, f"t{i}")
    assert sb.tokens(user) == [f"t{i}" for i in range(1, 21)]


def test_eviction_counts_per_type(sb, user):
    for i in range(20):
        sb.add_token(user, f"g{i}")
    sb.add_token(user, "a0", "apns")
    assert len(sb.tokens(user)) == 20
    assert sb.tokens(user, "apns") == ["a0"]


def test_re_adding_the_oldest_saves_it_from_eviction(sb, user):
    for i in range(20):
        sb.add_token(user, f"t{i}")
    sb.add_token(user, "t0")
    sb.add_token(user, "t20")
    assert sb.tokens(user)[0] == "t2"
    assert "t0" in sb.tokens(user) and "t1" not in sb.tokens(user)


def test_evicted_token_loses_its_owner(sb, user):
    for i in range(21):
        sb.add_token(user, f"t{i}")
    response = sb.call("GET", "/v3/push/device_tokens/gcm/t0")
    sb.assert_error(response, 400201, '"Token" not found.')


def test_is_unique_leaves_the_token_as_the_users_only_token_of_every_type(sb, user):
    sb.add_token(user, "old-gcm")
    sb.add_token(user, "old-apns", "apns")
    sb.add_token(user, "old-huawei", "huawei")

    response = sb.add_token(user, "new", is_unique=True)

    assert response.status_code == 200
    assert sb.tokens(user) == ["new"]
    assert sb.tokens(user, "apns") == [] and sb.tokens(user, "huawei") == []
    assert sb.call("GET", "/v3/push/device_tokens/apns/old-apns").json["code"] == 400201


def test_is_unique_leaves_other_users_their_tokens_even_the_same_one(sb, user):
    sb.create_user("v")
    sb.add_token("v", "shared")
    sb.add_token("v", "own", "apns")

    sb.add_token(user, "shared", is_unique=True)

    assert sb.tokens("v") == ["shared"] and sb.tokens("v", "apns") == ["own"]
    assert sb.tokens(user) == ["shared"]
    assert sb.call("GET", "/v3/push/device_tokens/gcm/shared").json == {"user_id": user}


def test_without_is_unique_a_token_can_have_several_owners(sb, user):
    sb.create_user("v")
    sb.add_token("v", "shared")
    sb.add_token(user, "shared", is_unique=False)
    assert sb.tokens("v") == ["shared"] and sb.tokens(user) == ["shared"]


def test_always_push_is_accepted_and_ignored(sb, user):
    response = sb.add_token(user, "tok", always_push=True)
    assert response.json == {"token": "tok", "type": "GCM", "user": BASIC}


@pytest.mark.parametrize("field", ["is_unique", "always_push"])
def test_a_non_boolean_flag_is_400111(sb, user, field):
    response = sb.add_token(user, "tok", **{field: "yes"})
    sb.assert_error(response, 400111, f'Invalid value: "{field}".')


def test_list_tokens_shape_oldest_first_with_deprecated_token_twin(sb, user):
    sb.add_token(user, "h1", "huawei")
    sb.add_token(user, "h2", "huawei")
    response = sb.call("GET", "/v3/users/u/push/huawei")
    assert response.json == {
        "tokens": ["h1", "h2"],
        "type": "HUAWEI",
        "user": BASIC,
        "token": ["h1", "h2"],
    }


def test_remove_one_token_in_profile_docs_answers_a_list(sb, user):
    sb.add_token(user, "keep")
    sb.add_token(user, "drop")
    response = sb.call("DELETE", "/v3/users/u/push/gcm/drop")
    assert response.json == {"token": ["drop"], "user": BASIC}
    assert sb.tokens(user) == ["keep"]


def test_remove_one_token_in_profile_sdk_answers_a_string(sb, user):
    sb.state.set_profile("sdk")
    sb.add_token(user, "drop")
    response = sb.call("DELETE", "/v3/users/u/push/gcm/drop")
    assert response.json == {"token": "drop", "user": BASIC}
    assert sb.tokens(user) == []


def test_removing_a_token_the_user_does_not_have_answers_the_same(sb, user):
    sb.add_token(user, "mine", "apns")
    response = sb.call("DELETE", "/v3/users/u/push/gcm/mine")
    assert response.status_code == 200
    assert response.json == {"token": ["mine"], "user": BASIC}
    assert sb.tokens(user, "apns") == ["mine"]


def test_remove_one_token_leaves_other_owners(sb, user):
    sb.create_user("v")
    sb.add_token("v", "shared")
    sb.add_token(user, "shared")
    sb.call("DELETE", "/v3/users/u/push/gcm/shared")
    assert sb.call("GET", "/v3/push/device_tokens/gcm/shared").json == {"user_id": "v"}


def test_remove_all_tokens_clears_every_type(sb, user):
    for token_type in FIELDS:
        sb.add_token(user, f"{token_type}-1", token_type)
    sb.create_user("v")
    sb.add_token("v", "gcm-1")

    response = sb.call("DELETE", "/v3/users/u/push")

    assert response.status_code == 200
    assert response.json == {"user": BASIC}
    assert all(sb.tokens(user, t) == [] for t in FIELDS)
    assert sb.tokens("v") == ["gcm-1"]


def test_remove_all_tokens_of_a_user_without_tokens_succeeds(sb, user):
    assert sb.call("DELETE", "/v3/users/u/push").json == {"user": BASIC}


def _owners_in_order(sb):
    for user_id in ("u1", "u2", "u3"):
        sb.create_user(user_id)
    sb.add_token("u1", "shared")
    sb.add_token("u2", "shared")
    sb.add_token("u3", "shared")
    sb.add_token("u1", "shared")  # u1 is now the most recent owner


def test_owners_in_profile_docs_is_the_most_recent_owner(sb):
    _owners_in_order(sb)
    response = sb.call("GET", "/v3/push/device_tokens/gcm/shared")
    assert response.json == {"user_id": "u1"}


def test_owners_in_profile_sdk_is_a_list_most_recent_first(sb):
    sb.state.set_profile("sdk")
    _owners_in_order(sb)
    response = sb.call("GET", "/v3/push/device_tokens/gcm/shared")
    assert response.json == [{"user_id": "u1"}, {"user_id": "u3"}, {"user_id": "u2"}]


@pytest.mark.parametrize("profile", ["docs", "sdk"])
def test_owners_of_an_unknown_token_is_400201(sb, profile):
    sb.state.set_profile(profile)
    for method in ("GET", "DELETE"):
        response = sb.call(method, "/v3/push/device_tokens/gcm/nobody-has-it")
        sb.assert_error(response, 400201, '"Token" not found.')


def test_owners_are_per_token_type(sb, user):
    sb.add_token(user, "tok", "apns")
    response = sb.call("GET", "/v3/push/device_tokens/gcm/tok")
    sb.assert_error(response, 400201, '"Token" not found.')


@pytest.mark.parametrize(
    "profile,expected",
    [
        ("docs", {"user_id": "u1"}),
        ("sdk", [{"user_id": "u1"}, {"user_id": "u3"}, {"user_id": "u2"}]),
    ],
)
def test_remove_from_owners_answers_the_owners_and_removes_it_from_all(sb, profile, expected):
    sb.state.set_profile(profile)
    _owners_in_order(sb)
    sb.add_token("u2", "shared", "apns")

    response = sb.call("DELETE", "/v3/push/device_tokens/gcm/shared")

    assert response.json == expected
    assert [sb.tokens(u) for u in ("u1", "u2", "u3")] == [[], [], []]
    assert sb.tokens("u2", "apns") == ["shared"]
    again = sb.call("GET", "/v3/push/device_tokens/gcm/shared")
    sb.assert_error(again, 400201, '"Token" not found.')
