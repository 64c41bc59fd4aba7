"""README, "Use it in pytest": the Flask test client, on the same state as the live server."""

import pytest


def test_register_then_cancel(fakepush_client, fakepush):
    registrations = (
        f"/{fakepush.backendless.app_id}/{fakepush.backendless.api_key}/messaging/registrations"
    )
    device = {"deviceId": "phone-1", "deviceToken": "tok-1", "os": "IOS", "osVersion": "17"}

    assert fakepush_client.post(registrations, json=device).status_code == 200
    assert fakepush_client.get(f"{registrations}/phone-1").json["channels"] == ["default"]
    assert fakepush_client.delete(f"{registrations}/phone-1").json == {"result": True}
    assert fakepush.backendless.registrations() == []


@pytest.mark.fakepush(profile="sdk")
def test_sdk_profile_answers_what_the_official_sdks_decode(fakepush_client, fakepush):
    registrations = (
        f"/{fakepush.backendless.app_id}/{fakepush.backendless.api_key}/messaging/registrations"
    )
    fakepush_client.post(
        registrations,
        json={
            "deviceId": "phone-1",
            "deviceToken": "tok-1",
            "os": "IOS",
            "osVersion": "17",
        },
    )

    (device,) = fakepush_client.get(f"{registrations}/phone-1").json  # a list in profile sdk
    assert device["deviceId"] == "phone-1" and "id" in device
