"""Sendbird Platform API v3 users and push tokens, as docs/sendbird.md documents them.

Each check runs against the target (``fakepush_target``): the in-process fake by default,
or a real application with ``--fakepush-target sendbird=https://api-APP_ID.sendbird.com``.
"""

from __future__ import annotations

from typing import Any

import pytest

from fakepush.contract.clients import MISSING, new_id
from fakepush.contract.expect import ok_json
from fakepush.providers.sendbird.contract.client import TYPE_NAMES, SendbirdClient, sendbird_error

pytestmark = pytest.mark.fakepush_provider("sendbird")

TOKEN_TYPES = ["gcm", "huawei", "apns"]
BASIC_USER_KEYS = {"user_id", "nickname", "profile_url", "metadata"}
MAX_TOKENS_PER_TYPE = 20


@pytest.fixture
def sb(fakepush_target, request):
    yield from SendbirdClient.for_check(fakepush_target, request)


def basic_user(value: Any, user_id: str) -> None:
    assert isinstance(value, dict), value
    assert BASIC_USER_KEYS <= set(value), f"basic user needs {BASIC_USER_KEYS}, got {value!r}"
    assert value["user_id"] == user_id
    assert isinstance(value["profile_url"], str)


def tokens_of(sb: SendbirdClient, user_id: str, token_type: str) -> list[str]:
    return ok_json(sb.list_tokens(user_id, token_type))["tokens"]


def add_ok(sb: SendbirdClient, user_id: str, token_type: str, token: str, **extra: Any) -> Any:
    return ok_json(sb.add_token(user_id, token_type, token, **extra))


def owners(target, answer: Any) -> list[str]:
    """Owner ids, most recent first, from either profile's shape (docs: only the most recent)."""
    if target.profile == "sdk":
        assert isinstance(answer, list), f"profile sdk: a list of owners, got {answer!r}"
        assert all(isinstance(item, dict) and set(item) == {"user_id"} for item in answer), answer
        return [item["user_id"] for item in answer]
    assert isinstance(answer, dict) and set(answer) == {"user_id"}, (
        f'profile docs: one {{"user_id"}} object, got {answer!r}'
    )
    return [answer["user_id"]]


def shared_token(sb: SendbirdClient, token_type: str) -> tuple[str, str, str]:
    """(first, second, token): two users who added one token, in that order, so the owner
    routes have more than one owner to answer and an order to answer them in."""
    first, second, token = sb.new_user(), sb.new_user(), new_id("shared")
    add_ok(sb, first, token_type, token)
    add_ok(sb, second, token_type, token)
    return first, second, token


def expected_owners(target, *most_recent_first: str) -> list[str]:
    """Profile sdk answers every owner, profile docs only the most recent (as ``owners`` reads)."""
    return list(most_recent_first) if target.profile == "sdk" else [most_recent_first[0]]


# -- app, auth, body ------------------------------------------------------------------------


def test_unknown_application_host_is_403100(sb):
    label = "api-nosuchapp" + new_id("x")[-12:]
    sendbird_error(sb.view_user(new_id("user"), app_label=label), 403100, status=403)
    sendbird_error(
        sb.view_user(new_id("user"), app_label=label, api_token=None), 403100, status=403
    )


def test_application_host_is_matched_case_insensitively(sb):
    label = f"API-{sb.app.app_id.upper()}"
    sendbird_error(sb.view_user(new_id("user"), app_label=label), 400201)


@pytest.mark.parametrize("token", [None, "wrong"])
def test_missing_or_wrong_api_token_is_400401_before_the_body(sb, token):
    api_token = None if token is None else new_id("wrong-token")
    user_id = new_id("user")
    sendbird_error(sb.view_user(user_id, api_token=api_token), 400401)
    sendbird_error(sb.send("POST", "/v3/users", body=b"", api_token=api_token), 400401)
    body = {"user_id": user_id, "nickname": "N", "profile_url": ""}
    sendbird_error(sb.send("POST", "/v3/users", body=body, api_token=api_token), 400401)
    sendbird_error(sb.view_user(user_id), 400201)


@pytest.mark.parametrize("header", ["Api-Token", "API-TOKEN", "api-token"])
def test_api_token_header_name_is_case_insensitive(sb, header):
    response = sb.view_user(new_id("user"), api_token=None, headers={header: sb.app.api_token})
    sendbird_error(response, 400201)


def test_content_type_is_not_required(sb):
    user_id = new_id("user")
    sb.made.add(user_id)
    raw = b'{"user_id": "%s", "nickname": "N", "profile_url": ""}' % user_id.encode()
    assert ok_json(sb.send("POST", "/v3/users", body=raw))["user_id"] == user_id


@pytest.mark.parametrize("raw", [b"", b"{", b"nickname=N"])
def test_empty_or_non_json_post_body_is_400403(sb, raw):
    sendbird_error(sb.send("POST", "/v3/users", body=raw), 400403)
    user_id = sb.new_user()
    sendbird_error(sb.send("POST", f"/v3/users/{user_id}/push/gcm", body=raw), 400403)
    assert tokens_of(sb, user_id, "gcm") == []


# -- users ----------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["user_id", "nickname", "profile_url"])
@pytest.mark.parametrize("value", [MISSING, None])
def test_create_user_requires_user_id_nickname_and_profile_url(sb, field, value):
    user_id = new_id("user")
    error = sendbird_error(sb.create_user(**{"user_id": user_id, field: value}), 400105)
    assert field in error["message"], error
    if field != "user_id":
        sendbird_error(sb.view_user(user_id), 400201)


def test_create_user_returns_the_full_resource(sb, fakepush_target):
    user_id = new_id("user")
    user = ok_json(sb.create_user(user_id=user_id, nickname="Ann", profile_url=""))
    assert (user["user_id"], user["nickname"], user["profile_url"]) == (user_id, "Ann", "")
    for key in ("user_id", "nickname", "profile_url", "access_token"):
        assert isinstance(user.get(key), str), f"{key} must be a string, got {user.get(key)!r}"
    assert user["last_seen_at"] == 0
    created_at = user["created_at"]
    assert isinstance(created_at, int) and not isinstance(created_at, bool)
    # Seconds, not milliseconds: within a day of the target's now.
    assert abs(created_at - fakepush_target.now_ms() / 1000) < 86_400, created_at
    viewed = ok_json(sb.view_user(user_id))
    assert {k: viewed[k] for k in ("user_id", "nickname", "profile_url")} == {
        "user_id": user_id,
        "nickname": "Ann",
        "profile_url": "",
    }


def test_user_id_over_80_characters_is_400111(sb):
    base = new_id("u")
    sendbird_error(sb.create_user(user_id=base + "x" * (81 - len(base))), 400111)
    at_limit = base + "x" * (80 - len(base))
    assert ok_json(sb.create_user(user_id=at_limit))["user_id"] == at_limit


def test_duplicate_user_is_400202(sb):
    user_id = sb.new_user(nickname="First")
    sendbird_error(sb.create_user(user_id=user_id, nickname="Second"), 400202)
    assert ok_json(sb.view_user(user_id))["nickname"] == "First"


@pytest.mark.parametrize(
    "operation", ["view", "delete", "add_token", "list_tokens", "remove_token", "remove_all"]
)
def test_unknown_user_is_400201_everywhere(sb, operation):
    user_id, token = new_id("nobody"), new_id("token")
    calls = {
        "view": lambda: sb.view_user(user_id),
        "delete": lambda: sb.delete_user(user_id),
        "add_token": lambda: sb.add_token(user_id, "gcm", token),
        "list_tokens": lambda: sb.list_tokens(user_id, "gcm"),
        "remove_token": lambda: sb.remove_token(user_id, "gcm", token),
        "remove_all": lambda: sb.remove_all_tokens(user_id),
    }
    sendbird_error(calls[operation](), 400201)
    if operation == "add_token":
        sendbird_error(sb.owners("gcm", token), 400201)


def test_delete_user_answers_empty_object_and_takes_their_tokens(sb):
    user_id, token = sb.new_user(), new_id("token")
    add_ok(sb, user_id, "apns", token)
    assert ok_json(sb.delete_user(user_id)) == {}
    sendbird_error(sb.view_user(user_id), 400201)
    sendbird_error(sb.owners("apns", token), 400201)


# -- tokens ---------------------------------------------------------------------------------


@pytest.mark.parametrize("token_type", ["fcm", "hms", "GCM", "voip"])
@pytest.mark.parametrize("operation", ["add", "list", "remove_one", "owners", "remove_owners"])
def test_unknown_token_type_is_400111_on_every_route(sb, token_type, operation):
    user_id, token = sb.new_user(), new_id("token")
    calls = {
        "add": lambda: sb.add_token(user_id, token_type, token, field="gcm_reg_token"),
        "list": lambda: sb.list_tokens(user_id, token_type),
        "remove_one": lambda: sb.remove_token(user_id, token_type, token),
        "owners": lambda: sb.owners(token_type, token),
        "remove_owners": lambda: sb.remove_from_owners(token_type, token),
    }
    sendbird_error(calls[operation](), 400111)
    assert tokens_of(sb, user_id, "gcm") == []


@pytest.mark.parametrize("token_type", TOKEN_TYPES)
def test_add_token_answers_the_token_its_type_and_the_basic_user(sb, token_type):
    user_id, token = sb.new_user(), new_id(token_type)
    answer = add_ok(sb, user_id, token_type, token)
    assert (answer["token"], answer["type"]) == (token, TYPE_NAMES[token_type])
    basic_user(answer["user"], user_id)
    assert tokens_of(sb, user_id, token_type) == [token]


@pytest.mark.parametrize(
    ("token_type", "field"),
    [("gcm", "apns_device_token"), ("apns", "gcm_reg_token"), ("huawei", "token")],
)
def test_add_token_body_field_must_match_the_type(sb, token_type, field):
    user_id = sb.new_user()
    sendbird_error(sb.add_token(user_id, token_type, new_id("token"), field=field), 400105)
    assert tokens_of(sb, user_id, token_type) == []


def test_adding_a_token_again_is_idempotent_and_makes_it_the_newest(sb):
    user_id, first, second = sb.new_user(), new_id("a"), new_id("b")
    for token in (first, second, first):
        add_ok(sb, user_id, "gcm", token)
    assert tokens_of(sb, user_id, "gcm") == [second, first]


def test_at_most_20_tokens_per_type_the_oldest_evicted(sb):
    user_id = sb.new_user()
    tokens = [new_id(f"t{n}") for n in range(MAX_TOKENS_PER_TYPE + 1)]
    apns = new_id("apns")
    add_ok(sb, user_id, "apns", apns)
    for token in tokens:
        add_ok(sb, user_id, "gcm", token)
    assert tokens_of(sb, user_id, "gcm") == tokens[1:]
    assert tokens_of(sb, user_id, "apns") == [apns]


def test_is_unique_keeps_only_this_token_of_the_user_and_spares_other_users(
    sb, fakepush_target
):
    first, second, token = sb.new_user(), sb.new_user(), new_id("token")
    old_gcm, old_apns = new_id("old"), new_id("old-apns")
    add_ok(sb, first, "gcm", token)
    add_ok(sb, second, "gcm", old_gcm)
    add_ok(sb, second, "apns", old_apns)
    add_ok(sb, second, "gcm", token, is_unique=True)
    assert tokens_of(sb, second, "gcm") == [token]
    assert tokens_of(sb, second, "apns") == []
    assert tokens_of(sb, first, "gcm") == [token]
    assert owners(fakepush_target, ok_json(sb.owners("gcm", token)))[0] == second


def test_always_push_is_accepted(sb):
    user_id, token = sb.new_user(), new_id("token")
    assert add_ok(sb, user_id, "huawei", token, always_push=True)["token"] == token


def test_list_tokens_answers_tokens_type_user_and_the_legacy_token_list(sb):
    user_id = sb.new_user()
    tokens = [new_id("a"), new_id("b")]
    for token in tokens:
        add_ok(sb, user_id, "huawei", token)
    answer = ok_json(sb.list_tokens(user_id, "huawei"))
    assert {"tokens", "type", "user", "token"} <= set(answer), answer
    assert answer["tokens"] == answer["token"] == tokens
    assert answer["type"] == "HUAWEI"
    basic_user(answer["user"], user_id)


def test_remove_one_token_shape_follows_the_profile(sb, fakepush_target):
    user_id, token, kept = sb.new_user(), new_id("token"), new_id("kept")
    add_ok(sb, user_id, "gcm", token)
    add_ok(sb, user_id, "gcm", kept)
    answer = ok_json(sb.remove_token(user_id, "gcm", token))
    expected = token if fakepush_target.profile == "sdk" else [token]
    assert answer["token"] == expected, answer
    basic_user(answer["user"], user_id)
    assert tokens_of(sb, user_id, "gcm") == [kept]


def test_removing_a_token_the_user_does_not_have_answers_the_same(sb, fakepush_target):
    user_id, token = sb.new_user(), new_id("never-added")
    answer = ok_json(sb.remove_token(user_id, "apns", token))
    expected = token if fakepush_target.profile == "sdk" else [token]
    assert answer["token"] == expected, answer
    basic_user(answer["user"], user_id)


def test_remove_all_tokens_answers_the_user_and_clears_every_type(sb):
    user_id = sb.new_user()
    for token_type in TOKEN_TYPES:
        add_ok(sb, user_id, token_type, new_id(token_type))
    answer = ok_json(sb.remove_all_tokens(user_id))
    assert set(answer) == {"user"}, answer
    basic_user(answer["user"], user_id)
    for token_type in TOKEN_TYPES:
        assert tokens_of(sb, user_id, token_type) == []
    ok_json(sb.remove_all_tokens(user_id))  # nothing left to remove: still 200


def test_owners_are_most_recent_first_in_the_profile_shape(sb, fakepush_target):
    first, second, token = shared_token(sb, "apns")
    expected = expected_owners(fakepush_target, second, first)
    assert owners(fakepush_target, ok_json(sb.owners("apns", token))) == expected
    add_ok(sb, first, "apns", token)  # adding again makes this user the most recent owner
    expected = expected_owners(fakepush_target, first, second)
    assert owners(fakepush_target, ok_json(sb.owners("apns", token))) == expected


def test_remove_from_owners_removes_the_token_from_every_owner(sb, fakepush_target):
    first, second, token = shared_token(sb, "gcm")
    expected = expected_owners(fakepush_target, second, first)
    assert owners(fakepush_target, ok_json(sb.remove_from_owners("gcm", token))) == expected
    assert tokens_of(sb, first, "gcm") == tokens_of(sb, second, "gcm") == []
    sendbird_error(sb.owners("gcm", token), 400201)


@pytest.mark.parametrize("operation", ["owners", "remove_owners"])
def test_owners_of_an_unknown_token_is_400201(sb, operation):
    token = new_id("unknown")
    call = sb.owners if operation == "owners" else sb.remove_from_owners
    sendbird_error(call("huawei", token), 400201)


def test_owner_routes_are_per_token_type(sb):
    user_id, token = sb.new_user(), new_id("token")
    add_ok(sb, user_id, "gcm", token)
    sendbird_error(sb.owners("apns", token), 400201)


def test_tokens_with_slash_colon_and_plus_are_percent_decoded(sb, fakepush_target):
    user_id = sb.new_user(user_id=new_id("user") + " with space")
    token = new_id("fP7c") + ":APA91bE/x+y="
    answer = add_ok(sb, user_id, "gcm", token)
    assert answer["token"] == token
    assert tokens_of(sb, user_id, "gcm") == [token]
    assert owners(fakepush_target, ok_json(sb.owners("gcm", token))) == [user_id]
    ok_json(sb.remove_token(user_id, "gcm", token))
    assert tokens_of(sb, user_id, "gcm") == []
