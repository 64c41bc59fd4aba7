"""Backendless Messaging device registrations, as docs/backendless.md documents them.

Each check runs against the target (``fakepush_target``): the in-process fake by default,
or a real app with ``--fakepush-target backendless=URL``. Checks marked
``fakepush_needs_fake`` move the fake's clock or ask it for a user-token.
"""

from __future__ import annotations

from typing import Any

import pytest

from fakepush.contract.clients import MISSING, new_id
from fakepush.contract.expect import ok_json
from fakepush.providers.backendless.contract.client import (
    BackendlessClient,
    backendless_error,
    registration_pairs,
)

pytestmark = pytest.mark.fakepush_provider("backendless")
needs_fake = pytest.mark.fakepush_needs_fake
# The domain-form checks run where the target has a domain URL (in-process: always).
domain_form = pytest.mark.fakepush_provider("backendless-domain")

# Channels cannot be deleted through the Messaging API, so the checks share two names
# (rows are per device, and every device id is new) instead of making new channels.
CHANNEL_A = "fakepush-contract-a"
CHANNEL_B = "fakepush-contract-b"
HOUR_MS = 3_600_000
RETRIEVE_KEYS = {"deviceToken", "deviceId", "os", "osVersion", "channels", "expiration"}


@pytest.fixture
def bl(fakepush_target, request):
    if fakepush_target.backendless is None:
        pytest.fail("the target has no Backendless URL")
    client = BackendlessClient(fakepush_target, request.node.nodeid)
    yield client
    client.cleanup()


@pytest.fixture
def frozen(fakepush_target):
    """The fake's clock, frozen at now for the check and back to the system clock after."""
    control = fakepush_target.control
    control.freeze(control.now_ms())  # a whole millisecond, so boundaries are exact
    yield control
    control.unfreeze()


def device_of(target, response) -> dict[str, Any]:
    """The retrieve object, whichever profile's shape the target answers in."""
    body = ok_json(response)
    if target.profile == "sdk":
        assert isinstance(body, list) and len(body) == 1, (
            f"profile sdk: a list of one, got {body!r}"
        )
        assert isinstance(body[0], dict), body
        device = dict(body[0])
        device.pop("id")
        return device
    assert isinstance(body, dict), f"profile docs: one object, got {body!r}"
    return body


def register_ok(
    bl: BackendlessClient, body: dict[str, Any], **options: Any
) -> list[tuple[str, str]]:
    return registration_pairs(ok_json(bl.register(body, **options)))


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


# -- the register body ----------------------------------------------------------------------


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_post_without_json_content_type_is_8002(bl, content_type):
    body = bl.body()
    backendless_error(bl.register(body, content_type=content_type), 8002)
    backendless_error(bl.retrieve(body["deviceId"]), 5000)


@pytest.mark.parametrize("raw", [b"", b"{", b"not json", b'{"deviceId": "x",}'])
def test_empty_or_unparsable_body_is_8002(bl, raw):
    backendless_error(bl.register(None, raw=raw), 8002)


@pytest.mark.parametrize("body", [None, [], ["x"], 1, "registration", True])
def test_null_or_non_object_body_is_5006(bl, body):
    backendless_error(bl.register(body), 5006)


@pytest.mark.parametrize("device_id", [MISSING, None, ""])
def test_missing_null_or_empty_device_id_is_5011(bl, device_id):
    body = bl.body()
    body.pop("deviceId")
    if device_id is not MISSING:
        body["deviceId"] = device_id
    backendless_error(bl.register(body), 5011)


WRONG_TYPES = [
    ("deviceToken", MISSING),
    ("deviceToken", None),
    ("deviceToken", 12345),
    ("os", MISSING),
    ("os", ["ANDROID"]),
    ("osVersion", MISSING),
    ("osVersion", 14),
    ("channels", "news"),
    ("channels", [CHANNEL_A, 7]),
    ("channels", {"name": CHANNEL_A}),
    ("expiration", "tomorrow"),
    ("expiration", True),
    ("expiration", [1]),
]


@pytest.mark.parametrize(("field", "value"), WRONG_TYPES)
def test_missing_or_wrongly_typed_field_is_5005_naming_the_field(bl, field, value):
    body = bl.body(**{field: value})
    error = backendless_error(bl.register(body), 5005)
    assert field in error["message"], error
    backendless_error(bl.retrieve(body["deviceId"]), 5000)


@pytest.mark.parametrize("field", ["deviceId", "deviceToken", "os", "osVersion", "channels"])
def test_string_over_500_characters_is_8000_naming_the_property(bl, field):
    long = "x" * 501
    if field == "deviceId":
        body = bl.body(device_id=new_id("d") + long[: 501 - len(new_id("d"))])
        assert len(body["deviceId"]) == 501
    elif field == "channels":
        body = bl.body(channels=[CHANNEL_A, long])
    else:
        body = bl.body(**{field: long})
    error = backendless_error(bl.register(body), 8000)
    assert field in error["message"], error
    backendless_error(bl.retrieve(body["deviceId"]), 5000)


def test_strings_of_500_characters_are_accepted(bl, fakepush_target):
    device_id = new_id("d")
    device_id += "x" * (500 - len(device_id))
    body = bl.body(device_id, deviceToken="t" * 500, osVersion="v" * 500)
    register_ok(bl, body)
    device = device_of(fakepush_target, bl.retrieve(device_id))
    assert (device["deviceId"], device["deviceToken"]) == (device_id, "t" * 500)


@pytest.mark.parametrize(
    "channel", ["", "news/sports", "a\x00b", "a\nb", "a\x1fb", "a\x7fb", "a\x85b", "a\x9fb"]
)
def test_channel_name_empty_with_slash_or_control_character_is_5044(bl, channel):
    body = bl.body(channels=[CHANNEL_A, channel])
    backendless_error(bl.register(body), 5044)
    backendless_error(bl.retrieve(body["deviceId"]), 5000)


def test_expiration_in_the_past_is_5004(bl, fakepush_target):
    body = bl.body(expiration=fakepush_target.now_ms() - HOUR_MS)
    backendless_error(bl.register(body), 5004)
    backendless_error(bl.retrieve(body["deviceId"]), 5000)


@needs_fake
def test_expiration_must_be_strictly_after_now(bl, frozen, fakepush_target):
    now = frozen.now_ms()
    backendless_error(bl.register(bl.body(expiration=now)), 5004)
    body = bl.body(expiration=now + 1)
    register_ok(bl, body)
    assert device_of(fakepush_target, bl.retrieve(body["deviceId"]))["expiration"] == now + 1


def test_future_expiration_is_kept_in_epoch_milliseconds(bl, fakepush_target):
    expiration = fakepush_target.now_ms() + HOUR_MS
    body = bl.body(expiration=expiration)
    register_ok(bl, body)
    assert device_of(fakepush_target, bl.retrieve(body["deviceId"]))["expiration"] == expiration


@pytest.mark.parametrize("expiration", [MISSING, None])
def test_absent_or_null_expiration_reads_back_as_null(bl, fakepush_target, expiration):
    body = bl.body(expiration=expiration)
    register_ok(bl, body)
    assert device_of(fakepush_target, bl.retrieve(body["deviceId"]))["expiration"] is None


@needs_fake
def test_absent_expiration_never_expires(bl, frozen, fakepush_target):
    body = bl.body()
    register_ok(bl, body)
    frozen.advance(100 * 365 * 24 * HOUR_MS)
    assert device_of(fakepush_target, bl.retrieve(body["deviceId"]))["deviceId"] == body["deviceId"]


@pytest.mark.parametrize("os_name", ["IOS", "ANDROID", "WP", "OSX", "Linux", "SomethingElse 1"])
def test_any_non_empty_os_is_stored_as_sent(bl, fakepush_target, os_name):
    body = bl.body(os=os_name)
    register_ok(bl, body)
    assert device_of(fakepush_target, bl.retrieve(body["deviceId"]))["os"] == os_name


@pytest.mark.parametrize("channels", [MISSING, []])
def test_absent_or_empty_channels_mean_default(bl, fakepush_target, channels):
    body = bl.body(channels=channels)
    assert [channel for _, channel in register_ok(bl, body)] == ["default"]
    assert device_of(fakepush_target, bl.retrieve(body["deviceId"]))["channels"] == ["default"]


def test_unknown_channel_is_created_on_first_use(bl, fakepush_target):
    # The one check that makes a new channel: its name is unique to this run.
    channel = new_id("channel")
    body = bl.body(channels=[channel])
    assert [c for _, c in register_ok(bl, body)] == [channel]
    assert device_of(fakepush_target, bl.retrieve(body["deviceId"]))["channels"] == [channel]


def test_each_channel_is_one_row_with_an_upper_case_object_id(bl):
    pairs = register_ok(bl, bl.body(channels=[CHANNEL_B, CHANNEL_A]))
    assert [channel for _, channel in pairs] == [CHANNEL_B, CHANNEL_A]
    assert len({object_id for object_id, _ in pairs}) == 2


def test_register_response_collapses_duplicates_in_request_order(bl, fakepush_target):
    body = bl.body(channels=[CHANNEL_B, CHANNEL_A, CHANNEL_B])
    assert [channel for _, channel in register_ok(bl, body)] == [CHANNEL_B, CHANNEL_A]
    channels = device_of(fakepush_target, bl.retrieve(body["deviceId"]))["channels"]
    assert sorted(channels) == sorted([CHANNEL_A, CHANNEL_B])


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
