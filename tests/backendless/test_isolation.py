"""Apps never see each other's data, failing requests change nothing, the journal tells all."""

from __future__ import annotations

import pytest

from fakepush import create_app
from fakepush.state import FakeState
from fakepush.providers import ALL

from .helpers import HOUR_MS, NOW_MS, Api, assert_error, domain_form, path_form, registration

APP_B = {"app_id": "APP-B", "api_key": "KEY-B", "subdomain": "bee"}


@pytest.fixture
def two_apps():
    state = FakeState(ALL, backendless_apps=[APP_B])
    state.clock.freeze(NOW_MS)
    client = create_app(state).test_client()
    return state, path_form(client), path_form(client, "APP-B", "KEY-B")


def test_one_app_never_sees_another_apps_registrations(two_apps):
    state, a, b = two_apps
    a.register(registration("shared-id", channels=["a-only"]))
    assert_error(b.retrieve("shared-id"), 5000)
    assert_error(b.cancel("shared-id"), 5001)
    b.register(registration("shared-id", deviceToken="b-token", channels=["b-only"]))
    assert a.retrieve("shared-id").get_json()["channels"] == ["a-only"]
    assert a.retrieve("shared-id").get_json()["deviceToken"] == "token-1"
    assert b.retrieve("shared-id").get_json()["channels"] == ["b-only"]
    b.cancel("shared-id")
    assert a.retrieve("shared-id").status_code == 200
    store = state.backendless
    assert store.channels(store.app_by_id()) == ["a-only"]
    assert store.channels(store.app_by_id("APP-B")) == ["b-only"]


def test_same_channel_in_two_apps_gets_different_object_ids(two_apps):
    _, a, b = two_apps
    id_a = a.register(registration("d", channels=["news"])).get_json()["registrationId"]
    id_b = b.register(registration("d", channels=["news"])).get_json()["registrationId"]
    assert id_a != id_b


def test_domain_form_subdomain_reaches_only_its_app(two_apps):
    state, a, _ = two_apps
    bee = domain_form(a.client, host="bee.backendless.app")
    bee.register(registration("via-bee"))
    assert_error(a.retrieve("via-bee"), 5000)
    assert (
        state.backendless.registrations(state.backendless.app_by_id("APP-B"))[0]["deviceId"]
        == "via-bee"
    )


# -- a request that fails changes nothing --------------------------------------------------

BAD_REQUESTS = {
    "unknown-app": lambda api: Api(api.client, "/NOPE/NOPE").register(registration()),
    "wrong-method": lambda api: api.client.put(
        api.url("/messaging/registrations"), json=registration(), headers=api._headers(None)
    ),
    "no-content-type": lambda api: api.register(data=b'{"deviceId": "device-1"}'),
    "bad-json": lambda api: api.register(data=b"{", content_type="application/json"),
    "null-body": lambda api: api.register(data=b"null", content_type="application/json"),
    "no-device-id": lambda api: api.register(registration(deviceId=None)),
    "token-not-string": lambda api: api.register(registration(deviceToken=5, channels=["new"])),
    "channels-not-list": lambda api: api.register(registration(channels="new")),
    "long-os-version": lambda api: api.register(
        registration(osVersion="v" * 501, channels=["new"])
    ),
    "long-channel": lambda api: api.register(registration(channels=["new", "c" * 501])),
    "invalid-channel-last": lambda api: api.register(
        registration(channels=["new", "fresh", "bad/"])
    ),
    "control-channel": lambda api: api.register(registration(channels=["new", "x\x85"])),
    "past-expiration": lambda api: api.register(
        registration(channels=["a", "new"], expiration=NOW_MS)
    ),
    "user-token": lambda api: api.register(
        registration(deviceToken="new"), headers={"user-token": "forged"}
    ),
    "retrieve-unknown": lambda api: api.retrieve("nobody"),
    "cancel-unknown": lambda api: api.cancel("nobody"),
    "cancel-forged-token": lambda api: api.cancel("device-1", headers={"user-token": "forged"}),
    "too-large": lambda api: api.register(
        data=b" " * (1024 * 1024 + 1), content_type="application/json"
    ),
}


@pytest.mark.parametrize("bad", BAD_REQUESTS, ids=list(BAD_REQUESTS))
def test_a_request_that_fails_changes_nothing(api, state, bad):
    state.backendless.login(state.backendless.app_by_id(), "U")
    api.register(registration(channels=["a", "b"], expiration=NOW_MS + HOUR_MS))
    api.register(registration("device-2"))
    before = state.export()
    response = BAD_REQUESTS[bad](api)
    assert response.status_code >= 400
    assert response.is_json
    assert state.export() == before


# -- the journal ---------------------------------------------------------------------------


def test_journal_records_operation_app_and_error_code(api, state):
    api.info()
    api.register(registration())
    api.retrieve("device-1")
    api.cancel("device-1")
    api.cancel("device-1")
    Api(api.client, "/NOPE/NOPE").info()
    api.client.get("/no/such/route/at/all")
    records = [
        (r["method"], r["provider"], r["operation"], r["app_id"], r["status"], r["error_code"])
        for r in state.journal
    ]
    assert records == [
        ("GET", "backendless", "backendless.info", "FAKEPUSH-APP-ID", 200, None),
        ("POST", "backendless", "backendless.register", "FAKEPUSH-APP-ID", 200, None),
        ("GET", "backendless", "backendless.retrieve", "FAKEPUSH-APP-ID", 200, None),
        ("DELETE", "backendless", "backendless.cancel", "FAKEPUSH-APP-ID", 200, None),
        ("DELETE", "backendless", "backendless.cancel", "FAKEPUSH-APP-ID", 400, 5001),
        ("GET", "backendless", "backendless.info", None, 400, 2002),
        ("GET", None, None, None, 404, None),
    ]


def test_journal_keeps_request_and_response_bodies_and_the_fakes_time(api, state):
    response = api.register(registration())
    record = state.journal[-1]
    assert record["request"] == registration()
    assert record["response"] == response.get_json()
    assert record["at"] == NOW_MS
    assert record["path"] == api.url("/messaging/registrations")
    assert str(record["id"]) == response.headers["X-Fakepush-Request-Id"]


def test_journal_path_holds_the_decoded_device_id(api, state):
    api.retrieve("dev 1/x")
    assert state.journal[-1]["path"].endswith("/messaging/registrations/dev 1/x")
    assert state.journal[-1]["error_code"] == 5000
