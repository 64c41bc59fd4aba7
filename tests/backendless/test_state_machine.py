"""Random register / re-register / retrieve / cancel / clock sequences against a reference model.

The model below is written from the documented rules alone (docs/backendless.md), not from the store's code; the
machine drives the fake through the Flask test client, in both URL forms and both
profiles, and checks every answer and the rows the fake holds after every step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, precondition, rule

from .helpers import ERRORS, FrozenFakeMachine

DEVICE_IDS = ["d1", "d2", "d/3"]
CHANNELS = ["default", "news", "alerts", "sport"]
USERS = ["USER-A", "USER-B"]
ABSENT = "absent"  # the key is left out of the body


@dataclass
class ModelRow:
    object_id: str
    expiration: int | None
    owner: str | None


@dataclass
class ModelDevice:
    token: str
    os: str
    os_version: str
    rows: dict[str, ModelRow] = field(default_factory=dict)  # channel -> row, oldest first


class RegistrationsMachine(FrozenFakeMachine):
    def __init__(self) -> None:
        super().__init__()
        self.devices: dict[str, ModelDevice] = {}
        self.seen_ids: set[str] = set()
        self.tokens: dict[str, str] = {}

    @initialize(profile=st.sampled_from(["docs", "sdk"]))
    def choose_profile(self, profile: str) -> None:
        self.state.set_profile(profile)
        app = self.state.backendless.app_by_id()
        for user in USERS:
            self.tokens[user] = self.state.backendless.login(app, user)["user-token"]

    # -- the model ------------------------------------------------------------------------

    def _prune(self) -> None:
        """The clock only moves forward here, so dropping expired rows at once is the same
        as the fake's lazy expiry."""
        for device_id in list(self.devices):
            device = self.devices[device_id]
            device.rows = {
                ch: row
                for ch, row in device.rows.items()
                if row.expiration is None or row.expiration > self.now
            }
            if not device.rows:
                del self.devices[device_id]

    def _expect_error(self, response, code: int) -> None:
        assert response.status_code == 400, (response.status_code, response.get_json())
        body = response.get_json()
        assert body["code"] == code
        if code in ERRORS:
            assert body["message"] == ERRORS[code]

    # -- rules ----------------------------------------------------------------------------

    @rule(
        form=st.sampled_from(["path", "domain"]),
        device_id=st.sampled_from(DEVICE_IDS),
        token=st.sampled_from(["tok-1", "tok-2"]),
        os=st.sampled_from(["IOS", "ANDROID"]),
        os_version=st.sampled_from(["1", "2"]),
        channels=st.one_of(
            st.just(ABSENT), st.none(), st.lists(st.sampled_from(CHANNELS), max_size=5)
        ),
        expiration=st.one_of(
            st.just(ABSENT),
            st.none(),
            st.integers(min_value=1, max_value=120_000).map(lambda d: ("ahead", d)),
            st.integers(min_value=0, max_value=5_000).map(lambda d: ("behind", d)),
        ),
        user=st.sampled_from([None, *USERS]),
    )
    def register(self, form, device_id, token, os, os_version, channels, expiration, user):
        body = {"deviceId": device_id, "deviceToken": token, "os": os, "osVersion": os_version}
        if channels is not ABSENT:
            body["channels"] = channels
        expires_at: int | None = None
        if expiration is not ABSENT:
            if expiration is None:
                body["expiration"] = None
            else:
                direction, delta = expiration
                expires_at = self.now + delta if direction == "ahead" else self.now - delta
                body["expiration"] = expires_at
        headers = {"user-token": self.tokens[user]} if user else None
        response = self.forms[form].register(body, headers=headers)

        self._prune()
        if expires_at is not None and expires_at <= self.now:
            self._expect_error(response, 5004)
            return
        assert response.status_code == 200, response.get_json()
        given = [] if channels in (ABSENT, None) else channels
        named = list(dict.fromkeys(given)) or ["default"]
        pairs = [p.split("::", 1) for p in response.get_json()["registrationId"].split(",")]
        assert [ch for _, ch in pairs] == named

        device = self.devices.get(device_id)
        if device is None:
            device = self.devices[device_id] = ModelDevice(token, os, os_version)
        device.token, device.os, device.os_version = token, os, os_version
        for object_id, channel in pairs:
            row = device.rows.get(channel)
            if row is None:
                assert object_id not in self.seen_ids, "a new row must get a new objectId"
                assert object_id == object_id.upper() and len(object_id) == 36
                self.seen_ids.add(object_id)
                device.rows[channel] = ModelRow(object_id, expires_at, user)
            else:
                assert object_id == row.object_id, "an upsert keeps the row's objectId"
                row.expiration = expires_at
                if user is not None:
                    row.owner = user

    @rule(form=st.sampled_from(["path", "domain"]), device_id=st.sampled_from(DEVICE_IDS))
    def retrieve(self, form, device_id):
        response = self.forms[form].retrieve(device_id)
        self._prune()
        device = self.devices.get(device_id)
        if device is None:
            self._expect_error(response, 5000)
            return
        assert response.status_code == 200
        expirations = [row.expiration for row in device.rows.values()]
        expected = {
            "deviceToken": device.token,
            "deviceId": device_id,
            "os": device.os,
            "osVersion": device.os_version,
            "channels": list(device.rows),
            "expiration": None if None in expirations else max(expirations),
        }
        if self.state.profile == "sdk":
            first = next(iter(device.rows.values())).object_id
            assert response.get_json() == [{"id": first, **expected}]
        else:
            assert response.get_json() == expected

    @rule(form=st.sampled_from(["path", "domain"]), device_id=st.sampled_from(DEVICE_IDS))
    def cancel(self, form, device_id):
        response = self.forms[form].cancel(device_id)
        self._prune()
        if device_id not in self.devices:
            self._expect_error(response, 5001)
            return
        assert response.status_code == 200
        assert response.get_json() == {"result": True}
        del self.devices[device_id]

    @rule(ms=st.integers(min_value=1, max_value=60_000))
    def advance_the_clock(self, ms):
        self.state.clock.advance(ms)
        self.now += ms

    def _coming_expirations(self) -> list[int]:
        return sorted(
            {
                row.expiration
                for device in self.devices.values()
                for row in device.rows.values()
                if row.expiration is not None and row.expiration > self.now
            }
        )

    @precondition(lambda self: bool(self._coming_expirations()))
    @rule(data=st.data())
    def advance_the_clock_to_an_expiration(self, data):
        """Land exactly on a row's expiration: it is gone at that instant, not a ms later."""
        target = data.draw(st.sampled_from(self._coming_expirations()))
        self.advance_the_clock(target - self.now)

    @precondition(lambda self: bool(self.devices))
    @rule(form=st.sampled_from(["path", "domain"]), channel=st.sampled_from(["", "a/b", "x\x7f"]))
    def register_a_bad_channel_changes_nothing(self, form, channel):
        device_id = next(iter(self.devices))
        before = self.state.export()
        body = {
            "deviceId": device_id,
            "deviceToken": "other",
            "os": "X",
            "osVersion": "9",
            "channels": ["brand-new", channel],
        }
        self._expect_error(self.forms[form].register(body), 5044)
        assert self.state.export() == before

    # -- what the fake holds --------------------------------------------------------------

    @invariant()
    def rows_match_the_model(self):
        self._prune()
        rows = self.state.backendless.registrations(self.state.backendless.app_by_id())
        actual = sorted(
            (
                r["deviceId"],
                r["channel"],
                r["objectId"],
                r["expiration"],
                r["ownerId"],
                r["deviceToken"],
                r["os"],
                r["osVersion"],
            )
            for r in rows
        )
        expected = sorted(
            (
                device_id,
                channel,
                row.object_id,
                row.expiration,
                row.owner,
                device.token,
                device.os,
                device.os_version,
            )
            for device_id, device in self.devices.items()
            for channel, row in device.rows.items()
        )
        assert actual == expected


RegistrationsMachine.TestCase.settings = settings(
    max_examples=75,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestRegistrationsMachine = RegistrationsMachine.TestCase
