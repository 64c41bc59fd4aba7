"""Properties of the Sendbird emulation, driven by fakepush.strategies."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakepush import FakePush
from fakepush.strategies import push_tokens, sendbird_users, token_bodies, token_types

pytestmark = pytest.mark.slow
SETTINGS = settings(max_examples=100, deadline=None)


@pytest.fixture(scope="module")
def fake():
    return FakePush()


@pytest.fixture(scope="module")
def client(fake):
    return fake.client()


def headers(fake) -> dict[str, str]:
    # The default Sendbird app's token (README.md).
    return {"Api-Token": "fakepush-api-token"}


@SETTINGS
@given(user=sendbird_users())
def test_every_created_user_round_trips_through_view(fake, client, user):
    fake.reset()
    created = client.post("/v3/users", json=user, headers=headers(fake))
    assert created.status_code == 200, created.json
    viewed = client.get(f"/v3/users/{quote(user['user_id'], safe='')}", headers=headers(fake))
    assert viewed.status_code == 200, viewed.json
    for key in ("user_id", "nickname", "profile_url"):
        assert created.json[key] == viewed.json[key] == user[key]


@SETTINGS
@given(user=sendbird_users(), token_type=token_types(), data=st.data())
def test_every_added_token_is_listed_and_owned(fake, client, user, token_type, data):
    fake.reset()
    assert client.post("/v3/users", json=user, headers=headers(fake)).status_code == 200
    body = data.draw(token_bodies(token_type))
    token = next(value for key, value in body.items() if key.endswith("token"))
    user_path = f"/v3/users/{quote(user['user_id'], safe='')}/push/{token_type}"
    added = client.post(user_path, json=body, headers=headers(fake))
    assert added.status_code == 200, added.json
    assert added.json["token"] == token
    assert client.get(user_path, headers=headers(fake)).json["tokens"] == [token]
    owners = client.get(
        f"/v3/push/device_tokens/{token_type}/{quote(token, safe='')}", headers=headers(fake)
    )
    assert owners.json == {"user_id": user["user_id"]}


@settings(max_examples=50, deadline=None)
@given(token_type=token_types(), data=st.data())
def test_push_tokens_fit_their_type(token_type, data):
    token = data.draw(push_tokens(token_type))
    assert token and "\n" not in token
    if token_type == "apns":
        assert len(token) == 64 and int(token, 16) >= 0
