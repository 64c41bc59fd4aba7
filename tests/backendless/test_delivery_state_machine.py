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
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from fakepush import create_app
from fakepush.state import FakeState

from .helpers import NOW_MS, domain_form, path_form

DEVICE_IDS = ["d1", "d2", "d3"]
CHANNELS = ["default", "news"]
OSES = {"ANDROID": "FCM", "IOS": "APNS", "WP": "WNS"}


@dataclass
class ModelMessage:
    message_id: str
    channel: str
    due: int
    cancelled: bool = False
    delivered: bool = False


class DeliveryMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.state = FakeState()
        self.now = NOW_MS
        self.state.clock.freeze(self.now)
        self.client = create_app(self.state).test_client()
        self.forms = {"path": path_form(self.client), "domain": domain_form(self.client)}
        # (device, channel) -> created; device -> (token, os)
        self.rows: dict[tuple[str, str], int] = {}
        self.devices: dict[str, tuple[str, str]] = {}
        self.messages: list[ModelMessage] = []
        self.expected: list[tuple[str, int, str, str, str]] = []
        self.tokens = 0

    # -- the model's lazy delivery -------------------------------------------------------

    def deliver_due(self) -> None:
        due = [m for m in self.messages if not m.delivered and not m.cancelled and m.due <= self.now]
        for message in sorted(due, key=lambda m: m.due):  # stable: ties in publish order
            message.delivered = True
            for (device_id, channel), created in self.rows.items():
                if channel == message.channel and created <= message.due:
                    token, os = self.devices[device_id]
                    self.expected.append((message.message_id, message.due, device_id, token, OSES[os]))

    # -- rules ---------------------------------------------------------------------------

    @rule(form=st.sampled_from(["path", "domain"]), device_id=st.sampled_from(DEVICE_IDS),
          channels=st.lists(st.sampled_from(CHANNELS), min_size=1, max_size=2, unique=True),
          os=st.sampled_from(sorted(OSES)))
    def register(self, form, device_id, channels, os):
        self.deliver_due()
        self.tokens += 1
        token = f"tok-{self.tokens}"
        body = {"deviceId": device_id, "deviceToken": token, "os": os, "osVersion": "1",
                "channels": channels}
        assert self.forms[form].register(body).status_code == 200
        self.devices[device_id] = (token, os)
        for channel in channels:
            self.rows.setdefault((device_id, channel), self.now)

    @rule(form=st.sampled_from(["path", "domain"]), device_id=st.sampled_from(DEVICE_IDS))
    def cancel(self, form, device_id):
        self.deliver_due()
        response = self.forms[form].cancel(device_id)
        known = any(d == device_id for d, _ in self.rows)
        assert response.status_code == (200 if known else 400)
        for key in [k for k in self.rows if k[0] == device_id]:
            del self.rows[key]
        if known:
            del self.devices[device_id]

    @rule(form=st.sampled_from(["path", "domain"]), channel=st.sampled_from(CHANNELS),
          delay=st.one_of(st.none(), st.integers(1, 50_000)))
    def publish(self, form, channel, delay):
        self.deliver_due()
        body = {"message": "m"}
        if delay is not None:
            body["publishAt"] = self.now + delay
        response = self.forms[form].publish(channel, body)
        assert response.status_code == 200
        due = self.now if delay is None else self.now + delay
        self.messages.append(ModelMessage(response.get_json()["messageId"], channel, due))
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
        pending = not message.delivered and not message.cancelled
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
                        else "published" if message.delivered else "scheduled")
            assert status == expected, message


DeliveryMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_delivery_matches_the_model = DeliveryMachine.TestCase
