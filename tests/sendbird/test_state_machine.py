"""Random sequences of Sendbird calls over HTTP, checked against a small reference model.

The model is written here from the documented rules (docs/sendbird.md), independently of the store: per user
and type a list of tokens oldest first (20 at most, oldest evicted), per (type, token) the
owners in the order they last added it. Profile ``sdk`` so the owners route shows them all.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from fakepush import create_app
from fakepush.state import FakeState
from fakepush.providers import ALL

HEADERS = {"Api-Token": "fakepush-api-token"}
TYPES = ("gcm", "huawei", "apns")
FIELDS = {"gcm": "gcm_reg_token", "huawei": "huawei_device_token", "apns": "apns_device_token"}
LIMIT = 20

user_ids = st.sampled_from(["u1", "u2", "a/b"])
# Few names and mostly one type, so that users share tokens often (owners, is_unique).
token_types = st.sampled_from(["gcm", "gcm", "apns", "huawei"])
tokens = st.sampled_from(["t0", "t1", "t:1/x"])


def q(segment: str) -> str:
    return quote(segment, safe="")


class SendbirdModel(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.state = FakeState(ALL, profile="sdk")
        self.client = create_app(self.state).test_client()
        self.users: dict[str, dict[str, list[str]]] = {}
        self.owners: dict[tuple[str, str], list[str]] = {}  # most recent owner last

    # -- the reference model ------------------------------------------------------------

    def _take(self, user_id: str, token_type: str, token: str) -> None:
        if token in self.users[user_id][token_type]:
            self.users[user_id][token_type].remove(token)
        owners = self.owners.get((token_type, token), [])
        if user_id in owners:
            owners.remove(user_id)
        if not owners:
            self.owners.pop((token_type, token), None)

    def _give(self, user_id: str, token_type: str, token: str, is_unique: bool) -> None:
        if is_unique:  # the user's other tokens of every type go; other users keep theirs
            for kind, held in self.users[user_id].items():
                for old in list(held):
                    self._take(user_id, kind, old)
        self._take(user_id, token_type, token)
        self.users[user_id][token_type].append(token)
        self.owners.setdefault((token_type, token), []).append(user_id)
        if len(self.users[user_id][token_type]) > LIMIT:
            self._take(user_id, token_type, self.users[user_id][token_type][0])

    # -- rules ---------------------------------------------------------------------------

    def _call(self, method: str, path: str, body: dict | None = None):
        return self.client.open(path, method=method, json=body, headers=HEADERS)

    @initialize()
    def two_users_to_share_tokens(self) -> None:
        for user_id in ("u1", "u2"):
            self.create_user(user_id)

    @rule(user_id=user_ids)
    def create_user(self, user_id: str) -> None:
        body = {"user_id": user_id, "nickname": user_id.upper(), "profile_url": ""}
        response = self._call("POST", "/v3/users", body)
        if user_id in self.users:
            assert response.json["code"] == 400202
        else:
            assert response.status_code == 200, response.json
            self.users[user_id] = {t: [] for t in TYPES}

    @rule(user_id=user_ids)
    def delete_user(self, user_id: str) -> None:
        response = self._call("DELETE", f"/v3/users/{q(user_id)}")
        if user_id not in self.users:
            assert response.json["code"] == 400201
            return
        assert response.json == {}
        for token_type in TYPES:
            for token in list(self.users[user_id][token_type]):
                self._take(user_id, token_type, token)
        del self.users[user_id]

    @rule(user_id=user_ids, token_type=token_types, token=tokens)
    def add_token_to_anyone(self, user_id: str, token_type: str, token: str) -> None:
        body = {FIELDS[token_type]: token}
        response = self._call("POST", f"/v3/users/{q(user_id)}/push/{token_type}", body)
        if user_id not in self.users:
            assert response.json["code"] == 400201
            return
        assert response.json["token"] == token
        self._give(user_id, token_type, token, False)

    @precondition(lambda self: self.users)
    @rule(data=st.data(), token_type=token_types, token=tokens, is_unique=st.booleans())
    def add_token(self, data, token_type: str, token: str, is_unique: bool) -> None:
        user_id = data.draw(st.sampled_from(sorted(self.users)))
        body = {FIELDS[token_type]: token, "is_unique": is_unique}
        response = self._call("POST", f"/v3/users/{q(user_id)}/push/{token_type}", body)
        assert response.json["token"] == token
        self._give(user_id, token_type, token, is_unique)

    @precondition(lambda self: self.users)
    @rule(
        data=st.data(),
        token_type=token_types,
        start=st.integers(0, 30),
        count=st.integers(1, 24),
    )
    def add_many_tokens(self, data, token_type: str, start: int, count: int) -> None:
        """Enough tokens in a row to reach the 20-per-type limit now and then."""
        user_id = data.draw(st.sampled_from(sorted(self.users)))
        for i in range(start, start + count):
            token = f"t{i}"
            response = self._call(
                "POST", f"/v3/users/{q(user_id)}/push/{token_type}", {FIELDS[token_type]: token}
            )
            assert response.status_code == 200
            self._give(user_id, token_type, token, False)

    @rule(user_id=user_ids, token_type=token_types, token=tokens)
    def remove_token(self, user_id: str, token_type: str, token: str) -> None:
        response = self._call("DELETE", f"/v3/users/{q(user_id)}/push/{token_type}/{q(token)}")
        if user_id not in self.users:
            assert response.json["code"] == 400201
            return
        assert response.json["token"] == token
        self._take(user_id, token_type, token)

    @rule(user_id=user_ids)
    def remove_all_tokens(self, user_id: str) -> None:
        response = self._call("DELETE", f"/v3/users/{q(user_id)}/push")
        if user_id not in self.users:
            assert response.json["code"] == 400201
            return
        assert response.json["user"]["user_id"] == user_id
        for token_type in TYPES:
            for token in list(self.users[user_id][token_type]):
                self._take(user_id, token_type, token)

    @rule(token_type=token_types, token=tokens, remove=st.booleans())
    def owners(self, token_type: str, token: str, remove: bool) -> None:
        method = "DELETE" if remove else "GET"
        response = self._call(method, f"/v3/push/device_tokens/{token_type}/{q(token)}")
        expected = self.owners.get((token_type, token))
        if not expected:
            assert response.json["code"] == 400201
            return
        assert response.json == [{"user_id": u} for u in reversed(expected)]
        if remove:
            for user_id in list(expected):
                self._take(user_id, token_type, token)

    # -- invariants ----------------------------------------------------------------------

    @invariant()
    def every_users_tokens_match_the_model(self) -> None:
        store = self.state.sendbird
        app = store.app_by_id()
        assert [u["user_id"] for u in store.users(app)] == list(self.users)
        for user_id, by_type in self.users.items():
            assert store.tokens(app, user_id) == by_type
            assert all(len(held) <= LIMIT for held in by_type.values())

    @invariant()
    def owners_match_the_model(self) -> None:
        app = self.state.sendbird.app_by_id()
        assert {k: list(v) for k, v in app.owners.items()} == self.owners


SendbirdModel.TestCase.settings = settings(
    max_examples=80,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestSendbirdModel = pytest.mark.slow(SendbirdModel.TestCase)
