"""Adding apps costs the apps added: ``PUT /_fakepush/config`` checks the apps it is given,
not every app the fake holds, and stays all or nothing."""

from __future__ import annotations

import pytest

from fakepush import FakePush

HELD = 5000


@pytest.fixture
def fake():
    fp = FakePush()
    fp.load({"version": 1,
             "backendless": {"apps": [{"app_id": f"A{i}", "api_key": f"K{i}", "subdomain": f"s{i}"}
                                      for i in range(HELD)]},
             "sendbird": {"apps": [{"app_id": f"S{i}", "api_token": f"T{i}"}
                                   for i in range(HELD)]}})
    return fp


def _apps(fake, provider: str) -> dict[str, dict]:
    return {app["app_id"]: app for app in fake.client().get("/_fakepush/config").get_json()[
        f"{provider}_apps"]}


def test_adding_one_app_to_a_fake_with_thousands_checks_one_app(fake, monkeypatch):
    """Counted, not timed: each app checked is one ``_upsert_app``; a copy of every held
    app to try the change on first (the old way) made this 5,001 per store."""
    calls = []
    for store in fake.state.stores.values():
        original = type(store)._upsert_app

        def counted(self, app_id, config, original=original):
            calls.append(app_id)
            return original(self, app_id, config)

        monkeypatch.setattr(type(store), "_upsert_app", counted)
    answer = fake.client().put("/_fakepush/config", json={
        "backendless_apps": [{"app_id": "NEW", "api_key": "k", "subdomain": "new"}],
        "sendbird_apps": [{"app_id": "NEWSB", "api_token": "t"}]})
    assert answer.status_code == 200
    assert sorted(calls) == ["NEW", "NEWSB"]


def test_a_refused_app_undoes_the_apps_before_it_in_every_store(fake):
    before = (_apps(fake, "backendless"), _apps(fake, "sendbird"))
    answer = fake.client().put("/_fakepush/config", json={
        "backendless_apps": [{"app_id": "A1", "api_key": "changed", "subdomain": "moved"},
                             {"app_id": "NEW", "api_key": "k", "subdomain": "s1"}],
        "sendbird_apps": [{"app_id": "S1", "api_token": "changed"},
                          {"app_id": "NEWSB", "api_token": "t"},
                          {"app_id": "BAD"}]})  # no api_token: refused
    assert answer.status_code == 400 and "BAD" in answer.get_json()["message"]
    assert (_apps(fake, "backendless"), _apps(fake, "sendbird")) == before
    # The routing names are back too: s1 is A1's, "moved" and "newsb" nobody's.
    store = fake.state.stores["backendless"]
    assert store.names["s1"].app_id == "A1" and "moved" not in store.names
    assert "newsb" not in fake.state.stores["sendbird"].names


def test_apps_given_in_one_request_apply_in_turn(fake):
    """A1 leaves s1 and NEW takes it in the same request, as two requests would."""
    answer = fake.client().put("/_fakepush/config", json={"backendless_apps": [
        {"app_id": "A1", "api_key": "K1", "subdomain": "moved"},
        {"app_id": "NEW", "api_key": "k", "subdomain": "s1"}]})
    assert answer.status_code == 200, answer.get_json()
    apps = _apps(fake, "backendless")
    assert apps["A1"]["subdomain"] == "moved" and apps["NEW"]["subdomain"] == "s1"
