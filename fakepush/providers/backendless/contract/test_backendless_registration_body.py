"""Backendless Messaging: the register body, check by check in the documented order
(docs/backendless.md), against the target (``fakepush_target``), as in ``test_backendless.py``.
"""

from __future__ import annotations

import pytest

from fakepush.contract.clients import MISSING, new_id
from fakepush.providers.backendless.contract.client import backendless_error
from fakepush.providers.backendless.contract.shared import (  # noqa: F401 (fixtures)
    CHANNEL_A,
    CHANNEL_B,
    HOUR_MS,
    bl,
    device_of,
    frozen,
    needs_fake,
    register_ok,
)

pytestmark = pytest.mark.fakepush_provider("backendless")


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
