"""Backendless Messaging device registrations, as docs/backendless.md documents them: the
apps and routes, reads, cancel, user-tokens and expiry (the register body's checks are in
``test_backendless_registration_body.py``).

Each check runs against the target (``fakepush_target``): the in-process fake by default,
or a real app with ``--fakepush-target backendless=URL``. Checks marked
``fakepush_needs_fake`` move the fake's clock or ask it for a user-token.
"""

from __future__ import annotations

from typing import Any

import pytest

from fakepush.contract.clients import new_id
from fakepush.contract.expect import ok_json
from fakepush.providers.backendless.contract.client import backendless_error
from fakepush.providers.backendless.contract.shared import (  # noqa: F401 (fixtures)
    CHANNEL_A,
    CHANNEL_B,
    HOUR_MS,
    RETRIEVE_KEYS,
    bl,
    device_of,
    domain_form,
    frozen,
    needs_fake,
    register_ok,
)

pytestmark = pytest.mark.fakepush_provider("backendless")


# -- apps and routes ------------------------------------------------------------------------


def test_info_answers_an_empty_object(bl):
    assert ok_json(bl.info()) == {}


@pytest.mark.parametrize("wrong", ["app_id", "api_key"])
@pytest.mark.parametrize("operation", ["info", "register", "retrieve", "cancel"])
def test_unknown_app_id_or_api_key_is_2002_on_every_route(bl, wrong, operation):
    credentials = {wrong: new_id("wrong")}
    body = bl.body()
    calls = {
        "info": lambda: bl.info(**credentials),
        "register": lambda: bl.register(body, **credentials),
        "retrieve": lambda: bl.retrieve(body["deviceId"], **credentials),
        "cancel": lambda: bl.cancel(body["deviceId"], **credentials),
    }
    backendless_error(calls[operation](), 2002)
    if operation == "register":
        backendless_error(bl.retrieve(body["deviceId"]), 5000)


@domain_form
def test_domain_form_reaches_the_same_app_as_the_path_form(bl, fakepush_target):
    body = bl.body(channels=[CHANNEL_A])
    assert ok_json(bl.info(form="domain")) == {}
    pairs = register_ok(bl, body, form="domain")
    assert [channel for _, channel in pairs] == [CHANNEL_A]
    assert device_of(fakepush_target, bl.retrieve(body["deviceId"]))["deviceId"] == body["deviceId"]
    assert device_of(fakepush_target, bl.retrieve(body["deviceId"], form="domain"))["channels"] == [
        CHANNEL_A
    ]
    assert ok_json(bl.cancel(body["deviceId"], form="domain")) == {"result": True}
    backendless_error(bl.retrieve(body["deviceId"]), 5000)


@domain_form
def test_domain_form_subdomain_is_compared_case_insensitively(bl):
    assert ok_json(bl.info(form="domain", subdomain=bl.app.subdomain.upper())) == {}


@domain_form
@pytest.mark.parametrize("operation", ["info", "register"])
def test_domain_form_unknown_subdomain_is_2002(bl, operation):
    subdomain = "nosuchapp" + new_id("x")[-12:]
    body = bl.body()
    if operation == "info":
        backendless_error(bl.info(form="domain", subdomain=subdomain), 2002)
    else:
        backendless_error(bl.register(body, form="domain", subdomain=subdomain), 2002)
        backendless_error(bl.retrieve(body["deviceId"]), 5000)


def test_reregistering_is_an_upsert(bl, fakepush_target):
    first = bl.body(channels=[CHANNEL_A, CHANNEL_B])
    (id_a, _), (id_b, _) = register_ok(bl, first)
    again = bl.body(
        first["deviceId"],
        deviceToken=new_id("token"),
        os="IOS",
        osVersion="17.4",
        channels=[CHANNEL_B],
    )
    assert register_ok(bl, again) == [(id_b, CHANNEL_B)]
    device = device_of(fakepush_target, bl.retrieve(first["deviceId"]))
    assert (device["deviceToken"], device["os"], device["osVersion"]) == (
        again["deviceToken"],
        "IOS",
        "17.4",
    )
    assert sorted(device["channels"]) == sorted([CHANNEL_A, CHANNEL_B])
    assert register_ok(bl, bl.body(first["deviceId"], channels=[CHANNEL_A]))[0][0] == id_a


def test_retrieve_expiration_is_the_latest_live_row_or_null_if_one_never_expires(
    bl, fakepush_target
):
    now = fakepush_target.now_ms()
    device_id = new_id("device")
    register_ok(bl, bl.body(device_id, channels=[CHANNEL_A], expiration=now + HOUR_MS))
    register_ok(bl, bl.body(device_id, channels=[CHANNEL_B]))
    assert device_of(fakepush_target, bl.retrieve(device_id))["expiration"] is None
    register_ok(bl, bl.body(device_id, channels=[CHANNEL_B], expiration=now + 2 * HOUR_MS))
    assert device_of(fakepush_target, bl.retrieve(device_id))["expiration"] == now + 2 * HOUR_MS
    # Expiration is set on the rows named in the call only: row A keeps now + 1 hour.
    register_ok(bl, bl.body(device_id, channels=[CHANNEL_B], expiration=now + HOUR_MS // 2))
    assert device_of(fakepush_target, bl.retrieve(device_id))["expiration"] == now + HOUR_MS


def test_retrieve_shape_follows_the_profile(bl, fakepush_target):
    body = bl.body(channels=[CHANNEL_A, CHANNEL_B])
    pairs = register_ok(bl, body)
    answer = ok_json(bl.retrieve(body["deviceId"]))
    if fakepush_target.profile == "sdk":
        assert isinstance(answer, list) and len(answer) == 1, answer
        assert set(answer[0]) == RETRIEVE_KEYS | {"id"}
        assert answer[0]["id"] == pairs[0][0]
        answer = answer[0]
    else:
        assert isinstance(answer, dict), answer
        assert set(answer) == RETRIEVE_KEYS
    assert {k: answer[k] for k in ("deviceToken", "deviceId", "os", "osVersion")} == {
        k: body[k] for k in ("deviceToken", "deviceId", "os", "osVersion")
    }
    assert sorted(answer["channels"]) == sorted([CHANNEL_A, CHANNEL_B])
    assert answer["expiration"] is None


def test_retrieve_unknown_device_is_5000(bl):
    backendless_error(bl.retrieve(new_id("nobody")), 5000)


def test_device_id_is_everything_after_registrations_slash_included(bl, fakepush_target):
    device_id = new_id("device") + "/with/slashes:and:colons"
    register_ok(bl, bl.body(device_id))
    raw = device_of(fakepush_target, bl.retrieve(device_id, encode=False))
    encoded = device_of(fakepush_target, bl.retrieve(device_id))
    assert raw["deviceId"] == encoded["deviceId"] == device_id
    assert ok_json(bl.cancel(device_id, encode=False)) == {"result": True}


def test_cancel_removes_every_row_and_answers_json_true(bl):
    body = bl.body(channels=[CHANNEL_A, CHANNEL_B])
    old_ids = {object_id for object_id, _ in register_ok(bl, body)}
    answer = ok_json(bl.cancel(body["deviceId"]))
    assert answer == {"result": True} and answer["result"] is True
    backendless_error(bl.retrieve(body["deviceId"]), 5000)
    new_ids = {object_id for object_id, _ in register_ok(bl, body)}
    assert not old_ids & new_ids


def test_cancel_unknown_or_cancelled_device_is_5001(bl):
    backendless_error(bl.cancel(new_id("nobody")), 5001)
    body = bl.body()
    register_ok(bl, body)
    ok_json(bl.cancel(body["deviceId"]))
    backendless_error(bl.cancel(body["deviceId"]), 5001)


def test_failed_reregistration_changes_nothing(bl, fakepush_target):
    body = bl.body(channels=[CHANNEL_A])
    register_ok(bl, body)
    before = device_of(fakepush_target, bl.retrieve(body["deviceId"]))
    broken = bl.body(body["deviceId"], deviceToken=new_id("token"), channels=[CHANNEL_B, "a/b"])
    backendless_error(bl.register(broken), 5044)
    assert device_of(fakepush_target, bl.retrieve(body["deviceId"])) == before


@pytest.mark.parametrize("operation", ["register", "retrieve", "cancel"])
def test_unknown_user_token_is_3064_and_changes_nothing(bl, fakepush_target, operation):
    token = new_id("user-token")
    body = bl.body()
    if operation == "register":
        error = backendless_error(bl.register(body, user_token=token), 3064)
        backendless_error(bl.retrieve(body["deviceId"]), 5000)
    else:
        register_ok(bl, body)
        call = bl.retrieve if operation == "retrieve" else bl.cancel
        error = backendless_error(call(body["deviceId"], user_token=token), 3064)
        assert (
            device_of(fakepush_target, bl.retrieve(body["deviceId"]))["deviceId"]
            == body["deviceId"]
        )
    assert token in error["message"], error


@needs_fake
def test_issued_user_token_is_accepted_and_owns_the_rows(bl, fakepush_target):
    token = fakepush_target.login("backendless", bl.app.app_id)
    body = bl.body(channels=[CHANNEL_A])
    register_ok(bl, body, user_token=token)
    device_of(fakepush_target, bl.retrieve(body["deviceId"], user_token=token))
    rows = _rows(fakepush_target, bl.app.app_id, body["deviceId"])
    users = _users(fakepush_target, bl.app.app_id)
    assert [row["ownerId"] for row in rows] == [users[token]]
    # Re-registering without the token keeps the owner (docs/decisions.md).
    register_ok(bl, bl.body(body["deviceId"], channels=[CHANNEL_A]))
    assert [r["ownerId"] for r in _rows(fakepush_target, bl.app.app_id, body["deviceId"])] == [
        users[token]
    ]
    assert ok_json(bl.cancel(body["deviceId"], user_token=token)) == {"result": True}


def _app_export(target, app_id: str) -> dict[str, Any]:
    apps = target.control.export()["backendless"]["apps"]
    return next(app for app in apps if app["app_id"] == app_id)


def _rows(target, app_id: str, device_id: str) -> list[dict[str, Any]]:
    return [r for r in _app_export(target, app_id)["registrations"] if r["deviceId"] == device_id]


def _users(target, app_id: str) -> dict[str, str]:
    return {u["user-token"]: u["objectId"] for u in _app_export(target, app_id)["users"]}


@needs_fake
def test_fully_expired_device_is_gone_for_retrieve_and_cancel(bl, frozen):
    body = bl.body(expiration=frozen.now_ms() + 1000)
    register_ok(bl, body)
    frozen.advance(999)
    ok_json(bl.retrieve(body["deviceId"]))
    frozen.advance(1)  # expiration <= now: expired
    backendless_error(bl.retrieve(body["deviceId"]), 5000)
    backendless_error(bl.cancel(body["deviceId"]), 5001)


@needs_fake
def test_expired_row_is_gone_for_reads_and_writes_while_live_rows_stay(bl, frozen, fakepush_target):
    device_id = new_id("device")
    [(old_a, _)] = register_ok(
        bl, bl.body(device_id, channels=[CHANNEL_A], expiration=frozen.now_ms() + 1000)
    )
    register_ok(bl, bl.body(device_id, channels=[CHANNEL_B]))
    frozen.advance(1000)
    device = device_of(fakepush_target, bl.retrieve(device_id))
    assert (device["channels"], device["expiration"]) == ([CHANNEL_B], None)
    [(new_a, _)] = register_ok(bl, bl.body(device_id, channels=[CHANNEL_A]))
    assert new_a != old_a
