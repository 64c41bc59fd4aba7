"""Random register / cancel / publish / scheduled publish / clock moves / cancel message
sequences against a model of the outbox.

The model is written from the delivery rules alone: a message reaches every row on its
channel that existed at its due time (created not after it), one push per row, with the
device's token at that time; a scheduled message is delivered lazily, before the next
request or read, and never once cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule

from .helpers import FrozenFakeMachine

DEVICE_IDS = ["d1", "d2", "d3"]
CHANNELS = ["default", "news"]
OSES = {"ANDROID": "FCM", "IOS": "APNS", "WP": "WNS"}


@dataclass
class ModelMessage:
    message_id: str
    channel: str
    due: int | None  # the next due time; None once delivered for good
    period: int | None = None
    cancelled: bool = False
    deliveries: int = 0


class DeliveryMachine(FrozenFakeMachine):
    def __init__(self) -> None:
        super().__init__()
        # (device, channel) -> (created, expiration); device -> (token, os)
        self.rows: dict[tuple[str, str], tuple[int, int | None]] = {}
        self.devices: dict[str, tuple[str, str]] = {}
        self.messages: list[ModelMessage] = []
        self.expected: list[tuple[str, int, str, str, str]] = []
        self.tokens = 0

    # -- the model's lazy delivery -------------------------------------------------------

    def deliver_due(self) -> None:
        due = []
        for order, message in enumerate(self.messages):
            while not message.cancelled and message.due is not None and message.due <= self.now:
                due.append((message.due, order, message))
                message.due = None if message.period is None else message.due + message.period
        for at, _, message in sorted(due, key=lambda d: d[:2]):
            message.deliveries += 1
            for (device_id, channel), (created, expiration) in self.rows.items():
                live = created <= at and (expiration is None or expiration > at)
                if channel == message.channel and live:
                    token, os = self.devices[device_id]
                    self.expected.append((message.message_id, at, device_id, token, OSES[os]))

    def live(self, key: tuple[str, str]) -> bool:
        row = self.rows.get(key)
        return row is not None and (row[1] is None or row[1] > self.now)

    def forget_expired(self) -> None:
        """The fake removes expired rows when their device is touched; so does the model."""
        for key in [k for k in self.rows if not self.live(k)]:
            del self.rows[key]

    # -- rules ---------------------------------------------------------------------------

    @rule(form=st.sampled_from(["path", "domain"]), device_id=st.sampled_from(DEVICE_IDS),
          channels=st.lists(st.sampled_from(CHANNELS), min_size=1, max_size=2, unique=True),
          os=st.sampled_from(sorted(OSES)),
          lifetime=st.one_of(st.none(), st.integers(1, 60_000)))
    def register(self, form, device_id, channels, os, lifetime):
        self.deliver_due()
        self.forget_expired()
        self.tokens += 1
        token = f"tok-{self.tokens}"
        body = {"deviceId": device_id, "deviceToken": token, "os": os, "osVersion": "1",
                "channels": channels}
        expiration = None if lifetime is None else self.now + lifetime
        if expiration is not None:
            body["expiration"] = expiration
        assert self.forms[form].register(body).status_code == 200
        self.devices[device_id] = (token, os)
        for channel in channels:
            created = self.rows.get((device_id, channel), (self.now, None))[0]
            self.rows[(device_id, channel)] = (created, expiration)

    @rule(form=st.sampled_from(["path", "domain"]), device_id=st.sampled_from(DEVICE_IDS))
    def cancel(self, form, device_id):
        self.deliver_due()
        self.forget_expired()
        response = self.forms[form].cancel(device_id)
        known = any(d == device_id for d, _ in self.rows)
        assert response.status_code == (200 if known else 400)
        for key in [k for k in self.rows if k[0] == device_id]:
            del self.rows[key]
        if known:
            del self.devices[device_id]

    @rule(form=st.sampled_from(["path", "domain"]), channel=st.sampled_from(CHANNELS),
          delay=st.one_of(st.none(), st.integers(1, 50_000)),
          every=st.one_of(st.none(), st.integers(5, 30)))
    def publish(self, form, channel, delay, every):
        self.deliver_due()
        body = {"message": "m"}
        if delay is not None:
            body["publishAt"] = self.now + delay
        if every is not None:
            body["repeatEvery"] = every
        response = self.forms[form].publish(channel, body)
        assert response.status_code == 200
        due = self.now if delay is None else self.now + delay
        period = None if every is None else every * 1000
        self.messages.append(ModelMessage(response.get_json()["messageId"], channel, due, period))
        self.deliver_due()

    @rule(ms=st.integers(0, 40_000))
    def move_clock(self, ms):
        self.now += ms
        self.state.clock.freeze(self.now)

    @precondition(lambda self: self.messages)
    @rule(form=st.sampled_from(["path", "domain"]), index=st.integers(0, 50))
    def cancel_message(self, form, index):
        self.deliver_due()
        message = self.messages[index % len(self.messages)]
        response = self.forms[form].cancel_message(message.message_id)
        pending = message.due is not None and not message.cancelled
        assert response.status_code == (200 if pending else 400)
        if pending:
            message.cancelled = True

    # -- what must hold after every step -------------------------------------------------

    @invariant()
    def outbox_matches_the_model(self):
        self.deliver_due()
        pushes = self.state.outbox.filter()
        got = [(p["message_id"], p["at"], p["device_id"], p["token"], p["service"]) for p in pushes]
        assert sorted(got) == sorted(self.expected)
        assert [p["at"] for p in pushes] == sorted(p["at"] for p in pushes)

    @invariant()
    def statuses_match_the_model(self):
        for message in self.messages:
            status = self.forms["path"].message_status(message.message_id).get_json()["status"]
            expected = ("cancelled" if message.cancelled
                        else "scheduled" if message.due is not None else "published")
            assert status == expected, message


DeliveryMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_delivery_matches_the_model = DeliveryMachine.TestCase
