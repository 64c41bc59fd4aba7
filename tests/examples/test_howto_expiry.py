"""README, "Use it in pytest": registrations expire on the fake's clock, which follows freezegun."""

from datetime import UTC, datetime, timedelta

from freezegun import freeze_time


def test_registration_expires(fakepush_client, fakepush):
    registrations = (
        f"/{fakepush.backendless.app_id}/{fakepush.backendless.api_key}/messaging/registrations"
    )
    start = datetime(2030, 1, 1, tzinfo=UTC)
    with freeze_time(start) as frozen:
        in_one_hour = int((start + timedelta(hours=1)).timestamp() * 1000)  # epoch ms
        fakepush_client.post(
            registrations,
            json={
                "deviceId": "phone-1",
                "deviceToken": "tok-1",
                "os": "IOS",
                "osVersion": "17",
                "expiration": in_one_hour,
            },
        )

        frozen.tick(timedelta(hours=1))

        response = fakepush_client.get(f"{registrations}/phone-1")
        assert response.json["code"] == 5000  # unknown device ID: it expired


def test_registration_expires_without_freezegun(fakepush_client, fakepush):
    registrations = (
        f"/{fakepush.backendless.app_id}/{fakepush.backendless.api_key}/messaging/registrations"
    )
    fakepush.clock.freeze(datetime(2030, 1, 1, tzinfo=UTC))
    fakepush_client.post(
        registrations,
        json={
            "deviceId": "phone-1",
            "deviceToken": "tok-1",
            "os": "IOS",
            "osVersion": "17",
            "expiration": int(fakepush.clock.now().timestamp() * 1000) + 60_000,
        },
    )

    fakepush.clock.advance(timedelta(minutes=1))

    assert fakepush.backendless.device("phone-1") is None
