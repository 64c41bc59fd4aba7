"""Apps side by side, failed requests, export / load / reset, the Python view and the CLI flag."""

from __future__ import annotations

import argparse

import pytest

from fakepush import FakePush
from fakepush.cli import build_parser
from fakepush.providers.sendbird.provider import parse_app as _sendbird_app
from fakepush.state import FakeState
from fakepush.providers import ALL

OTHER = {"app_id": "OTHER", "api_token": "other-token", "secondary_tokens": ["other-2"]}
OTHER_HOST = "api-other.sendbird.com"


def test_apps_share_nothing(sb):
    sb.state.sendbird.add_app(OTHER)
    sb.create_user("same")
    sb.create_user("same", host=OTHER_HOST, api_token="other-token")
    sb.add_token("same", "tok-default")
    sb.add_token("same", "tok-other", host=OTHER_HOST, api_token="other-token")

    assert sb.tokens("same") == ["tok-default"]
    assert sb.tokens("same", host=OTHER_HOST, api_token="other-token") == ["tok-other"]
    owners = sb.call(
        "GET", "/v3/push/device_tokens/gcm/tok-default", host=OTHER_HOST, api_token="other-token"
    )
    sb.assert_error(owners, 400201, '"Token" not found.')

    sb.call("DELETE", "/v3/users/same", host=OTHER_HOST, api_token="other-token")
    assert sb.call("GET", "/v3/users/same").status_code == 200
    assert [r["app_id"] for r in sb.state.journal][-2:] == ["OTHER", "FAKEPUSH"]


def test_is_unique_does_not_reach_into_another_app(sb):
    sb.state.sendbird.add_app(OTHER)
    sb.create_user("u")
    sb.add_token("u", "shared")
    sb.create_user("u", host=OTHER_HOST, api_token="other-token")
    sb.add_token("u", "other", host=OTHER_HOST, api_token="other-token")
    sb.add_token("u", "new", is_unique=True, host=OTHER_HOST, api_token="other-token")
    assert sb.tokens("u") == ["shared"]
    assert sb.tokens("u", host=OTHER_HOST, api_token="other-token") == ["new"]


FAILING_REQUESTS = [
    ("POST", "/v3/users", {"user_id": "u", "nickname": "again", "profile_url": ""}, {}),
    ("POST", "/v3/users", {"user_id": "n", "nickname": None, "profile_url": ""}, {}),
    ("POST", "/v3/users", {"user_id": "n", "nickname": "N", "profile_url": "", "metadata": 1}, {}),
    (
        "POST",
        "/v3/users",
        {"user_id": "n", "nickname": "N", "profile_url": ""},
        {"api_token": "bad"},
    ),
    (
        "POST",
        "/v3/users",
        {"user_id": "n", "nickname": "N", "profile_url": ""},
        {"host": "api-nope.sendbird.com"},
    ),
    ("DELETE", "/v3/users/ghost", None, {}),
    ("DELETE", "/v3/users/u", None, {"api_token": "bad"}),
    ("POST", "/v3/users/u/push/gcm", {"gcm_reg_token": "new", "is_unique": "yes"}, {}),
    ("POST", "/v3/users/u/push/gcm", {"gcm_reg_token": "new", "always_push": 1}, {}),
    ("POST", "/v3/users/u/push/gcm", {"apns_device_token": "new"}, {}),
    ("POST", "/v3/users/ghost/push/gcm", {"gcm_reg_token": "shared", "is_unique": True}, {}),
    ("POST", "/v3/users/u/push/fcm", {"gcm_reg_token": "new"}, {}),
    ("POST", "/v3/users/u/push/gcm", {"gcm_reg_token": "new"}, {"api_token": "bad"}),
    ("DELETE", "/v3/users/u/push/gcm/shared", None, {"api_token": "bad"}),
    ("DELETE", "/v3/users/u/push", None, {"host": "api-nope.sendbird.com"}),
    ("DELETE", "/v3/push/device_tokens/gcm/shared", None, {"api_token": "bad"}),
    ("DELETE", "/v3/push/device_tokens/gcmx/shared", None, {}),
    ("PUT", "/v3/users/u", None, {}),
]


@pytest.mark.parametrize("method,path,body,kwargs", FAILING_REQUESTS)
def test_a_request_that_fails_changes_nothing(sb, method, path, body, kwargs):
    sb.create_user("u")
    sb.create_user("v")
    sb.add_token("u", "shared")
    sb.add_token("v", "shared")
    sb.add_token("u", "apns-1", "apns")
    before = sb.state.export()

    response = sb.call(method, path, body, **kwargs)

    assert response.status_code >= 400
    assert sb.state.export() == before


def test_export_and_load_keep_users_tokens_and_owner_order():
    source = FakeState(ALL, sendbird_apps=[OTHER])
    app = source.sendbird.app_by_id()
    for user_id in ("u1", "u2"):
        source.sendbird.create_user(
            app, {"user_id": user_id, "nickname": "N", "profile_url": "", "metadata": {"k": "v"}}
        )
    source.sendbird.add_token(app, "u2", "gcm", {"gcm_reg_token": "shared"})
    source.sendbird.add_token(app, "u1", "gcm", {"gcm_reg_token": "shared"})
    source.sendbird.add_token(app, "u2", "apns", {"apns_device_token": "a"})
    source.sendbird.add_token(app, "u2", "gcm", {"gcm_reg_token": "later"})

    target = FakeState(ALL)
    target.load(source.export())

    assert target.export() == source.export()
    loaded = target.sendbird.app_by_id()
    # u1 added "shared" last, though u2's token list loads first.
    assert target.sendbird.token_owners(loaded, "gcm", "shared") == ["u1", "u2"]
    assert target.sendbird.tokens(loaded, "u2") == {
        "gcm": ["shared", "later"],
        "huawei": [],
        "apns": ["a"],
    }
    assert target.sendbird.app_by_id("OTHER").secondary_tokens == ["other-2"]


def test_load_of_a_bad_export_changes_nothing():
    state = FakeState(ALL)
    state.sendbird.create_user(
        state.sendbird.app_by_id(), {"user_id": "u", "nickname": "N", "profile_url": ""}
    )
    before = state.export()
    bad = {"sendbird": {"apps": [{"app_id": "FAKEPUSH", "users": [{"nickname": "no id"}]}]}}
    with pytest.raises(ValueError):
        state.load(bad)
    assert state.export() == before


def test_store_load_of_a_bad_export_changes_nothing_on_its_own():
    """The store stages a load aside, so it is safe without FakeState's rollback too."""
    state = FakeState(ALL)
    store = state.sendbird
    store.create_user(store.app_by_id(), {"user_id": "u", "nickname": "N", "profile_url": ""})
    before = store.export()
    bad = {"apps": [{"app_id": "FAKEPUSH", "users": [{"user_id": "v", "tokens": {"fcm": ["t"]}}]}]}
    with pytest.raises(ValueError):
        store.load(bad)
    assert store.export() == before


def test_export_forgets_a_token_nobody_holds_any_more(sb):
    sb.create_user("u")
    sb.add_token("u", "gone")
    sb.call("DELETE", "/v3/users/u/push/gcm/gone")
    assert sb.state.export()["sendbird"]["apps"][0]["owners"] == []


def test_reset_forgets_users_and_tokens_but_keeps_apps():
    state = FakeState(ALL, sendbird_apps=[OTHER])
    app = state.sendbird.app_by_id("OTHER")
    state.sendbird.create_user(app, {"user_id": "u", "nickname": "N", "profile_url": ""})
    state.sendbird.add_token(app, "u", "gcm", {"gcm_reg_token": "t"})
    state.reset()
    assert state.sendbird.users(state.sendbird.app_by_id("OTHER")) == []
    assert [a["app_id"] for a in state.config()["sendbird_apps"]] == ["FAKEPUSH", "OTHER"]


def test_add_app_updates_only_the_given_fields():
    state = FakeState(ALL, sendbird_apps=[OTHER])
    state.sendbird.add_app({"app_id": "OTHER", "api_token": "rotated"})
    assert state.sendbird.app_by_id("OTHER").config() == {
        "app_id": "OTHER",
        "api_token": "rotated",
        "secondary_tokens": ["other-2"],
    }


@pytest.mark.parametrize(
    "config",
    [
        {"app_id": "", "api_token": "t"},
        {"app_id": "NEW"},
        {"app_id": "NEW", "api_token": "t", "secondary_tokens": "s"},
        {"app_id": "fakepush", "api_token": "t"},  # the host picks apps case-insensitively
    ],
)
def test_add_app_refuses_bad_configs(config):
    with pytest.raises(ValueError):
        FakeState(ALL, sendbird_apps=[config])


def test_python_view_shows_credentials_users_and_tokens():
    fake = FakePush(sendbird_apps=[OTHER])
    with fake:
        assert fake.sendbird.app_id == "FAKEPUSH"
        assert fake.sendbird.api_token == "fakepush-api-token"
        assert fake.sendbird.host == fake.url
        assert fake.sendbird.base_url == fake.url + "/v3"
    client = fake.client()
    headers = {"Api-Token": "other-token", "Host": OTHER_HOST}
    client.post(
        "/v3/users", json={"user_id": "u", "nickname": "N", "profile_url": ""}, headers=headers
    )
    client.post("/v3/users/u/push/apns", json={"apns_device_token": "a1"}, headers=headers)
    client.post("/v3/users/u/push/apns", json={"apns_device_token": "a2"}, headers=headers)

    assert fake.sendbird.users() == []
    assert [u["user_id"] for u in fake.sendbird.users("OTHER")] == ["u"]
    assert fake.sendbird.tokens("u", "apns", app_id="OTHER") == ["a1", "a2"]
    assert fake.sendbird.tokens("u", app_id="OTHER") == {
        "gcm": [],
        "huawei": [],
        "apns": ["a1", "a2"],
    }
    with pytest.raises(LookupError):
        fake.sendbird.tokens("u")
    with pytest.raises(ValueError):
        fake.sendbird.tokens("u", "fcm", app_id="OTHER")


def test_cli_sendbird_app_flag_parses_secondary_tokens_and_repeats():
    args = build_parser().parse_args(
        ["serve", "--sendbird-app", "A:tok,s1,s2", "--sendbird-app", "B:t"]
    )
    assert args.sendbird_app == [
        {"app_id": "A", "api_token": "tok", "secondary_tokens": ["s1", "s2"]},
        {"app_id": "B", "api_token": "t", "secondary_tokens": []},
    ]


@pytest.mark.parametrize("text", ["A", "A:", ":tok", "A:tok,"])
def test_cli_sendbird_app_flag_rejects_malformed_values(text):
    with pytest.raises(argparse.ArgumentTypeError):
        _sendbird_app(text)
