"""Publish bodies without HTTP: every field, every pushBroadcast form, policies, dates, errors."""

import pytest

from fakepush.providers.backendless.errors import BackendlessError
from fakepush.providers.backendless.publish import (
    ALL,
    check_channel_name,
    os_in_mask,
    parse_date,
    parse_mask,
    parse_publish,
)

NOW = 1_893_456_000_000  # 2030-01-01T00:00:00Z


def _code(exc_info):
    return exc_info.value.code


def test_a_bare_message_is_a_broadcast_to_all_with_both_policies():
    request = parse_publish({"message": "hello"}, NOW)
    assert request.text == "hello" and request.policy == "BOTH" and request.mask == ALL
    assert request.headers == {} and request.singlecast == () and request.publish_at is None


def test_every_field_is_read_and_unknown_keys_are_ignored():
    request = parse_publish(
        {
            "message": "hi",
            "headers": {"ios-badge": "2"},
            "publisherId": "backend",
            "publishPolicy": "push",
            "pushBroadcast": "FOR_IOS|FOR_ANDROID",
            "pushSinglecast": ["d1", "d2", "d1"],
            "segmentQuery": "os = 'IOS'",
            "publishAt": NOW + 1000,
            "repeatEvery": 60,
            "repeatExpiresAt": "2030-01-02T00:00:00Z",
            "subtopic": "ignored",
        },
        NOW,
    )
    assert request.headers == {"ios-badge": "2"} and request.publisher_id == "backend"
    assert request.policy == "PUSH" and request.mask == 3
    assert request.singlecast == ("d1", "d2")
    assert request.segment_query == "os = 'IOS'"
    assert request.publish_at == NOW + 1000 and request.repeat_every == 60
    assert request.repeat_expires_at == NOW + 86_400_000


@pytest.mark.parametrize(
    "value, mask",
    [
        (1, 1), (2, 2), (4, 4), (8, 8), (15, 15), (0, 15), (None, 15), ("3", 3), ("0", 15),
        ("FOR_IOS|FOR_ANDROID", 3), ("FOR_ALL", 15), ("IOS", 1), ("ALL", 15), ("FOR_NONE", 15),
        ("android,wp", 6), ("for_osx", 8), (" IOS | OSX ", 9),
    ],
)
def test_push_broadcast_accepts_every_wire_form(value, mask):
    assert parse_mask(value) == mask


@pytest.mark.parametrize("value", ["LINUX", 16, -1, 1.5, True, [1], {"a": 1}, "FOR_IOS|TV"])
def test_push_broadcast_of_an_unknown_value_is_8002_naming_the_field(value):
    with pytest.raises(BackendlessError) as exc:
        parse_mask(value)
    assert _code(exc) == 8002 and "'pushBroadcast'" in exc.value.message


@pytest.mark.parametrize(
    "body, policy, pushes",
    [
        ({"publishPolicy": "PUSH"}, "PUSH", True),
        ({"publishPolicy": "pubsub"}, "PUBSUB", False),
        ({"publishPolicy": "Both"}, "BOTH", True),
        ({"pushPolicy": "ONLY"}, "PUSH", True),
        ({"pushPolicy": "also"}, "BOTH", True),
        ({}, "BOTH", True),
    ],
)
def test_policies_and_the_legacy_push_policy(body, policy, pushes):
    request = parse_publish({"message": "m", **body}, NOW)
    assert request.policy == policy and request.pushes is pushes


@pytest.mark.parametrize(
    "field, value",
    [
        ("publishPolicy", "SOMETIMES"), ("publishPolicy", 1), ("pushPolicy", "PUSH"),
        ("headers", {"a": 1}), ("headers", ["a"]), ("publisherId", 5),
        ("pushSinglecast", "d1"), ("pushSinglecast", [1]), ("segmentQuery", 3),
        ("publishAt", "tomorrow"), ("publishAt", True), ("publishAt", "2030-01-02T00:00:00"),
        ("repeatEvery", 0), ("repeatEvery", "60"), ("repeatEvery", 1.5),
        ("repeatExpiresAt", [1]),
    ],
)
def test_a_field_of_the_wrong_type_is_8002_naming_it(field, value):
    with pytest.raises(BackendlessError) as exc:
        parse_publish({"message": "m", field: value}, NOW)
    assert _code(exc) == 8002
    assert exc.value.message.startswith("Could not parse request with message: ")
    assert f"'{field}'" in exc.value.message


@pytest.mark.parametrize("body", [None, [], "text", 5, {}, {"message": None}])
def test_a_body_that_is_not_an_object_or_lacks_message_is_8002(body):
    with pytest.raises(BackendlessError) as exc:
        parse_publish(body, NOW)
    assert _code(exc) == 8002


@pytest.mark.parametrize("message, text", [("s", "s"), (5, "5"), (1.5, "1.5"), (True, "true")])
def test_a_push_carries_the_message_as_its_text(message, text):
    assert parse_publish({"message": message}, NOW).text == text


@pytest.mark.parametrize("message", [{"a": 1}, [1, 2]])
def test_a_push_of_a_message_that_is_no_string_is_5041_but_pubsub_takes_it(message):
    with pytest.raises(BackendlessError) as exc:
        parse_publish({"message": message}, NOW)
    assert _code(exc) == 5041
    request = parse_publish({"message": message, "publishPolicy": "PUBSUB"}, NOW)
    assert request.text is None and request.message == message


@pytest.mark.parametrize("publish_at", [NOW, NOW - 1, "2029-12-31T23:59:59Z"])
def test_publish_at_not_after_now_is_5030(publish_at):
    with pytest.raises(BackendlessError) as exc:
        parse_publish({"message": "m", "publishAt": publish_at}, NOW)
    assert _code(exc) == 5030


@pytest.mark.parametrize(
    "body",
    [
        {"repeatExpiresAt": NOW},
        {"publishAt": NOW + 10, "repeatExpiresAt": NOW + 10},
        {"publishAt": NOW + 10, "repeatExpiresAt": NOW + 5},
    ],
)
def test_repeat_expires_at_not_after_the_first_delivery_is_5003(body):
    with pytest.raises(BackendlessError) as exc:
        parse_publish({"message": "m", "repeatEvery": 1, **body}, NOW)
    assert _code(exc) == 5003


def test_dates_as_ms_and_iso_8601_with_an_offset_are_the_same_instant():
    assert parse_date(NOW, "publishAt") == NOW
    assert parse_date("2030-01-01T00:00:00.000Z", "publishAt") == NOW
    assert parse_date("2030-01-01T01:00:00+01:00", "publishAt") == NOW


@pytest.mark.parametrize(
    "name, code", [("", 5044), ("a/b", 5044), ("a\x00", 5044), ("a\x85", 5044), ("x" * 501, 8000)]
)
def test_channel_names_follow_the_registration_rules(name, code):
    with pytest.raises(BackendlessError) as exc:
        check_channel_name(name)
    assert _code(exc) == code


def test_os_in_mask_is_case_insensitive_and_knows_only_four_systems():
    assert os_in_mask("ios", 1) and os_in_mask("Android", 2) and not os_in_mask("IOS", 2)
    assert not os_in_mask("LINUX", ALL) and os_in_mask("osx", 8) and os_in_mask("WP", 4)
