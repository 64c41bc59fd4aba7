"""README, "Use it in pytest": which devices a publish reached, with what."""


def test_publish_reaches_the_channels_devices(fakepush_client, fakepush):
    base = f"/{fakepush.backendless.app_id}/{fakepush.backendless.api_key}/messaging"
    for device_id, os in (("phone-1", "ANDROID"), ("phone-2", "IOS")):
        fakepush_client.post(
            f"{base}/registrations",
            json={"deviceId": device_id, "deviceToken": f"tok-{device_id}", "os": os,
                  "osVersion": "1", "channels": ["news"]},
        )

    # What your backend does: publish to the channel (pushes are in the outbox at once).
    fakepush_client.post(
        f"{base}/news", json={"message": "Hello", "headers": {"ios-alert-title": "News"}}
    )

    android, ios = fakepush.pushes.filter(channel="news")
    assert (android["token"], android["service"]) == ("tok-phone-1", "FCM")
    assert android["payload"] == {"ios-alert-title": "News", "message": "Hello"}
    assert ios["payload"]["aps"]["alert"] == {"title": "News", "body": "Hello"}
