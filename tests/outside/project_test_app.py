"""A new user's test module: copied into a project outside this repository by test_new_user_flow.py.

It uses fakepush only as installed from its wheel: the fixtures with default settings, the
official Sendbird SDK, a client with hard-coded provider URLs, a property test, and one
call the fake does not know. ``mypy --strict`` must pass on it.
"""

from __future__ import annotations

import httpx
import sendbird_platform_sdk as sb  # type: ignore[import-untyped]  # the SDK ships no py.typed
from hypothesis import given, settings
from hypothesis import strategies as st
from sendbird_platform_sdk.api.user_api import UserApi  # type: ignore[import-untyped]
from sendbird_platform_sdk.model.add_a_registration_or_device_token_request import (  # type: ignore[import-untyped]
    AddARegistrationOrDeviceTokenRequest,
)
from sendbird_platform_sdk.model.create_a_user_request import (  # type: ignore[import-untyped]
    CreateAUserRequest,
)

from fakepush import FakePush


def register_device(device_id: str, token: str, app_id: str, api_key: str) -> int:
    """The app under test: it hard-codes the real Backendless URL."""
    answer = httpx.post(
        f"https://api.backendless.com/{app_id}/{api_key}/messaging/registrations",
        json={"deviceId": device_id, "deviceToken": token, "os": "ANDROID", "osVersion": "14"},
    )
    return answer.status_code


def test_the_official_sendbird_sdk_with_default_settings(fakepush: FakePush) -> None:
    api = UserApi(sb.ApiClient(sb.Configuration(host=fakepush.sendbird.host)))
    token = fakepush.sendbird.api_token
    api.create_a_user(
        api_token=token,
        create_a_user_request=CreateAUserRequest(user_id="alice", nickname="A", profile_url=""),
    )
    api.add_a_registration_or_device_token(
        "alice",
        "gcm",
        api_token=token,
        add_a_registration_or_device_token_request=AddARegistrationOrDeviceTokenRequest(
            gcm_reg_token="fcm-1"
        ),
    )
    first: str = fakepush.sendbird.tokens("alice", "gcm")[0]
    assert first == "fcm-1"
    removed = api.remove_a_registration_or_device_token("alice", "gcm", "fcm-1", api_token=token)
    assert removed.token == "fcm-1"
    assert fakepush.sendbird.tokens("alice", "gcm") == []
    (record,) = fakepush.journal.filter(method="DELETE")
    assert record["profile"] == "sdk"


def test_a_hard_coded_url_client_through_interception(
    fakepush_intercept: FakePush, fakepush: FakePush
) -> None:
    status = register_device(
        "phone-1", "tok-1", fakepush.backendless.app_id, fakepush.backendless.api_key
    )
    assert status == 200
    device = fakepush.backendless.device("phone-1")
    assert device is not None and device["deviceToken"] == "tok-1"


@settings(max_examples=10, deadline=None)
@given(user_ids=st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), unique=True, max_size=4))
def test_a_property_through_fresh(fakepush_server: FakePush, user_ids: list[str]) -> None:
    with fakepush_server.fresh() as fake:
        client = fake.client()
        for user_id in user_ids:
            client.post(
                "/v3/users",
                headers={"Api-Token": fake.sendbird.api_token},
                json={"user_id": user_id, "nickname": user_id, "profile_url": ""},
            )
        assert sorted(u["user_id"] for u in fake.sendbird.users()) == sorted(user_ids)


def test_a_call_the_fake_does_not_know(fakepush: FakePush) -> None:
    httpx.get(f"{fakepush.url}/v3/users/alice/push_preference_typo")
