"""Delivery without HTTP: payloads per service, the schedule, catch-up, recipients, templates."""

import pytest

from fakepush.providers.backendless.delivery import Mailroom, deliver
from fakepush.providers.backendless.errors import BackendlessError
from fakepush.providers.backendless.messages import CATCH_UP_LIMIT, Message, new_message_id
from fakepush.providers.backendless.payloads import apns_payload, build_payloads, service_for
from fakepush.providers.backendless.devices import Device, Registration
from fakepush.providers.backendless.table import segment_test
from fakepush.providers.backendless.templates import fill, make_template, template_values
from fakepush.outbox import Outbox

NOW = 1_893_456_000_000


def test_apns_folds_the_ios_headers_into_aps_and_keeps_the_others():
    payload = apns_payload(
        "hello",
        {
            "ios-alert-title": "T",
            "ios-alert-subtitle": "S",
            "ios-badge": "3",
            "ios-sound": "ding",
            "ios-content-available": "1",
            "extra": "x",
            "message": "not this",
        },
    )
    assert payload == {
        "aps": {
            "alert": {"title": "T", "subtitle": "S", "body": "hello"},
            "badge": 3,
            "sound": "ding",
            "content-available": 1,
        },
        "message": "hello",
        "extra": "x",
    }


def test_apns_alert_body_header_wins_over_the_message_and_a_bad_badge_is_left_out():
    payload = apns_payload("hello", {"ios-alert-body": "B", "ios-badge": "many"})
    assert payload == {"aps": {"alert": {"body": "B"}}, "message": "hello"}


def test_fcm_and_wns_get_a_flat_map_of_strings():
    payloads = build_payloads("hi", {"android-content-title": "T"})
    assert payloads["FCM"] == payloads["WNS"] == {"android-content-title": "T", "message": "hi"}


@pytest.mark.parametrize(
    "os, service", [("IOS", "APNS"), ("osx", "APNS"), ("Android", "FCM"), ("WP", "WNS"), ("BB", None)]
)
def test_each_os_goes_through_its_service(os, service):
    assert service_for(os) == service


def _message(next_due, every=None, expires=None, **fields):
    return Message(
        message_id=new_message_id(),
        channel=fields.pop("channel", "news"),
        text=fields.pop("text", "hi"),
        headers={},
        mask=15,
        singlecast=fields.pop("singlecast", ()),
        segment_query=None,
        next_due=next_due,
        repeat_every_ms=every,
        repeat_expires_at=expires,
        **fields,
    )


def test_a_one_off_message_is_due_once_at_its_time():
    message = _message(NOW + 10)
    assert message.due_times(NOW + 9) == []
    assert message.status == "scheduled"
    assert message.due_times(NOW + 10) == [NOW + 10]
    assert message.due_times(NOW + 99) == [] and message.next_due is None


def test_a_repeating_message_is_due_every_period_while_not_after_its_expiry():
    message = _message(NOW, every=1000, expires=NOW + 2500)
    assert message.due_times(NOW + 1500) == [NOW, NOW + 1000]
    assert message.status == "scheduled"
    assert message.due_times(NOW + 10_000) == [NOW + 2000]
    assert message.next_due is None and message.status == "published"


def test_catch_up_stops_at_the_limit_and_names_the_dropped_deliveries():
    message = _message(NOW, every=1)
    times = message.due_times(NOW + CATCH_UP_LIMIT + 4)
    assert len(times) == CATCH_UP_LIMIT and times[0] == NOW
    assert message.dropped == 5 and message.next_due == NOW + CATCH_UP_LIMIT + 5
    assert "5 deliveries were dropped" in message.error_message()


def _app_with(rows):
    """devices and a mailroom for rows given as (device_id, os, token, created, expiration)."""
    mailroom, devices = Mailroom(), {}
    for device_id, os, token, created, expiration in rows:
        device = devices[device_id] = Device(device_id, token, os, "1")
        device.put(Registration(device_id.upper(), "news", expiration, "owner-" + device_id,
                                created, created))
        mailroom.index("news", device_id)
    return mailroom, devices


def test_a_delivery_reaches_the_rows_live_at_its_time_with_their_service_and_owner():
    mailroom, devices = _app_with(
        [
            ("a", "ANDROID", "ta", NOW - 10, None),
            ("i", "IOS", "ti", NOW - 10, NOW + 100),
            ("late", "ANDROID", "tl", NOW + 1, None),
            ("expired", "WP", "te", NOW - 10, NOW),
            ("linux", "LINUX", "tx", NOW - 10, None),
        ]
    )
    outbox = Outbox()
    message = _message(None)
    deliver(mailroom, devices, message, NOW, app_id="APP", outbox=outbox, segment=segment_test)
    pushes = outbox.filter()
    assert [(p["token"], p["service"], p["user_id"]) for p in pushes] == [
        ("ta", "FCM", "owner-a"),
        ("ti", "APNS", "owner-i"),
    ]
    assert pushes[1]["payload"] == {"aps": {"alert": {"body": "hi"}}, "message": "hi"}
    assert message.successful == 2 and message.sending_time == NOW


def test_singlecast_keeps_only_those_devices_still_on_the_channel_and_counts_failures():
    mailroom, devices = _app_with(
        [("a", "ANDROID", "ta", NOW, None), ("b", "ANDROID", "tb", NOW, None)]
    )
    outbox = Outbox()
    outbox.reject_token("tb")
    message = _message(None, singlecast=("b", "stranger"))
    deliver(mailroom, devices, message, NOW, app_id="APP", outbox=outbox, segment=segment_test)
    assert [(p["token"], p["status"], p["error"]) for p in outbox] == [("tb", "failed", "UNREGISTERED")]
    assert message.status == "failed" and "UNREGISTERED" in message.error_message()


def test_the_index_forgets_devices_that_left_the_channel():
    mailroom, devices = _app_with([("a", "ANDROID", "ta", NOW, None)])
    del devices["a"]
    deliver(mailroom, devices, _message(None), NOW, app_id="APP", outbox=Outbox(), segment=segment_test)
    assert mailroom.members["news"] == {}


def test_due_deliveries_of_several_messages_come_in_due_order_ties_in_publish_order():
    mailroom = Mailroom()
    first, second = _message(NOW + 20), _message(NOW, every=10)
    mailroom.schedule(first)
    mailroom.schedule(second)
    due = mailroom.due(NOW + 25)
    assert [(at - NOW, m is first) for at, m in due] == [(0, False), (10, False), (20, True), (20, False)]
    assert mailroom.due(NOW + 25) == []
    assert [at - NOW for at, _ in mailroom.due(NOW + 30)] == [30]


def test_a_cancelled_message_is_never_due():
    mailroom = Mailroom()
    message = _message(NOW + 5)
    mailroom.schedule(message)
    message.cancelled = True
    assert mailroom.due(NOW + 10) == [] and message.status == "cancelled"


def test_placeholders_are_filled_and_unknown_ones_stay():
    assert fill("Hi {name}, {count} new {thing}", {"name": "Ann", "count": 3}) == "Hi Ann, 3 new {thing}"


@pytest.mark.parametrize(
    "body, values",
    [({"templateValues": {"a": 1}}, {"a": 1}), ({"a": 1}, {"a": 1}), ({}, {}), (None, {}),
     ({"templateValues": None}, {})],
)
def test_template_values_come_in_three_body_shapes(body, values):
    assert template_values(body) == values


@pytest.mark.parametrize("body", [[1], "x", {"templateValues": [1]}])
def test_template_values_of_another_shape_are_8002(body):
    with pytest.raises(BackendlessError) as exc:
        template_values(body)
    assert exc.value.code == 8002


def test_a_template_shows_each_platform_its_options_and_pushes_their_headers():
    template = make_template(
        "promo", "Hi {name}", platforms=["ios"],
        ios={"alertTitle": "T", "customHeaders": {"k": "v"}}, android={"contentTitle": "A"},
    )
    assert template.device_view("IOS") == {"name": "promo", "alertTitle": "T", "customHeaders": {"k": "v"}}
    assert template.headers() == {"android-content-title": "A", "ios-alert-title": "T", "k": "v"}
    assert template.mask() == 1 | 8


@pytest.mark.parametrize(
    "args, fields",
    [(("", "m"), {}), (("n", 5), {}), (("n", "m"), {"platforms": ["TV"]}),
     (("n", "m"), {"channel": "a/b"}), (("n", "m"), {"ios": [1]}), (("n", "m"), {"platforms": "IOS"})],
)
def test_a_bad_template_is_a_value_error(args, fields):
    with pytest.raises(ValueError):
        make_template(*args, **fields)
