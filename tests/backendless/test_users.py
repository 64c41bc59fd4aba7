"""The ``user-token`` header: optional, checked when present, and it sets ``ownerId``."""

from __future__ import annotations

import pytest

from fakepush import FakePush

from .helpers import assert_error, path_form, registration


def rows(state) -> list[dict]:
    return state.backendless.registrations(state.backendless.app_by_id())


def login(state, user_id=None, app_id=None) -> str:
    return state.backendless.login(state.backendless.app_by_id(app_id), user_id)["user-token"]


def test_rows_registered_with_a_user_token_get_the_users_object_id(api, state):
    token = login(state, "USER-1")
    response = api.register(registration(channels=["a", "b"]), headers={"user-token": token})
    assert response.status_code == 200
    assert {r["ownerId"] for r in rows(state)} == {"USER-1"}


def test_login_without_user_id_makes_an_upper_case_uuid_owner(api, state):
    issued = state.backendless.login(state.backendless.app_by_id())
    assert issued["objectId"] == issued["objectId"].upper() and len(issued["objectId"]) == 36
    api.register(registration(), headers={"user-token": issued["user-token"]})
    assert rows(state)[0]["ownerId"] == issued["objectId"]


def test_handle_login_issues_a_token_the_routes_accept():
    fake = FakePush()
    token = fake.backendless.login("USER-42")
    client = fake.client()
    api = path_form(client)
    assert api.register(registration(), headers={"user-token": token}).status_code == 200
    assert api.retrieve("device-1", headers={"user-token": token}).status_code == 200
    assert fake.backendless.registrations()[0]["ownerId"] == "USER-42"
    assert api.cancel("device-1", headers={"user-token": token}).get_json() == {"result": True}


def test_without_user_token_rows_have_no_owner(api, state):
    api.register(registration())
    assert rows(state)[0]["ownerId"] is None


def test_reregistering_without_user_token_keeps_owner(api, state):
    token = login(state, "USER-1")
    api.register(registration(channels=["a"]), headers={"user-token": token})
    api.register(registration(channels=["a"], deviceToken="new"))
    assert [(r["ownerId"], r["deviceToken"]) for r in rows(state)] == [("USER-1", "new")]


def test_reregistering_with_another_users_token_changes_owner_of_named_rows(api, state):
    api.register(registration(channels=["a", "b"]), headers={"user-token": login(state, "U1")})
    api.register(registration(channels=["b"]), headers={"user-token": login(state, "U2")})
    assert {r["channel"]: r["ownerId"] for r in rows(state)} == {"a": "U1", "b": "U2"}


@pytest.mark.parametrize("call", ["register", "retrieve", "cancel"])
def test_unknown_user_token_is_3064_and_changes_nothing(api, state, call):
    api.register(registration())
    before = state.export()
    response = {
        "register": lambda: api.register(registration(), headers={"user-token": "FORGED"}),
        "retrieve": lambda: api.retrieve("device-1", headers={"user-token": "FORGED"}),
        "cancel": lambda: api.cancel("device-1", headers={"user-token": "FORGED"}),
    }[call]()
    assert_error(
        response, 3064, "Not existing user token - FORGED. Relogin user to update your user token"
    )
    assert state.export() == before


def test_user_token_of_another_app_is_3064(api, state):
    from fakepush.state import FakeState
    from fakepush.providers import ALL

    other = FakeState(ALL, backendless_apps=[{"app_id": "B", "api_key": "KB"}])
    token = other.backendless.login(other.backendless.app_by_id("B"))["user-token"]
    state.backendless.add_app({"app_id": "B", "api_key": "KB"})
    foreign = login(state, "U", app_id="B")
    for bad in (token, foreign):
        assert_error(api.register(registration(), headers={"user-token": bad}), 3064)


def test_reset_forgets_issued_user_tokens(api, state):
    token = login(state)
    state.reset()
    assert_error(api.register(registration(), headers={"user-token": token}), 3064)
